import AxeBuilder from '@axe-core/playwright';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MediaItem } from '#shared/schemas/media.ts';
import type { ScreenStatus } from '#shared/schemas/screens.ts';
import { makeVideo } from '#server/testing/media-files.ts';
import type { TestHub } from '#server/testing/test-hub.ts';
import { answerConfirm, expect, openPanelTab, signInToPanel, test } from './fixtures.ts';
import { pairScreenByApi } from './screen-helpers.ts';

const work = mkdtempSync(join(tmpdir(), 'atrium-media-e2e-'));
test.afterAll(() => rmSync(work, { recursive: true, force: true }));
const today = () => new Date().toISOString().slice(0, 10);

async function uploadVideo(hub: TestHub, cookie: string, name: string, seconds: number): Promise<MediaItem> {
  const bytes = readFileSync(await makeVideo(join(work, `${name}.mp4`), { seconds }));
  const res = await fetch(`${hub.url}/api/media/items?name=${encodeURIComponent(name)}&tags=ads`, { method: 'POST', headers: { cookie, 'content-type': 'video/mp4' }, body: new Blob([new Uint8Array(bytes)]) });
  expect(res.status).toBe(201);
  return (await res.json()) as MediaItem;
}

test('the media library at phone, laptop and wall widths: search, filters, usage, delete refused while used, a bad file refused by name', async ({ page, hub }) => {
  test.setTimeout(90_000);
  const cookie = await hub.login();
  const used = await uploadVideo(hub, cookie, 'Food court loop', 2);
  await uploadVideo(hub, cookie, 'Entrance teaser', 1);
  expect((await hub.api('/api/promotions', { body: { title: 'Lunch deals', schedule: { from: today() }, media: { id: used.id, play: 'loop' } }, cookie })).status).toBe(201);

  await page.setViewportSize({ width: 1280, height: 900 });
  await signInToPanel(page, hub);
  await openPanelTab(page, 'Media');
  const rows = page.getByTestId('media-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: 'Food court loop' }).getByTestId('media-used')).toHaveText('Used by 1 promotion');
  // Delete is refused while used: the button is off, and the hub says 409 anyway.
  await expect(rows.filter({ hasText: 'Food court loop' }).getByRole('button', { name: /Delete/ })).toBeDisabled();
  expect((await hub.api(`/api/media/items/${used.id}`, { method: 'DELETE', cookie })).status).toBe(409);
  await page.getByLabel('Search media').fill('teaser');
  await expect(rows).toHaveCount(1);
  await page.getByLabel('Search media').fill('');
  await page.getByLabel('Kind').selectOption('image');
  await expect(page.getByText('Nothing matches these filters.')).toBeVisible();
  await page.getByLabel('Kind').selectOption('video');
  await page.getByLabel('Tag', { exact: true }).selectOption('ads');
  await expect(rows).toHaveCount(2);

  // A file that says it is a video but is not: refused under the file field, nothing added.
  await page.getByLabel('File', { exact: true }).setInputFiles({ name: 'fake.mp4', mimeType: 'video/mp4', buffer: Buffer.from('not a video, just words') });
  await page.getByRole('button', { name: 'Upload' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'neither an image' })).toBeVisible();
  await expect(rows).toHaveCount(2);
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  // The unused one is deleted after the confirmation.
  await rows.filter({ hasText: 'Entrance teaser' }).getByRole('button', { name: /Delete/ }).click();
  await answerConfirm(page, 'confirm', 'Entrance teaser');
  await expect(rows).toHaveCount(1);

  for (const [width, height] of [[390, 844], [1280, 900], [1920, 1080]] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: `test-results/screens/panel-media-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 390, height: 844 });
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
});

test('a video that stops advancing is skipped to the next item and reported to the panel', async ({ browser, hub }) => {
  test.setTimeout(90_000);
  const cookie = await hub.login();
  for (const p of (await hub.api('/api/promotions', { cookie })).body as { id: string }[]) await hub.api(`/api/promotions/${p.id}/archive`, { body: {}, cookie });
  const clip = await uploadVideo(hub, cookie, 'Broken clip', 2);
  // Its file goes from the hub after the check: the screen can never play it (and has no copy).
  rmSync(join(hub.services.media.dir, clip.url.slice('/media/'.length)));
  const video = await hub.api('/api/promotions', { body: { title: 'Stalls', schedule: { from: today() }, priority: 10, durationSeconds: 60, media: { id: clip.id, play: 'loop' } }, cookie });
  const still = await hub.api('/api/promotions', { body: { title: 'Plays on', schedule: { from: today() }, priority: 9, durationSeconds: 60 }, cookie });
  expect([video.status, still.status]).toEqual([201, 201]);

  const screen = await (await browser.newContext({ viewport: { width: 1080, height: 1920 } })).newPage();
  await pairScreenByApi(screen, hub.url, (path, body) => hub.api(path, { body, cookie }), 'entrance');
  await expect(screen.locator(`[data-key="${video.body.id}"]`)).toBeVisible({ timeout: 20_000 });
  await screen.screenshot({ path: 'test-results/screens/screen-video-poster-1080x1920.png' });
  // 60 s slots: only the watchdog moves it on this soon.
  await expect(screen.locator(`[data-key="${still.body.id}"]`)).toBeVisible({ timeout: 20_000 });
  await expect
    .poll(async () => ((await hub.api('/api/screens/status', { cookie })).body as ScreenStatus[])[0]?.lastVideoStall?.url, { timeout: 10_000 })
    .toBe(clip.url);
  // The stalled video was not counted as played.
  await screen.evaluate(() => new Promise((r) => setTimeout(r, 3500)));
  const plays = (await hub.api(`/api/proof-of-play?promotionId=${video.body.id}`, { cookie })).body as unknown[];
  expect(plays).toEqual([]);
});
