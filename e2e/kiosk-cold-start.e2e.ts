import type { Browser, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, type Plugin } from 'vite';
import { testCard } from '#server/testing/cards.ts';
import { enrolByTap } from '#server/testing/enrol.ts';
import { hubClient, type HubClient } from '#server/testing/test-hub.ts';
import { launchWithQrCamera } from './fake-camera.ts';
import { expect, tapCard, test } from './fixtures.ts';
import { HubProcess, ephemeralPort } from './hub-process.ts';
import { putBack, readQueue } from './kiosk-queue.ts';

const ROOT = resolve(import.meta.dirname, '..');

/** Every cache on the kiosk's origin, with the paths each holds. */
const readCaches = () =>
  caches.keys().then((keys) =>
    Promise.all(keys.map(async (k) => ({ name: k, paths: (await (await caches.open(k)).keys()).map((r) => new URL(r.url).pathname + new URL(r.url).search) }))),
  );

/** The kiosk's own script, as the page running now names it. */
const entryScript = () => document.querySelector<HTMLScriptElement>('script[type="module"][src*="/assets/kiosk-"]')?.getAttribute('src') ?? null;

/** The scanner's video (ready state, size, whether its stream is live) and when each asset was fetched (ms since the page began). */
const cameraState = () => {
  const video = document.querySelector('video');
  const stream = video?.srcObject as MediaStream | null | undefined;
  return {
    video: video && { readyState: video.readyState, width: video.videoWidth, paused: video.paused, time: video.currentTime, tracks: stream?.getTracks().map((t) => t.readyState) ?? null },
    assets: performance.getEntriesByType('resource').map((r) => `${new URL(r.name).pathname} at ${Math.round(r.startTime)} took ${Math.round(r.duration)}`).filter((a) => a.startsWith('/assets/')),
    now: Math.round(performance.now()),
  };
};

/** The file a dist's manifest gives for a source (the kiosk entry, the QR scanner). */
function builtFile(distDir: string, source: string): string {
  const manifest = JSON.parse(readFileSync(join(distDir, '.vite', 'manifest.json'), 'utf8')) as Record<string, { file: string }>;
  return `/${manifest[source].file}`;
}

/** Enrols a shopper by card through a kiosk socket (as a shopper joining at another kiosk would); returns the pass id. */
async function enrol(client: HubClient, kioskToken: string, card: string): Promise<string> {
  const kiosk = await client.socket({ token: kioskToken });
  try {
    return (await enrolByTap(kiosk, card)).passId;
  } finally {
    kiosk.close();
  }
}

/** Opens the kiosk page as the paired kiosk (its token already in place) and waits for its worker to have taken over. */
async function openKiosk(browser: Browser, url: string, token: string): Promise<Page> {
  const context = await browser.newContext();
  await context.addInitScript((t) => localStorage.setItem('atrium.kiosk.token', t), token);
  const page = await context.newPage();
  await page.goto(`${url}/kiosk`);
  await expect(page.getByRole('heading', { name: 'Welcome to the mall' })).toBeVisible();
  await expect.poll(() => page.evaluate(() => localStorage.getItem('atrium.kiosk.sealKey'))).toBeTruthy();
  // The worker is in control once it has every file in its cache (it activates only after that).
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 15_000 });
  return page;
}

