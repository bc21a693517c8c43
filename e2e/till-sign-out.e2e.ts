import { expect, test } from './fixtures.ts';

/**
 * A till is a shared PC at the counter and a sign-in lasts 12 hours: the shop's staff must be
 * able to sign out on the till itself. It had no way to, other than opening the panel.
 */
test('the till signs out: back to its sign-in form, and the session is over on the hub', async ({ hub, page }) => {
  await page.goto(`${hub.url}/till`);
  await page.getByLabel('Username').fill('bean-there');
  await page.getByLabel('Password').fill('atrium-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Scan a pass' })).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByTestId('till-shop')).toHaveCount(0);
  expect(await page.evaluate(async () => (await fetch('/api/auth/me')).status)).toBe(401);
  await page.reload();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
});
