import type { Page } from '@playwright/test';
import { MESSAGES } from '#shared/i18n/messages.ts';
import { expect, expectAccessible, openKiosk, signInToPanel, tapCard, test, answerConfirm } from './fixtures.ts';

async function shoot(page: Page, name: string) {
  for (const [w, h, label] of [[390, 844, 'phone'], [1280, 800, 'desktop'], [1920, 1080, 'wide']] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: `test-results/screens/${name}-${label}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

test('an operator names the mall in its languages; a Polish kiosk shows the translated interests; a used zone cannot go; a closed shop cannot sign in', async ({ page, newContext, hub }) => {
  await signInToPanel(page, hub);
  await page.getByRole('link', { name: 'Mall', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'The mall' })).toBeVisible();

  // A new zone, with its Polish name.
  const zones = page.getByRole('region', { name: 'Zones' });
  await zones.getByLabel('New zone', { exact: true }).fill('Roof terrace');
  await zones.locator('details').last().locator('summary').click();
  await zones.getByLabel('Roof terrace in polski', { exact: true }).fill('Taras na dachu');
  await zones.getByRole('button', { name: 'Add zone' }).click();
  await expect(zones.getByRole('status')).toHaveText('Added.');
  await expect(zones.getByLabel('Name of zone Roof terrace', { exact: true })).toHaveValue('Roof terrace');

  // Coffee, in Polish.
  const interests = page.getByRole('region', { name: 'Interests shoppers may choose' });
  const coffee = interests.getByRole('listitem').filter({ has: page.getByLabel('Name of interest Coffee', { exact: true }) });
  await coffee.locator('summary').click();
  await coffee.getByLabel('Coffee in polski', { exact: true }).fill('Kawa');
  await coffee.getByRole('button', { name: 'Save Coffee' }).click();
  await expect(interests.getByRole('status')).toHaveText('Saved Coffee.');

  // A zone a promotion, shops and a device use is refused, naming them.
  await zones.getByRole('button', { name: 'Remove Food court' }).click();
  await answerConfirm(page, 'confirm');
  await expect(zones.getByRole('alert')).toContainText('Food court is still used by');
  await expect(zones.getByRole('alert')).toContainText('Bean There Coffee');
  // A duplicate name is refused beside the field.
  await zones.getByLabel('Name of zone Fashion wing', { exact: true }).fill('main ENTRANCE');
  await zones.getByRole('button', { name: 'Save Fashion wing' }).click();
  await expect(zones.getByRole('alert').filter({ hasText: 'another zone is already called "Main entrance"' })).toBeVisible();
  await zones.getByLabel('Name of zone Fashion wing', { exact: true }).fill('Fashion wing');

  await expectAccessible(page, 'the Mall tab');
  await shoot(page, 'panel-mall');

  // The kiosk in Polish offers "Kawa".
  const { page: kiosk } = await openKiosk(await newContext(), hub);
  await kiosk.getByRole('button', { name: MESSAGES.pl.languageName }).click();
  await tapCard(kiosk, '4111111111111111');
  await kiosk.getByRole('button', { name: MESSAGES.pl.addDetails }).click();
  await expect(kiosk.getByRole('heading', { name: MESSAGES.pl.profileTitle })).toBeVisible();
  await expect(kiosk.getByLabel('Kawa')).toBeVisible();
  await expect(kiosk.getByLabel('Fashion', { exact: true })).toBeVisible();

  // Closing a shop: confirmed, then its user cannot sign in.
  const shops = page.getByRole('region', { name: 'Shops' });
  await shops.getByRole('button', { name: 'Close Bean There Coffee' }).click();
  await answerConfirm(page, 'confirm');
  await expect(shops.getByRole('status')).toHaveText('Bean There Coffee is closed.');
  await expect(shops.getByRole('button', { name: 'Reopen Bean There Coffee' })).toBeVisible();
  const shopPage = await (await newContext()).newPage();
  await shopPage.goto(`${hub.url}/panel`);
  await shopPage.getByLabel('Username').fill('bean-there');
  await shopPage.getByLabel('Password').fill('atrium-demo');
  await shopPage.getByRole('button', { name: 'Sign in' }).click();
  await expect(shopPage.getByRole('alert')).toContainText('This shop is closed');
});
