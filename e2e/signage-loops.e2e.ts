import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Page } from '@playwright/test';
import { DEFAULT_OPENING_HOURS } from '#shared/schemas/setup.ts';
import { makeVideo } from '#server/testing/media-files.ts';
import type { TestHub } from '#server/testing/test-hub.ts';
import { expect, openKiosk, tapCard, test } from './fixtures.ts';
import { ALWAYS_OPEN, darkShare, openScreen, startNightHub } from './screen-helpers.ts';

/** A library item uploaded as the panel sends it: the file's bytes, its type in Content-Type. */
async function upload(hub: TestHub, cookie: string, bytes: Uint8Array, type: string, name: string): Promise<{ id: string; url: string }> {
  const res = await fetch(`${hub.url}/api/media/items?name=${encodeURIComponent(name)}`, { method: 'POST', headers: { cookie, 'content-type': type, origin: hub.url }, body: new Blob([new Uint8Array(bytes)]) });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; url: string };
}

/** A poster-like picture: a warm gradient with a bold band, so a screenshot shows it plainly. */
const poster = () =>
  sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="960" height="540"><defs><linearGradient id="g"><stop offset="0" stop-color="#f28c28"/><stop offset="1" stop-color="#c2185b"/></linearGradient></defs><rect width="960" height="540" fill="url(#g)"/><rect y="200" width="960" height="140" fill="#fff3"/><text x="480" y="295" font-size="96" font-family="sans-serif" font-weight="700" fill="#fff" text-anchor="middle">Spring sale</text></svg>`))
    .png()
    .toBuffer();

/** What the loop on screen shows now: the item on top, and whether its video is advancing. */
const loopState = (screen: Page, scope: string) =>
  screen.evaluate((scope) => {
    const loop = document.querySelector(`${scope} [data-testid="media-loop"]`);
    const shown = loop?.querySelector('[data-shown="true"]') as HTMLElement | null;
    const video = shown?.querySelector('video');
    const waiting = loop?.querySelector('[data-shown="false"]') as HTMLElement | null;
    const waitingVideo = waiting?.querySelector('video');
    const waitingImg = waiting?.querySelector('img');
    return {
      kind: shown?.dataset.kind ?? null,
      time: video?.currentTime ?? null,
      playing: video ? !video.paused : null,
      // The item after it is in the page and loaded before the switch: no black frame between.
      nextReady: waiting ? (waitingVideo ? waitingVideo.readyState >= 2 : !!waitingImg?.complete && waitingImg.naturalWidth > 0) : null,
    };
  }, scope);

test('an image and video loop in a layout region plays on a screen, item after item, cached for offline', async ({ browser, hub }) => {
  test.setTimeout(120_000);
  const work = mkdtempSync(join(tmpdir(), 'atrium-loop-e2e-'));
  try {
    const cookie = await hub.login();
    await hub.api('/api/promotions', { body: { title: 'Coffee for two', text: 'Two cups, one price', schedule: { from: '2026-01-01' } }, cookie });
    const image = await upload(hub, cookie, await poster(), 'image/png', 'Spring sale poster');
    const video = await upload(hub, cookie, readFileSync(await makeVideo(join(work, 'fountain.mp4'), { seconds: 2, size: '640x360' })), 'video/mp4', 'Fountain');

    const { screen, id } = await openScreen(browser, hub, cookie);
    const layout = {
      template: 'main-sidebar',
      regions: { sidebar: [{ kind: 'clock' }, { kind: 'media-loop', items: [{ kind: 'image', mediaId: image.id, seconds: 3 }, { kind: 'video', mediaId: video.id }] }] },
    };
    expect((await hub.api(`/api/screens/${id}/layout`, { method: 'PUT', body: { layout }, cookie })).status).toBe(200);

    const sidebar = '[data-region="sidebar"]';
    await expect(screen.locator(sidebar).getByTestId('media-loop')).toBeVisible();
    // The image first, with the video waiting loaded under it; then the video plays to its end; then the image again.
    await expect.poll(() => loopState(screen, sidebar), { timeout: 15_000 }).toMatchObject({ kind: 'image', nextReady: true });
    await screen.screenshot({ path: 'test-results/screens/layout-media-loop-1920x1080.png' });
    await expect.poll(async () => (await loopState(screen, sidebar)).kind, { timeout: 10_000 }).toBe('video');
    await expect.poll(async () => (await loopState(screen, sidebar)).time ?? 0, { timeout: 5_000 }).toBeGreaterThan(0.3);
    expect((await loopState(screen, sidebar)).playing).toBe(true);
    await expect.poll(async () => (await loopState(screen, sidebar)).kind, { timeout: 10_000 }).toBe('image');
    // The main region played on beside it.
    await expect(screen.locator('[data-region="main"] [data-testid="slide"]').first()).toContainText('Coffee for two');

    // The loop's files are in the screen's offline cache, and the panel's cache fill counts them.
    await expect
      .poll(() => screen.evaluate(async (urls) => (await Promise.all(urls.map((u) => caches.match(u)))).every(Boolean), [image.url, video.url]), { timeout: 20_000 })
      .toBe(true);
    await expect.poll(async () => ((await hub.api('/api/screens/status', { cookie })).body as { cache: { wanted: number; cached: number } | null }[])[0]?.cache, { timeout: 20_000 }).toMatchObject({ wanted: 3, cached: 3 });

    // Portrait: the loop sits in the band under the main region.
    await screen.setViewportSize({ width: 1080, height: 1920 });
    await expect.poll(() => loopState(screen, sidebar), { timeout: 15_000 }).toMatchObject({ kind: 'image' });
    await screen.screenshot({ path: 'test-results/screens/layout-media-loop-1080x1920.png' });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('outside opening hours a screen plays its group’s night loop, and the board does not call it stalled (test clock)', async ({ browser }) => {
  test.setTimeout(90_000);
  // Monday 30 November 2026, 03:00 in Warsaw: closed (09:00–21:00).
  const { hub, cookie, opens } = await startNightHub();
  try {
    await hub.api('/api/promotions', { body: { title: 'Breakfast from 08:00', schedule: { from: '2026-01-01' } }, cookie });
    const image = await upload(hub, cookie, await poster(), 'image/png', 'Night poster');
    const { screen, id } = await openScreen(browser, hub, cookie);
    // Black by default.
    await expect(screen.getByTestId('night')).toHaveAttribute('data-mode', 'black');
    // The screen's group plays a loop at night.
    const group = await hub.api('/api/screen-groups', { body: { name: 'Food court', screens: [id], night: { mode: 'loop', items: [{ kind: 'image', mediaId: image.id, seconds: 5 }] } }, cookie });
    expect(group.status).toBe(201);
    await expect(screen.getByTestId('night')).toHaveAttribute('data-mode', 'loop');
    await expect.poll(() => loopState(screen, '[data-testid="night"]'), { timeout: 15_000 }).toMatchObject({ kind: 'image' });
    const png = await screen.screenshot({ path: 'test-results/screens/night-loop-1920x1080.png' });
    expect(await darkShare(browser, png)).toBeLessThan(0.5);
    await expect.poll(async () => (await hub.api('/api/screens/status', { cookie })).body[0]?.heartbeat?.currentItem, { timeout: 20_000 }).toBe('night');
    await expect.poll(async () => ((await hub.api('/api/screens/status', { cookie })).body as { cache: { wanted: number; cached: number } | null }[])[0]?.cache, { timeout: 20_000 }).toMatchObject({ wanted: 1, cached: 1 });

    // 09:00: the mall opens and the loop gives way to the promotions.
    opens();
    await expect(screen.getByTestId('night')).toHaveCount(0);
    await expect(screen.locator('[data-testid="slide"]:not([inert])')).toContainText('Breakfast from 08:00');
  } finally {
    await hub.stop();
  }
});

test('outside opening hours a kiosk shows "closed" with the next opening in its language, takes no card, and opens on time (test clock)', async ({ browser }) => {
  test.setTimeout(120_000);
  const { hub, setHours, opens } = await startNightHub(ALWAYS_OPEN);
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const { page: kiosk } = await openKiosk(context, hub);
    // The mall closes (its hours set; the clock says 03:00 in Warsaw).
    await setHours(DEFAULT_OPENING_HOURS);
    const closed = kiosk.getByTestId('closed');
    await expect(closed).toBeVisible({ timeout: 15_000 });
    await expect(closed.getByRole('heading', { name: 'We’re closed' })).toBeVisible();
    await expect(kiosk.getByTestId('closed-opens')).toHaveText('We open today at 09:00.');
    for (const [w, h] of [[390, 844], [1280, 800], [1920, 1080], [1080, 1920]] as const) {
      await kiosk.setViewportSize({ width: w, height: h });
      await kiosk.screenshot({ path: `test-results/screens/kiosk-closed-${w}x${h}.png` });
    }
    await kiosk.setViewportSize({ width: 1280, height: 800 });

    // A card tapped while closed: nothing is sent or kept; the opening line is marked.
    const shoppers = hub.services.shoppers.count;
    await tapCard(kiosk, '4111111111111111');
    await expect(kiosk.getByTestId('closed-opens')).toHaveClass(/nudged/);
    await expect(closed).toBeVisible();
    expect(hub.services.shoppers.count).toBe(shoppers);

    // In the shopper's language, with the weekday when the next opening is not today or tomorrow.
    await kiosk.getByRole('button', { name: 'Polski' }).click();
    await expect(closed.getByRole('heading', { name: 'Jesteśmy zamknięci' })).toBeVisible();
    await expect(kiosk.getByTestId('closed-opens')).toHaveText('Otwieramy dziś o 09:00.');
    await kiosk.screenshot({ path: 'test-results/screens/kiosk-closed-pl-1280x800.png' });

    // 09:00 in Warsaw: the mall opens and the kiosk invites taps again.
    opens();
    await expect(closed).toHaveCount(0, { timeout: 15_000 });
    await expect(kiosk.getByRole('button', { name: /Join|Dołącz/ }).first()).toBeVisible();
  } finally {
    await hub.stop();
  }
});
