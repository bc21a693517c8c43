import AxeBuilder from '@axe-core/playwright';
import { enrolShopper, pairMany } from '../server/testing/signage.ts';
import { expect, signInToPanel, test } from './fixtures.ts';

test('an operator sees live segment counts and builds a segment with a live, K-suppressed preview', async ({ hub, page }) => {
  const [kiosk] = await pairMany(hub.services, 'kiosk', 'food-court', 1);
  const k = await hub.socket({ token: kiosk.token });
  for (let i = 0; i < 5; i++) expect((await enrolShopper(k, { interests: ['coffee'] })).ok).toBe(true);
  expect((await enrolShopper(k, { interests: ['books'] })).ok).toBe(true);

  await page.setViewportSize({ width: 1280, height: 800 });
  await signInToPanel(page, hub);
  await page.getByRole('link', { name: 'Segments' }).click();
  await expect(page.getByRole('row', { name: /Likes Coffee/ })).toContainText('5');
  await expect(page.getByRole('row', { name: /Likes Books/ })).toContainText('fewer than 5');
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  // Saving with no name and no values is refused in the form, naming the fields.
  await page.getByRole('button', { name: 'Save segment' }).click();
  await expect(page.locator('.field-error').first()).toBeVisible();

  await page.getByLabel('Name', { exact: true }).fill('Coffee people');
  await page.getByLabel('Is any of (ids, comma-separated)').fill('coffee');
  await expect(page.getByTestId('segment-preview')).toHaveText('Here now: 5');
  await page.getByLabel('Is any of (ids, comma-separated)').fill('books');
  await expect(page.getByTestId('segment-preview')).toHaveText('Here now: fewer than 5');
  await page.getByLabel('Is any of (ids, comma-separated)').fill('coffee');

  // A second condition by keyboard: visits in the last 60 days, at most 0 — nobody matches all.
  await page.getByRole('button', { name: 'Add a condition' }).press('Enter');
  await page.locator('#c1-kind').selectOption('visits');
  await page.locator('#c1-within').fill('90');
  await expect(page.locator('.field-error')).toBeVisible();
  await page.locator('#c1-within').fill('60');
  await page.locator('#c1-max').fill('0');
  await expect(page.getByTestId('segment-preview')).toHaveText('Here now: fewer than 5');
  await page.getByRole('button', { name: 'Remove condition 2' }).click();
  await expect(page.getByTestId('segment-preview')).toHaveText('Here now: 5');
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  await page.getByRole('button', { name: 'Save segment' }).click();
  await expect(page.getByTestId('custom-segment')).toContainText('Coffee people');
  await expect(page.getByTestId('custom-segment')).toContainText('5');
  expect(hub.services.promotions.customSegments.map((s) => s.id)).toEqual(['custom:coffee-people']);

  await page.setViewportSize({ width: 820, height: 1180 });
  await expect(page.getByRole('button', { name: 'Save segment' })).toBeVisible();
});
