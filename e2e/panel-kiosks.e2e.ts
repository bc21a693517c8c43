import AxeBuilder from '@axe-core/playwright';
import type { Device } from '#shared/schemas/devices.ts';
import { pairMany } from '#server/testing/signage.ts';
import { request } from '#server/testing/test-hub.ts';
import { expect, openKiosk, signInToPanel, test } from './fixtures.ts';

test('an operator sets a kiosk idle timeout and languages; the kiosk is told; bad values name the field', async ({ hub, page }) => {
  const [kiosk] = await pairMany(hub.services, 'kiosk', 'entrance', 1);
  const socket = await hub.socket({ token: kiosk.token });
  const hellos: Device[] = [];
  socket.on('device:hello', (d) => hellos.push(d));

  await page.setViewportSize({ width: 1280, height: 800 });
  await signInToPanel(page, hub);
  await page.getByRole('link', { name: 'Kiosks' }).click();
  const row = page.getByTestId('kiosk-row');
  await expect(row).toContainText('online');
  await expect(row).toContainText('30 s');
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  await page.getByRole('button', { name: `Settings of ${kiosk.device.name}` }).click();
  await page.getByLabel(/seconds idle/).fill('5');
  await page.getByRole('button', { name: `Save ${kiosk.device.name}` }).click();
  await expect(page.locator('.field-error')).toBeVisible();
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  await page.getByLabel(/seconds idle/).fill('90');
  await page.getByLabel('Polski').uncheck();
  await page.getByLabel('Name').fill('Entrance kiosk');
  await page.getByRole('button', { name: `Save ${kiosk.device.name}` }).click();
  await expect(row).toContainText('90 s');
  await expect(row).toContainText('Entrance kiosk');
  await expect.poll(() => hellos.at(-1)).toMatchObject({ name: 'Entrance kiosk', kiosk: { idleSeconds: 90, languages: ['en', 'cy', 'zh', 'kk', 'hu'] } });
});

test('a kiosk page applies the languages and idle timeout the operator set', async ({ hub, newContext }) => {
  const { page: kiosk, device } = await openKiosk(await newContext(), hub);
  const languages = kiosk.locator('nav.languages button');
  await expect(languages).toHaveCount(6);
  const cookie = await hub.login();
  const res = await hub.api(`/api/devices/${device.id}/settings`, { cookie, body: { languages: ['cy', 'pl'], idleSeconds: 15 } });
  expect(res.status).toBe(200);
  // Told over its socket: only the two languages remain, and the kiosk moves to the first of them.
  await expect(languages).toHaveCount(2);
  await expect(kiosk.getByRole('button', { name: 'Cymraeg' })).toHaveAttribute('aria-pressed', 'true');
});

test('kiosks’ status, last seen and offline queues are pushed to the panel live, with a dashboard total', async ({ hub, page }) => {
  const [kiosk] = await pairMany(hub.services, 'kiosk', 'entrance', 1);
  const socket = await hub.socket({ token: kiosk.token });

  await page.setViewportSize({ width: 1280, height: 800 });
  await signInToPanel(page, hub);
  await expect(page.getByTestId('kiosks-now')).toContainText('1 kiosk online, 0 offline');
  await expect(page.getByTestId('kiosk-queues')).toContainText('0 check-ins waiting');

  // The kiosk reports a queue: the dashboard total follows without a reload.
  expect(await request(socket, 'kiosk:status', { queued: 4 })).toEqual({ ok: true, data: {} });
  await expect(page.getByTestId('kiosk-queues')).toContainText('4 check-ins waiting');

  await page.getByRole('link', { name: 'Kiosks' }).click();
  const row = page.getByTestId('kiosk-row');
  await expect(row).toContainText('online');
  await expect(row).toContainText('now');
  await expect(row.getByTestId('kiosk-queue')).toHaveText('4 check-ins waiting');
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  // It goes away: offline, seen a moment ago, its last known queue still shown.
  socket.close();
  await expect(row).toContainText('OFFLINE');
  await expect(row).toContainText(/\d+ s ago/);
  await expect(row.getByTestId('kiosk-queue')).toHaveText('4 check-ins waiting');
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  // Back, with its queue replayed: online and empty.
  const again = await hub.socket({ token: kiosk.token });
  await request(again, 'kiosk:status', { queued: 0 });
  await expect(row).toContainText('online');
  await expect(row.getByTestId('kiosk-queue')).toHaveText('0 check-ins waiting');
  await page.getByRole('link', { name: 'Today & devices' }).click();
  await expect(page.getByTestId('kiosk-queues')).toContainText('0 check-ins waiting');
});

test('a kiosk’s “last seen” counts up on the hub’s clock with no new data, even when the browser’s clock is off', async ({ hub, page }) => {
  const [kiosk] = await pairMany(hub.services, 'kiosk', 'entrance', 1);
  const socket = await hub.socket({ token: kiosk.token });
  // This browser's clock is an hour fast: labels must still count from the hub's time.
  await page.clock.install({ time: Date.now() + 60 * 60_000 });
  await page.setViewportSize({ width: 1280, height: 800 });
  await signInToPanel(page, hub);
  await page.getByRole('link', { name: 'Kiosks' }).click();
  const row = page.getByTestId('kiosk-row');
  await expect(row).toContainText('online');
  socket.close();
  await expect(row).toContainText('OFFLINE');

  const seen = row.getByTestId('kiosk-last-seen');
  await expect(seen).toHaveText(/^\d+ s ago$/);
  const secondsAgo = async () => Number(/^(\d+) s ago$/.exec((await seen.textContent()) ?? '')?.[1] ?? NaN);
  const before = await secondsAgo();
  expect(before).toBeLessThan(60);
  // Nothing about the kiosk changes, so the hub pushes nothing; only the page's clock moves on.
  // (Less than Socket.io's ping timeout, which would otherwise fire and reconnect.)
  await page.clock.fastForward(15_000);
  await expect.poll(secondsAgo).toBeGreaterThanOrEqual(before + 15);
  await expect(seen).toHaveText(/^\d+ s ago$/);
});
