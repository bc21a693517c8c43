import type { Browser } from '@playwright/test';
import { expect, openKiosk, SHOTS, test } from './fixtures.ts';
import { launchWithQrCamera } from './fake-camera.ts';

/** Counts every camera track the page opens, so a test can see which are still live. */
const COUNT_TRACKS = () => {
  const w = window as unknown as { __tracks: MediaStreamTrack[] };
  w.__tracks = [];
  const md = navigator.mediaDevices;
  if (!md) return;
  const original = md.getUserMedia.bind(md);
  md.getUserMedia = async (c) => {
    const s = await original(c);
    w.__tracks.push(...s.getTracks());
    return s;
  };
};
const camera = () => {
  const tracks = (window as unknown as { __tracks: MediaStreamTrack[] }).__tracks;
  return { opened: tracks.length, live: tracks.filter((t) => t.readyState === 'live').length, videos: document.querySelectorAll('video').length, nodes: document.getElementsByTagName('*').length };
};

let browser: Browser;
test.beforeAll(async () => {
  browser = await launchWithQrCamera('not a pass');
});
test.afterAll(async () => {
  await browser?.close();
});

test('the camera is off whenever the scan screen is not shown, however fast the shopper cancels', async ({ hub }) => {
  const context = await browser.newContext();
  try {
    await context.addInitScript(COUNT_TRACKS);
    const { page } = await openKiosk(context, hub);
    const start = await page.evaluate(camera);

    for (let i = 0; i < 40; i++) {
      await page.getByRole('button', { name: 'Scan your pass' }).click();
      // Every few rounds the camera gets time to start before the cancel; the others cancel at once.
      if (i % 4 === 3) await expect.poll(() => page.evaluate(() => document.querySelectorAll('video').length)).toBeGreaterThan(0);
      await page.getByRole('button', { name: 'Cancel' }).click();
      await expect(page.getByRole('heading', { name: 'Welcome to the mall' })).toBeVisible();
    }
    // Settled: no track live on the attract screen, no video left behind, the page no bigger.
    await expect.poll(() => page.evaluate(camera), { timeout: 15_000 }).toMatchObject({ live: 0, videos: 0 });
    const end = await page.evaluate(camera);
    expect(end.opened).toBeGreaterThan(0);
    expect(end.nodes).toBeLessThanOrEqual(start.nodes + 20);
  } finally {
    await context.close();
  }
});

test('the idle reset from the scan screen turns the camera off', async ({ hub }) => {
  const context = await browser.newContext();
  try {
    await context.addInitScript(COUNT_TRACKS);
    const { page } = await openKiosk(context, hub, '?idle=4');
    await page.getByRole('button', { name: 'Scan your pass' }).click();
    await expect.poll(() => page.evaluate(camera)).toMatchObject({ live: 1 });
    for (const size of [{ width: 1080, height: 1920 }, { width: 1280, height: 800 }]) {
      await page.setViewportSize(size);
      await page.screenshot({ path: `${SHOTS}/scan-${size.width}x${size.height}.png` });
    }
    await expect(page.getByRole('heading', { name: 'Welcome to the mall' })).toBeVisible({ timeout: 10_000 });
    await expect.poll(() => page.evaluate(camera)).toMatchObject({ live: 0, videos: 0 });
  } finally {
    await context.close();
  }
});
