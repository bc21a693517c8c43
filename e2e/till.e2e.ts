import { randomUUID } from 'node:crypto';
import { enrolByTap } from '#server/testing/enrol.ts';
import { request } from '#server/testing/test-hub.ts';
import { expect, test } from './fixtures.ts';

test.use({ hubConfig: { k: 2, timezone: 'UTC' } });

test('the till: each scan gets its own clear answer; a refused redemption clears the offer and still records the visit', async ({ hub, page }) => {
  const kiosk = await hub.socket({ token: (await hub.pair('kiosk', 'entrance')).token });
  const passes: string[] = [];
  for (const card of ['4111111111111111', '5500005555555559']) {
    passes.push((await enrolByTap(kiosk, card)).passId);
  }
  const scanner = (passId: string) => page.keyboard.type(`${passId}\n`, { delay: 5 });
  const result = page.getByTestId('till-result');

  await page.goto(`${hub.url}/till`);
  await page.getByLabel('Username').fill('bean-there');
  await page.getByLabel('Password').fill('atrium-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const offers = page.getByLabel('Redeem an offer with the next scan');

  // A redeems the offer.
  await offers.selectOption({ label: 'Flat white, half price' });
  await offers.blur();
  await scanner(passes[0]);
  await expect(result).toHaveText('Visit recorded. Offer redeemed.');
  await expect(offers).toHaveValue('');

  // The same pass again at once, asking for the offer again: answered, not dropped; refused, with why.
  await offers.selectOption({ label: 'Flat white, half price' });
  await offers.blur();
  await scanner(passes[0]);
  await expect(result).toHaveText('Offer not redeemed: this shopper has already redeemed this offer. Already counted as a visit.');
  // The refused offer does not stay selected for the next shopper.
  await expect(offers).toHaveValue('');

  // B, just a visit; then B again at once: told so, not silence.
  await scanner(passes[1]);
  await expect(result).toHaveText('Visit recorded.');
  await scanner(passes[1]);
  await expect(result).toHaveText('Scanned again: already counted as a visit.');

  // A comes back to the shop after being elsewhere, and asks for the offer again: refused, but the visit counts.
  await request(kiosk, 'checkin:pass', { visitId: randomUUID(), passId: passes[0] });
  await offers.selectOption({ label: 'Flat white, half price' });
  await offers.blur();
  await scanner(passes[0]);
  await expect(result).toHaveText('Visit recorded. Offer not redeemed: this shopper has already redeemed this offer.');
});
