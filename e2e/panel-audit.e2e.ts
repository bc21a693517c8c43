import { expect, expectAccessible, openPanelTab, signInToPanel, test } from './fixtures.ts';

/**
 * The audit log pages, searches and sorts on the hub (GET /api/audit/page): the browser holds one
 * page of 50, and every control asks the hub again. A week of 130 changes and the sign-ins.
 */
test('an operator pages, searches and sorts a long audit log, the hub answering each', async ({ hub, page }) => {
  for (let i = 0; i < 130; i++) {
    await hub.services.audit.record({ actor: `user:${['olga', 'ben', 'aisha'][i % 3]}`, action: 'screen.rename', target: `screen-${String(i).padStart(3, '0')}` });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await signInToPanel(page, hub);
  const asked: string[] = [];
  page.on('request', (r) => r.url().includes('/api/audit/page') && asked.push(new URL(r.url()).search));
  await openPanelTab(page, 'Audit log');
  const table = page.getByRole('region', { name: 'Audit entries' });
  const pages = page.getByRole('navigation', { name: 'Audit entries pages' });
  // 130 changes and the demo operator's sign-in.
  await expect(pages).toContainText('1–50 of 131');
  await expect(pages).toContainText('Page 1 of 3');
  await expect(table.getByRole('row')).toHaveCount(51);
  // Newest first: the sign-in came after the changes.
  await expect(table.getByRole('row').nth(1)).toContainText('auth.sign-in');
  await expect(table.getByRole('row').nth(2)).toContainText('screen-129');

  await pages.getByRole('button', { name: 'Next page' }).click();
  await expect(pages).toContainText('51–100 of 131');
  await expect(table.getByRole('row').nth(1)).toContainText('screen-080');
  expect(asked.at(-1)).toContain('page=1');

  await page.getByLabel('Search these entries').fill('aisha screen-1');
  await expect(pages).toContainText('1–10 of 10');
  expect(asked.at(-1)).toContain('q=aisha+screen-1');

  await page.getByRole('button', { name: /^Target/ }).click();
  await expect(table.getByRole('row').nth(1)).toContainText('screen-101');
  await page.getByRole('button', { name: /^Target/ }).click();
  await expect(table.getByRole('row').nth(1)).toContainText('screen-128');
  expect(asked.at(-1)).toContain('sort=target');
  expect(asked.at(-1)).toContain('dir=descending');
  await expectAccessible(page, 'the audit log searched and sorted');
});
