import { expect, openPanelTab, signInToPanel, test } from './fixtures.ts';

/*
 * A double click on a form's submit button sends it once (issue #17: the Pair button sent the
 * code twice; every panel form now waits for its answer, shared/ui/submit-once.ts).
 */

test('a double click on “Save promotion” and on “Invite” creates exactly one of each', async ({ page, hub }) => {
  const cookie = await hub.login();
  await signInToPanel(page, hub);
  await openPanelTab(page, 'Promotions');
  await expect(page.getByTestId('promotion-row').first()).toBeVisible();
  const before = hub.services.promotions.list().length;
  await page.getByRole('button', { name: 'New promotion' }).click();
  await page.getByLabel('Title', { exact: true }).fill('Clicked twice');
  await page.getByLabel('Text', { exact: true }).fill('Once is enough.');
  await page.getByRole('button', { name: 'Save promotion' }).dblclick();
  await expect(page.getByRole('rowheader', { name: 'Clicked twice' })).toHaveCount(1);
  // Both clicks have had their answer by now (the list is read after the save).
  await page.waitForLoadState('networkidle');
  expect(hub.services.promotions.list().filter((p) => p.title === 'Clicked twice')).toHaveLength(1);
  expect(hub.services.promotions.list()).toHaveLength(before + 1);

  // The second invitation of the same name would be refused beside the link the first made.
  await openPanelTab(page, 'Shops & users');
  await page.getByLabel('Username').fill('twice');
  await page.locator('#invite-role').selectOption('editor');
  await page.getByRole('button', { name: 'Invite' }).dblclick();
  await expect(page.getByText('Send this one-time link to twice')).toBeVisible();
  await page.waitForLoadState('networkidle');
  await expect(page.getByRole('alert')).toHaveCount(0);
  const users = (await hub.api('/api/users', { cookie })).body as { username: string }[];
  expect(users.filter((u) => u.username === 'twice')).toHaveLength(1);
});
