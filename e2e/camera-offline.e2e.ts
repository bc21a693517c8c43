import { chromium } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import QRCode from 'qrcode';
import { startTestHub } from '#server/testing/test-hub.ts';
import { expect, expectAccessible, openKiosk, tapCard, test } from './fixtures.ts';
import { enrolCard } from './wedge.ts';

const executablePath = process.env.ATRIUM_CHROMIUM ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Records every camera stream the page opens, so a test can see that each was stopped. */
const TRACK_STREAMS = () => {
  const w = window as unknown as { __streams: MediaStream[] };
  w.__streams = [];
  const md = navigator.mediaDevices;
  if (!md) return;
  const original = md.getUserMedia.bind(md);
  md.getUserMedia = async (c) => {
    const s = await original(c);
    w.__streams.push(s);
    return s;
  };
};
const cameraState = () => {
  const streams = (window as unknown as { __streams: MediaStream[] }).__streams;
  return { opened: streams.length, live: streams.flatMap((s) => s.getTracks()).filter((t) => t.readyState === 'live').length, videos: document.querySelectorAll('video').length };
};

test('QR check-in through the fake camera showing a real pass QR; the camera stops on leaving', async ({ hub }, testInfo) => {
  const passId = await enrolCard(hub, '4111111111111111');
  const png = testInfo.outputPath('pass.png');
  const y4m = testInfo.outputPath('pass.y4m');
  // A 22-character pass id is a version-2 code (25 modules): 8 px each fills the 200 px of the
  // DESIGN's ffmpeg line exactly, so no module is stretched; ffmpeg's white pad is the quiet zone.
  await QRCode.toFile(png, passId, { margin: 0, width: 200, errorCorrectionLevel: 'M' });
  execFileSync('ffmpeg', [
    '-y', '-loglevel', 'error', '-loop', '1', '-i', png, '-t', '3', '-r', '10',
    '-vf', 'format=rgb24,scale=200:200:flags=neighbor,pad=640:480:(ow-iw)/2:(oh-ih)/2:color=white',
    '-pix_fmt', 'yuv420p', '-f', 'yuv4mpegpipe', y4m,
  ]);
  const browser = await chromium.launch({
    ...(executablePath ? { executablePath } : {}),
    args: [...ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${y4m}`],
  });
  try {
    const context = await browser.newContext();
    await context.addInitScript(TRACK_STREAMS);
    const { page } = await openKiosk(context, hub);
    // The scanner's code is not part of the first load.
    const scripts = () => page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.endsWith('.js')));
    const before = await scripts();

    await page.getByRole('button', { name: 'Scan your pass' }).click();
    // Joined a moment ago and still here: the same visit (DESIGN.md, Visit), so "checked in", not "welcome back".
    await expect(page.getByTestId('welcome')).toHaveText('You’re checked in, Olek!', { timeout: 25_000 });
    await expect(page.getByTestId('visit-count')).toHaveText('Your first visit');
    expect((await scripts()).length).toBeGreaterThan(before.length);
    await expect.poll(() => page.evaluate(cameraState)).toMatchObject({ live: 0, videos: 0 });
    expect((await page.evaluate(cameraState)).opened).toBeGreaterThan(0);

    expect(hub.services.shoppers.get(passId)?.visitCount).toBe(1);
  } finally {
    await browser.close();
  }
});

test('scan screen: accessible while the camera runs; Cancel and the idle timeout both stop the camera', async ({ hub }) => {
  const browser = await chromium.launch({
    ...(executablePath ? { executablePath } : {}),
    args: [...ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  });
  try {
    const context = await browser.newContext();
    await context.addInitScript(TRACK_STREAMS);
    // Chromium's own fake camera pattern: no QR in view, so the scan screen stays up.
    const { page } = await openKiosk(context, hub, '?idle=60');
    await page.getByRole('button', { name: 'Scan your pass' }).click();
    await expect.poll(() => page.evaluate(cameraState).then((s) => s.live)).toBeGreaterThan(0);
    await expectAccessible(page, 'scan screen');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.evaluate(cameraState)).toMatchObject({ opened: 1, live: 0, videos: 0 });

    await page.goto(`${hub.url}/kiosk?idle=3`);

    await page.getByRole('button', { name: 'Scan your pass' }).click();
    await expect.poll(() => page.evaluate(cameraState).then((s) => s.live)).toBeGreaterThan(0);
    // Nobody touches it: back to the attract screen, camera off, scanner gone from the DOM.
    await expect(page.getByRole('heading', { name: 'Welcome to the mall' })).toBeVisible({ timeout: 10_000 });
    await expect.poll(() => page.evaluate(cameraState)).toMatchObject({ opened: 1, live: 0, videos: 0 });
    await expect(page.getByTestId('qr-reader')).toHaveCount(0);
  } finally {
    await browser.close();
  }
});

test('offline: taps are queued durably, sealed, and replayed once when the hub is back', async ({ newContext }) => {
  const root = await mkdtemp(join(tmpdir(), 'atrium-offline-'));
  // Every read a visit (window 0): this is about replays stored once, not about arrivals.
  let hub = await startTestHub({ k: 2, visitWindowMinutes: 0 }, root);
  try {
    const card = '4111111111111111';
    const passId = await enrolCard(hub, card);
    const { page, device } = await openKiosk(await newContext(), hub);
    page.on('console', (m) => /refused|card reader/.test(m.text()) && console.log('kiosk:', m.text()));
    const port = hub.port;
    await hub.stop();
    await expect(page.getByTestId('offline')).toBeVisible();

    await tapCard(page, card);
    await expect(page.getByTestId('queued-thanks')).toHaveText('Thanks, you’re checked in');
    await expectAccessible(page, 'offline thanks screen');
    await page.getByRole('button', { name: 'Done' }).click();
    await expect(page.getByTestId('queued')).toHaveText('1 check-in waiting to sync');
    // What is on the kiosk's disk: the sealed card only, never the number.
    const queued = await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open('atrium-kiosk');
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const all = await new Promise<unknown[]>((resolve) => {
        const r = db.transaction('checkins').objectStore('checkins').getAll();
        r.onsuccess = () => resolve(r.result);
      });
      db.close();
      return all;
    });
    expect(queued).toHaveLength(1);
    expect(JSON.stringify(queued)).not.toContain(card);
    expect(JSON.stringify(queued)).not.toContain(card.slice(-8));
    // Enrolment needs the hub, and says so.
    await page.getByRole('button', { name: 'Join', exact: true }).click();
    await expect(page.getByRole('alert')).toContainText('Joining needs the mall hub');
    await page.getByRole('button', { name: 'OK' }).click();

    hub = await startTestHub({ k: 2, port, visitWindowMinutes: 0 }, root);
    await expect(page.getByTestId('queued')).toHaveCount(0, { timeout: 20_000 });
    // The kiosk told the new hub its queue (for the operators' board), and again once it drained.
    await expect.poll(() => hub.services.kioskHealth.of(device.id).queued).toBe(0);
    await expect(page.getByTestId('offline')).toHaveCount(0);
    expect(hub.services.shoppers.get(passId)?.visitCount).toBe(2);

    // Replayed again (a lost ack, a second kiosk restart): still recorded once.
    await page.evaluate(async (item) => {
      const db = await new Promise<IDBDatabase>((resolve) => {
        const r = indexedDB.open('atrium-kiosk');
        r.onsuccess = () => resolve(r.result);
      });
      await new Promise((resolve) => {
        const tx = db.transaction('checkins', 'readwrite');
        tx.objectStore('checkins').put(item);
        tx.oncomplete = resolve;
      });
      db.close();
    }, queued[0]);
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Welcome to the mall' })).toBeVisible();
    await expect(page.getByTestId('queued')).toHaveCount(0, { timeout: 20_000 });
    expect(hub.services.shoppers.get(passId)?.visitCount).toBe(2);
    await hub.store.flush();
    const days = await hub.store.visits.days();
    const visits = (await Promise.all(days.map((d) => hub.store.visits.read(d)))).flat().filter((v) => v.shopperId === passId);
    expect(visits).toHaveLength(2);
    expect(await readFile(join(root, 'demo', 'visits', `${days.at(-1)}.json`), 'utf8')).not.toContain(card);
  } finally {
    await hub.stop();
    await rm(root, { recursive: true, force: true });
  }
});
