import AxeBuilder from '@axe-core/playwright';
import { enrolShopper, pairMany } from '#server/testing/signage.ts';
import { expect, signInToPanel, test, answerConfirm } from './fixtures.ts';

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
  // Values are picked from the mall's list by name, never typed as ids.
  await expect(page.getByRole('group', { name: 'Is any of' }).getByRole('textbox')).toHaveCount(0);
  await page.getByRole('checkbox', { name: 'Coffee' }).check();
  await expect(page.getByTestId('segment-preview')).toHaveText('Here now: 5');
  await page.getByRole('checkbox', { name: 'Coffee' }).uncheck();
  await page.getByRole('checkbox', { name: 'Books' }).check();
  await expect(page.getByTestId('segment-preview')).toHaveText('Here now: fewer than 5');
  await page.getByRole('checkbox', { name: 'Books' }).uncheck();
  await page.getByRole('checkbox', { name: 'Coffee' }).check();

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

test('an operator edits a custom segment in the prefilled builder, then deletes it once no promotion targets it', async ({ hub, page }) => {
  const [kiosk] = await pairMany(hub.services, 'kiosk', 'food-court', 1);
  const k = await hub.socket({ token: kiosk.token });
  for (let i = 0; i < 5; i++) expect((await enrolShopper(k, { interests: ['coffee'] })).ok).toBe(true);
  const cookie = await hub.login();
  const rule = { match: 'all', conditions: [{ kind: 'profile', field: 'interests', anyOf: ['coffee'] }] };
  expect((await hub.api('/api/segments', { body: { id: 'custom:coffee-people', name: 'Coffee people', ...rule }, cookie })).status).toBe(201);
  const promo = await hub.api('/api/promotions', { body: { title: 'Flat white morning', segments: ['custom:coffee-people'], schedule: { from: '2026-01-01' } }, cookie });
  expect(promo.status).toBe(201);

  await page.setViewportSize({ width: 1280, height: 800 });
  await signInToPanel(page, hub);
  await page.getByRole('link', { name: 'Segments' }).click();
  const row = page.getByTestId('custom-segment').filter({ hasText: 'Coffee people' });
  await expect(row).toContainText('5');

  // Edit by keyboard: the builder opens with the saved name and rule, and focus on the name.
  await row.getByRole('button', { name: 'Edit Coffee people' }).press('Enter');
  await expect(page.getByRole('heading', { name: 'Edit Coffee people' })).toBeVisible();
  await expect(page.getByLabel('Name', { exact: true })).toBeFocused();
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Coffee people');
  await expect(page.getByRole('checkbox', { name: 'Coffee' })).toBeChecked();
  await expect(page.getByTestId('segment-preview')).toHaveText('Here now: 5');
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  // Same checks as creating: an empty name is refused in the form.
  await page.getByLabel('Name', { exact: true }).fill('');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.locator('.field-error').first()).toBeVisible();

  await page.getByLabel('Name', { exact: true }).fill('Book people');
  await page.getByRole('checkbox', { name: 'Coffee' }).uncheck();
  await page.getByRole('checkbox', { name: 'Books' }).check();
  await expect(page.getByTestId('segment-preview')).toHaveText('Here now: fewer than 5');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByTestId('segment-note')).toHaveText('Saved Book people');
  const edited = page.getByTestId('custom-segment').filter({ hasText: 'Book people' });
  await expect(edited).toContainText('custom:coffee-people');
  await expect(edited).toContainText('interests is any of books');
  await expect(edited).toContainText('fewer than 5');
  expect(hub.services.promotions.customSegments).toEqual([{ id: 'custom:coffee-people', name: 'Book people', match: 'all', conditions: [{ kind: 'profile', field: 'interests', anyOf: ['books'] }] }]);

  // A promotion still targets it: the delete is refused, naming the promotion.
  await edited.getByRole('button', { name: 'Delete Book people' }).click();
  await answerConfirm(page, 'confirm');
  await expect(page.getByTestId('segment-note')).toContainText('Flat white morning');
  await expect(edited).toBeVisible();

  expect((await hub.api(`/api/promotions/${promo.body.id}/archive`, { method: 'POST', cookie })).status).toBe(200);
  await edited.getByRole('button', { name: 'Delete Book people' }).click();
  await answerConfirm(page, 'confirm', 'Delete the segment Book people?');
  await expect(page.getByTestId('segment-note')).toHaveText('Deleted Book people');
  await expect(page.getByTestId('custom-segment')).toHaveCount(0);
  expect(hub.services.promotions.customSegments).toEqual([]);
  const today = new Date().toISOString().slice(0, 10);
  const log = (await hub.api(`/api/audit?from=${today}&to=${today}`, { cookie })).body as { action: string }[];
  expect(log.map((e) => e.action)).toEqual(expect.arrayContaining(['segment.update', 'segment.delete']));
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
});
