import { expect, pairFromPanel, signInToPanel, tapCard, test } from './fixtures.ts';

test.use({ hubConfig: { k: 2 } });

test('operator pairs a kiosk and a screen; card taps at the kiosk update the screen live', async ({ browser, hub }) => {
  const panel = await (await browser.newContext()).newPage();
  const kiosk = await (await browser.newContext()).newPage();
  const screen = await (await browser.newContext()).newPage();

  await signInToPanel(panel, hub);
  await pairFromPanel(panel, kiosk, `${hub.url}/kiosk`, 'Entrance kiosk', 'Main entrance');
  await pairFromPanel(panel, screen, `${hub.url}/screen`, 'Entrance screen', 'Main entrance');
  await expect(kiosk.getByRole('heading', { name: 'Welcome to the mall' })).toBeVisible();
  await expect(screen.getByTestId('present')).toHaveText('Enjoy your visit');
  // A marker that a reload would wipe: the count must arrive by push, not by reloading.
  await screen.evaluate(() => ((window as unknown as { marker: number }).marker = 42));

  for (const card of ['4111111111111111', '5500005555555559']) {
    await tapCard(kiosk, card);
    await expect(kiosk.getByRole('heading', { name: 'Join the mall pass' })).toBeVisible();
    await kiosk.getByLabel(/Count me, anonymously/).check();
    await kiosk.getByRole('button', { name: 'Join' }).click();
    await expect(kiosk.getByTestId('welcome')).toHaveText('Welcome!');
    await kiosk.getByRole('button', { name: 'Done' }).click();
  }

  await expect(screen.getByTestId('present')).toContainText('2 shoppers here right now');
  expect(await screen.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);

  await tapCard(kiosk, '4111111111111111');
  await expect(kiosk.getByTestId('welcome')).toHaveText('You’re checked in!');
  // Joined a moment ago and still here: the same visit (DESIGN.md, Visit).
  await expect(kiosk.getByTestId('visit-count')).toHaveText('Your first visit');
  await expect(panel.getByTestId('present-now')).toContainText('2 shoppers present');

  // The devices are listed as online in the panel.
  await panel.reload();
  await expect(panel.getByRole('row', { name: /Entrance kiosk/ })).toContainText('online');
});
