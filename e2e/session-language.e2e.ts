import { enrolByTap } from '#server/testing/enrol.ts';
import { MESSAGES } from '#shared/i18n/messages.ts';
import { expect, openKiosk, tapCard, test } from './fixtures.ts';

test('the language chosen on the attract screen holds for the session: Kazakh chosen, a member greeted in Kazakh; the stored language stays', async ({ newContext, hub }) => {
  const card = '4111111111111111';
  const setup = await hub.socket({ token: (await hub.pair('kiosk', 'food-court')).token });
  const joined = await enrolByTap(setup, card);
  setup.close();

  const { page } = await openKiosk(await newContext(), hub);
  await page.getByRole('button', { name: 'Қазақша' }).click();
  await tapCard(page, card);
  // Still the visit of joining, so the greeting is "You're checked in!" (kiosk/src/welcome.ts), in Kazakh.
  await expect(page.getByTestId('welcome')).toHaveText(MESSAGES.kk.checkedInAlready);
  expect(hub.services.shoppers.get(joined.passId)?.language).toBe('en');
});