test('a kiosk reloaded while the hub is down starts from its cache, takes a card tap and a pass scan, and the hub stores each once at its tap time', async () => {
  test.setTimeout(120_000);
  const dataRoot = await mkdtemp(join(tmpdir(), 'atrium-cold-'));
  // Every read a visit (window 0): this is about replays stored once, not about arrivals.
  const hub = new HubProcess(await ephemeralPort(), dataRoot, { ATRIUM_VISIT_WINDOW_MINUTES: '0' });
  let browser: Browser | undefined;
  try {
    await hub.start();
    const client = hubClient(hub.url);
    const cookie = await client.login();
    // Two members, who joined at another kiosk: one taps a card here, one shows their pass QR.
    const other = await client.pair('kiosk', 'food-court', 'Kiosk by the food court', cookie);
    const card = testCard(901);
    const cardPass = await enrol(client, other.token, card);
    const qrPass = await enrol(client, other.token, testCard(902));
    // The kiosk under test, set up by the operator: two languages, a 45 s idle timeout.
    const { token, device } = await client.pair('kiosk', 'entrance', 'Kiosk by the doors', cookie);
    expect((await client.api(`/api/devices/${device.id}/settings`, { cookie, body: { languages: ['en', 'cy'], idleSeconds: 45 } })).status).toBe(200);

    browser = await launchWithQrCamera(qrPass);
    const page = await openKiosk(browser, hub.url, token);
    const languages = page.getByRole('navigation').getByRole('button');
    await expect(languages).toHaveCount(2);

    // What the worker keeps: the page and every file of this build's kiosk, the QR scanner
    // included though the camera was never opened — and nothing from the API.
    const scanner = builtFile(join(ROOT, 'dist'), 'shared/client/qr-camera.ts');
    const loaded = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
    expect(loaded).not.toContain(scanner);
    const cached = (await page.evaluate(readCaches)).filter((c) => c.name.startsWith('atrium-kiosk-'));
    expect(cached).toHaveLength(1);
    expect(cached[0].paths).toEqual(expect.arrayContaining(['/kiosk', scanner, builtFile(join(ROOT, 'dist'), 'kiosk/index.html')]));
    expect(cached[0].paths.filter((p) => !p.startsWith('/assets/') && p !== '/kiosk')).toEqual([]);

    // The hub dies, and the kiosk is reloaded (a power blip, F5): its page comes from the worker.
    await hub.kill();
    await expect(page.getByTestId('offline')).toBeVisible();
    const reloaded = await page.reload();
    expect(reloaded?.fromServiceWorker()).toBe(true);
    await expect(page.getByRole('heading', { name: 'Welcome to the mall' })).toBeVisible();
    await expect(page.getByTestId('offline')).toBeVisible();
    // As the operator set it, from the settings the hub sent last.
    await expect(languages).toHaveCount(2);

    const tappedAt = Date.now();
    await tapCard(page, card);
    await expect(page.getByTestId('queued-thanks')).toBeVisible();
    await page.getByRole('button', { name: 'Done' }).click();

    // The camera opens for the first time now, with the hub down: the scanner comes from the cache.
    await page.getByRole('button', { name: 'Scan your pass' }).click();
    // This wait has flaked on a loaded machine with the scan screen still up and no camera
    // problem shown: the camera's state goes to the log, to tell where the scan stopped.
    await expect(page.getByTestId('queued-thanks'))
      .toBeVisible({ timeout: 25_000 })
      .catch(async (e) => {
        console.log('the scan did not finish; the camera as the page has it:', JSON.stringify(await page.evaluate(cameraState)));
        throw e;
      });
    await page.getByRole('button', { name: 'Done' }).click();
    await expect(page.getByTestId('queued')).toHaveText('2 check-ins waiting to sync');
    const queued = await page.evaluate(readQueue);
    expect(queued.map((q) => q.kind).sort()).toEqual(['card', 'pass']);
    expect(JSON.stringify(queued)).not.toContain(card);

    // The hub comes back on the same port and data: the kiosk finds it and sends its queue.
    await hub.start();
    const backAt = Date.now();
    await expect(page.getByTestId('offline')).toHaveCount(0, { timeout: 30_000 });
    await expect(page.getByTestId('queued')).toHaveCount(0, { timeout: 20_000 });

    // Sent again (the acks were lost, the kiosk restarted): still stored once.
    await page.evaluate(putBack, queued);
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Welcome to the mall' })).toBeVisible();
    await expect(page.getByTestId('queued')).toHaveCount(0, { timeout: 20_000 });
    expect(await page.evaluate(readQueue)).toEqual([]);

    for (const passId of [cardPass, qrPass]) {
      const { status, body } = await client.api(`/api/shoppers/${passId}/export`, { cookie });
      expect(status).toBe(200);
      // The visit of joining, and the one taken at this kiosk while the hub was down: once.
      expect(body.visits).toHaveLength(2);
      expect(body.profile.visitCount).toBe(2);
      const offline = body.visits.filter((v: { id: string }) => queued.some((q) => q.visitId === v.id));
      expect(offline).toHaveLength(1);
      const q = queued.find((x) => x.visitId === offline[0].id)!;
      expect(Date.parse(offline[0].at)).toBe(Date.parse(q.at));
      expect(Date.parse(q.at)).toBeGreaterThanOrEqual(tappedAt - 1000);
      expect(Date.parse(q.at)).toBeLessThan(backAt);
    }
  } finally {
    await browser?.close();
    await hub.kill();
    await rm(dataRoot, { recursive: true, force: true });
  }
});

