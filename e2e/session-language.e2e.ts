import { randomUUID } from 'node:crypto';
import { CONSENT_TEXT_VERSION } from '#shared/consent-texts.ts';
import { request } from '#server/testing/test-hub.ts';
import { expect, openKiosk, tapCard, test } from './fixtures.ts';

test('the language chosen on the attract screen holds for the session: Kazakh chosen, a welcome back in Kazakh; the stored language stays', async ({ newContext, hub }) => {
  const card = '4111111111111111';
  const setup = await hub.socket({ token: (await hub.pair('kiosk', 'food-court')).token });
  const tap = await request<any>(setup, 'checkin:tap', { visitId: randomUUID(), card });
  const joined = await request<any>(setup, 'shopper:enrol', {
    enrolTicket: tap.data.enrolTicket, visitId: randomUUID(), language: 'en', consentTextVersion: CONSENT_TEXT_VERSION, membership: true,
    consents: { analytics: true, marketing_email: false, marketing_sms: false },
  });
  setup.close();

  const { page } = await openKiosk(await newContext(), hub);
  await page.getByRole('button', { name: 'Қазақша' }).click();
  await tapCard(page, card);
  await expect(page.getByTestId('welcome')).toHaveText('Қайта қош келдіңіз!');
  expect(hub.services.shoppers.get(joined.data.passId)?.language).toBe('en');
});
