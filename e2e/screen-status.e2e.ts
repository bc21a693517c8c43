import type { Promotion } from '#shared/schemas/promotions.ts';
import type { ScreenStatus } from '#shared/schemas/screens.ts';
import { HEARTBEAT_MS } from '#shared/signage-limits.ts';
import { expect, signInToPanel, test } from './fixtures.ts';
import { pairScreenByApi } from './screen-helpers.ts';

test('the Screens tab tells the truth: online from the first heartbeat, showing what is on the glass, change → on screen only for changes sent while connected', async ({ browser, hub, page }) => {
  test.setTimeout(120_000);
  const cookie = await hub.login();
  const statusOf = async (id: string) => ((await hub.api('/api/screens/status', { cookie })).body as ScreenStatus[]).find((s) => s.screenId === id)!;
  /** Retitles the house promotions, so every screen's content changes. */
  const retitle = async (title: string) => {
    const promos = (await hub.api('/api/promotions', { cookie })).body as (Promotion & { house: boolean })[];
    for (const p of promos.filter((x) => x.house)) {
      const { id, status, createdAt, updatedAt, ...fields } = p;
      expect((await hub.api(`/api/promotions/${id}`, { method: 'PUT', cookie, body: { ...fields, title: `${title}: ${p.id.slice(0, 6)}` } })).status).toBe(200);
    }
  };

  await page.setViewportSize({ width: 1280, height: 800 });
  await signInToPanel(page, hub);
  await page.getByRole('link', { name: 'Screens' }).click();

  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  let screen = await context.newPage();
  const id = await pairScreenByApi(screen, hub.url, (path, body) => hub.api(path, { body, cookie }), 'entrance');
  const row = page.locator(`[data-screen-id="${id}"]`);
  await expect(screen.locator('main')).toHaveAttribute('data-link', 'online');
  // Online from the first heartbeat, which the screen sends as it connects rather than a beat
  // period later: the first one the hub heard came from a page younger than one period.
  await expect(row.getByText('online', { exact: true })).toBeVisible();
  expect((await statusOf(id)).heartbeat!.uptimeMs).toBeLessThan(HEARTBEAT_MS);
  // Showing now names what the screen has on the glass.
  const onGlass = async () => (await screen.getByTestId('slide').last().getByRole('heading').textContent())!;
  await expect.poll(async () => (await row.getByTestId('showing').textContent()) === (await onGlass())).toBe(true);

  // A change while connected is measured.
  await retitle('Connected');
  await expect(screen.getByRole('heading', { name: /^Connected/ }).first()).toBeVisible();
  await expect(row.getByTestId('latency')).toHaveText(/^\d+ ms$/);
  await expect.poll(async () => (await row.getByTestId('showing').textContent())!).toMatch(/^Connected/);

  // The screen is closed long enough to be judged offline; the content changes meanwhile.
  await screen.close();
  await expect(row.getByText('OFFLINE')).toBeVisible({ timeout: 30_000 });
  await expect(row.getByTestId('showing')).toHaveText('—');
  await retitle('While away');

  // Back: online at once (its heartbeat on connecting, not 5 s of OFFLINE "31 s ago"); it
  // catches up with the change it missed, and that is not reported as change → on screen.
  screen = await context.newPage();
  await screen.goto(`${hub.url}/screen`);
  await expect(screen.locator('main')).toHaveAttribute('data-link', 'online');
  await expect(row.getByText('online', { exact: true })).toBeVisible();
  expect((await statusOf(id)).heartbeat!.uptimeMs).toBeLessThan(HEARTBEAT_MS);
  await expect(screen.getByRole('heading', { name: /^While away/ }).first()).toBeVisible();
  await expect.poll(async () => (await statusOf(id)).rendered?.hash).toBe((await statusOf(id)).delivered?.hash);
  expect((await statusOf(id)).latencyMs).toBeNull();
  await expect(row.getByTestId('latency')).toHaveText('—');
  await expect.poll(async () => (await row.getByTestId('showing').textContent())!).toMatch(/^While away/);

  // The next change while it is connected is measured again.
  await retitle('Again');
  await expect(screen.getByRole('heading', { name: /^Again/ }).first()).toBeVisible();
  await expect(row.getByTestId('latency')).toHaveText(/^\d+ ms$/);
  console.log(`change → on screen: ${(await statusOf(id)).latencyMs} ms`);
  await page.screenshot({ path: 'test-results/screens/panel-screens-status-1280.png', fullPage: true });
});