/** Makes a build different from dist/ in its kiosk code only, as a new release would be. */
const nextRelease = (): Plugin => ({
  name: 'next-release',
  transform(code, id) {
    if (id.endsWith('/kiosk/src/main.ts')) return `${code}\nglobalThis.atriumRelease = 'next';\n`;
    return null;
  },
});

test('a new build replaces the old cache: the worker installs it on reconnect, deletes the old files, and the kiosk reloads into it', async ({ browser }) => {
  test.setTimeout(120_000);
  const dataRoot = await mkdtemp(join(tmpdir(), 'atrium-upgrade-'));
  const nextDist = await mkdtemp(join(tmpdir(), 'atrium-next-dist-'));
  const port = await ephemeralPort();
  const before = new HubProcess(port, dataRoot);
  const after = new HubProcess(port, dataRoot, { ATRIUM_DIST: nextDist });
  try {
    await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'silent', build: { outDir: nextDist, emptyOutDir: true }, plugins: [nextRelease()] });
    const oldEntry = builtFile(join(ROOT, 'dist'), 'kiosk/index.html');
    const newEntry = builtFile(nextDist, 'kiosk/index.html');
    expect(newEntry).not.toBe(oldEntry);

    await before.start();
    const client = hubClient(before.url);
    const { token } = await client.pair('kiosk', 'entrance', 'Kiosk by the doors');
    const page = await openKiosk(browser, before.url, token);
    expect(await page.evaluate(entryScript)).toBe(oldEntry);
    const [oldCache] = (await page.evaluate(readCaches)).filter((c) => c.name.startsWith('atrium-kiosk-'));
    expect(oldCache.paths).toContain(oldEntry);

    // The hub is upgraded: stopped, and started on the new build. The kiosk, on its attract
    // screen, reconnects, asks for the worker, gets the new one and reloads into the new build.
    await before.kill();
    await expect(page.getByTestId('offline')).toBeVisible();
    await after.start();
    await expect.poll(() => page.evaluate(entryScript).catch(() => null), { timeout: 30_000 }).toBe(newEntry);
    await expect(page.getByRole('heading', { name: 'Welcome to the mall' })).toBeVisible();
    expect(await page.evaluate(() => (globalThis as { atriumRelease?: string }).atriumRelease)).toBe('next');

    const kioskCaches = (await page.evaluate(readCaches)).filter((c) => c.name.startsWith('atrium-kiosk-'));
    expect(kioskCaches).toHaveLength(1);
    expect(kioskCaches[0].name).not.toBe(oldCache.name);
    expect(kioskCaches[0].paths).toContain(newEntry);
    expect(kioskCaches[0].paths).not.toContain(oldEntry);

    // And with the hub down again, a reload starts the new build from the cache.
    await after.kill();
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Welcome to the mall' })).toBeVisible();
    await expect(page.getByTestId('offline')).toBeVisible();
    expect(await page.evaluate(entryScript)).toBe(newEntry);
  } finally {
    await before.kill();
    await after.kill();
    await rm(dataRoot, { recursive: true, force: true });
    await rm(nextDist, { recursive: true, force: true });
  }
});
