import { enrolShopper, pairMany } from '#server/testing/signage.ts';
import { expect, signInToPanel, test } from './fixtures.ts';

test('the dashboard’s check-ins by hour follow new check-ins from the live push, without fetching the dashboard again', async ({ hub, page }) => {
  const [kiosk] = await pairMany(hub.services, 'kiosk', 'entrance', 1);
  const socket = await hub.socket({ token: kiosk.token });
  const fetches: string[] = [];
  page.on('request', (r) => new URL(r.url()).pathname === '/api/dashboard' && fetches.push(r.url()));

  await page.setViewportSize({ width: 1280, height: 800 });
  await signInToPanel(page, hub);
  const todayTotal = () =>
    page.$$eval('table.hours tbody tr', (rows) => rows.reduce((sum, row) => sum + Number(row.querySelector('td')?.textContent ?? 0), 0));
  await expect(page.getByRole('heading', { name: /Check-ins by hour/ })).toBeVisible();
  expect(await todayTotal()).toBe(0);
  const loaded = fetches.length;
  expect(loaded).toBeGreaterThan(0);

  for (let i = 0; i < 3; i++) expect((await enrolShopper(socket)).ok).toBe(true);
  await expect.poll(todayTotal).toBe(3);
  await expect(page.getByTestId('present-now')).toContainText('fewer than');
  expect(fetches.length).toBe(loaded);
});
