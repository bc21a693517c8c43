import AxeBuilder from '@axe-core/playwright';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { DEMO_OPERATOR } from '#server/demo/seed.ts';
import { makeVideo } from '#server/testing/media-files.ts';
import { expect, test } from './fixtures.ts';
import { ephemeralPort, HubProcess } from './hub-process.ts';
import { pairScreenByApi } from './screen-helpers.ts';

const TITLE = 'Summer clip';

/** What the screen's slide video says about itself, and how often a video ended on the page. */
const videoState = (screen: Page) =>
  screen.evaluate(() => {
    // While slides cross-fade two are on the page: the incoming one is last.
    const v = [...document.querySelectorAll<HTMLVideoElement>('[data-testid="slide-video"]')].at(-1);
    const w = window as unknown as { __ended?: number };
    return { present: !!v, paused: v?.paused ?? true, time: v?.currentTime ?? 0, ready: v?.readyState ?? 0, error: v?.error?.code ?? null, ended: w.__ended ?? 0 };
  });

test('an operator uploads an MP4, builds a promotion with it; the screen plays it, keeps playing from its cache with the hub killed, and each play is counted once', async ({ browser }) => {
  test.setTimeout(180_000);
  const work = mkdtempSync(join(tmpdir(), 'atrium-video-e2e-'));
  const hub = new HubProcess(await ephemeralPort(), join(work, 'data'));
  try {
    const clip = await makeVideo(join(work, 'summer.mp4'), { seconds: 3, size: '640x360' });
    await hub.start();
    const cookie = await hub.login();
    // Only this promotion plays: the demo's own are archived.
    for (const p of (await hub.api('/api/promotions', cookie)).body as { id: string }[]) expect((await hub.api(`/api/promotions/${p.id}/archive`, cookie, {})).status).toBe(200);

    // The operator uploads the MP4 on the Media tab.
    const panel = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await panel.goto(`${hub.url}/panel`);
    await panel.getByLabel('Username').fill(DEMO_OPERATOR.username);
    await panel.getByLabel('Password').fill(DEMO_OPERATOR.password);
    await panel.getByRole('button', { name: 'Sign in' }).click();
    await panel.getByRole('navigation', { name: 'Panel sections' }).getByRole('link', { name: 'Media', exact: true }).click();
    await expect(panel.getByTestId('media-limits')).toContainText('videos');
    await panel.getByLabel('File', { exact: true }).setInputFiles(clip);
    await panel.getByLabel('Name', { exact: true }).fill(TITLE);
    await panel.getByLabel('Tags', { exact: true }).fill('summer, food');
    await panel.getByRole('button', { name: 'Upload' }).click();
    const row = panel.getByTestId('media-row').filter({ hasText: TITLE });
    await expect(row).toContainText('640×360');
    await expect(row).toContainText('H264 / AAC');
    await expect(row.getByTestId('media-used')).toHaveText('Not used');
    await panel.screenshot({ path: 'test-results/screens/panel-media-1280.png', fullPage: true });
    expect((await new AxeBuilder({ page: panel }).analyze()).violations).toEqual([]);

    // …and builds a promotion with it, playing once.
    await panel.getByRole('navigation', { name: 'Panel sections' }).getByRole('link', { name: 'Promotions', exact: true }).click();
    await panel.getByRole('button', { name: 'New promotion' }).click();
    await panel.getByLabel('Title', { exact: true }).fill(TITLE);
    await panel.getByTestId('promo-media').selectOption({ label: `▶ ${TITLE} (3 s)` });
    await panel.getByLabel(/plays once/).check();
    await panel.getByLabel('Priority (1–10)').fill('10');
    // The preview plays the chosen video in the screen's own slide.
    await expect(panel.getByTestId('preview-landscape').getByTestId('slide-video')).toHaveAttribute('src', /\/media\/[0-9a-f]{32}\.mp4$/);
    await panel.screenshot({ path: 'test-results/screens/panel-promotion-video-1280.png', fullPage: true });
    await panel.getByRole('button', { name: 'Save promotion' }).click();
    await expect(panel.getByRole('rowheader', { name: TITLE })).toBeVisible();
    await panel.getByRole('navigation', { name: 'Panel sections' }).getByRole('link', { name: 'Media', exact: true }).click();
    await expect(panel.getByTestId('media-row').filter({ hasText: TITLE }).getByTestId('media-used')).toHaveText('Used by 1 promotion');

    // A screen plays it: the <video> reports playing and its time advances.
    const screen = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
    await screen.addInitScript(() => {
      const w = window as unknown as { __ended: number; __playing: number };
      w.__ended = 0;
      w.__playing = 0;
      document.addEventListener('ended', () => w.__ended++, true);
      document.addEventListener('playing', () => w.__playing++, true);
    });
    await pairScreenByApi(screen, hub.url, (path, body) => hub.api(path, cookie, body), 'food-court');
    await expect(screen.getByTestId('slide-video').last()).toBeVisible({ timeout: 20_000 });
    await expect.poll(() => screen.evaluate(() => (window as unknown as { __playing: number }).__playing), { timeout: 15_000 }).toBeGreaterThan(0);
    const t0 = (await videoState(screen)).time;
    await expect.poll(async () => (await videoState(screen)).time, { timeout: 5_000 }).toBeGreaterThan(t0 + 0.3);
    await screen.screenshot({ path: 'test-results/screens/screen-video-1280.png' });

    // The screen holds the video and its poster offline, and the panel shows it.
    await expect.poll(() => screen.evaluate(async () => (await caches.keys()).length), { timeout: 15_000 }).toBeGreaterThan(0);
    await panel.getByRole('navigation', { name: 'Panel sections' }).getByRole('link', { name: 'Screens', exact: true }).click();
    await expect(panel.getByTestId('screen-cache')).toContainText('2/2 files', { timeout: 20_000 });
    // The page itself is kept for offline starts too.
    await expect.poll(() => screen.evaluate(async () => !!(await caches.match('/screen'))), { timeout: 15_000 }).toBe(true);

    // The hub is killed: the video keeps playing from the cache, play after play (each play-once
    // slide is a new <video> that loads through the service worker's range answers).
    await hub.kill();
    const endedAtKill = (await videoState(screen)).ended;
    await expect.poll(async () => (await videoState(screen)).ended, { timeout: 20_000 }).toBeGreaterThanOrEqual(endedAtKill + 2);
    const offline = await videoState(screen);
    expect(offline).toMatchObject({ present: true, error: null });
    await expect.poll(async () => (await videoState(screen)).time, { timeout: 5_000 }).toBeGreaterThan(0.3);
    expect(await screen.getByTestId('slide-video').last().evaluate((v: HTMLVideoElement) => v.currentSrc)).toMatch(/\/media\/[0-9a-f]{32}\.mp4$/);

    // The hub comes back; the promotion is taken off so the plays stop, and every play that ended
    // is counted exactly once (none twice, none lost while the hub was down).
    await hub.start();
    await expect.poll(async () => (await videoState(screen)).ended, { timeout: 20_000 }).toBeGreaterThan(offline.ended);
    const cookie2 = await hub.login();
    const promo = ((await hub.api('/api/promotions', cookie2)).body as { id: string; title: string }[]).find((p) => p.title === TITLE)!;
    expect((await hub.api(`/api/promotions/${promo.id}/archive`, cookie2, {})).status).toBe(200);
    await expect(screen.getByTestId('slide-video')).toHaveCount(0, { timeout: 20_000 });
    const played = (await videoState(screen)).ended;
    expect(played).toBeGreaterThanOrEqual(3);
    const counted = async () => {
      const rows = (await hub.api(`/api/proof-of-play?promotionId=${promo.id}`, cookie2)).body as { count: number }[] | { rows: { count: number }[] };
      const list = Array.isArray(rows) ? rows : rows.rows;
      return list.reduce((n, r) => n + r.count, 0);
    };
    await expect.poll(counted, { timeout: 20_000 }).toBe(played);
  } finally {
    await hub.kill();
    rmSync(work, { recursive: true, force: true });
  }
});
