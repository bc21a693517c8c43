import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { pairScreenByApi } from './screen-helpers.ts';

/** Where the headcount strip (the bottom edge of the content) lands in the window. */
const stripBox = async (screen: Page) => (await screen.getByTestId('present').boundingBox())!;

test('rotation 0 is upright in a portrait window; 90, 180 and 270 turn the content for a display mounted that way', async ({ browser, hub }) => {
  test.setTimeout(90_000);
  const cookie = await hub.login();
  const screen = await (await browser.newContext({ viewport: { width: 1080, height: 1920 } })).newPage();
  const id = await pairScreenByApi(screen, hub.url, (path, body) => hub.api(path, { body, cookie }), 'entrance');
  const turn = async (rotation: number) => {
    expect((await hub.api(`/api/devices/${id}/settings`, { body: { rotation }, cookie })).status).toBe(200);
    await expect(screen.locator('main')).toHaveAttribute('data-rotation', String(rotation));
  };
  const slide = screen.locator('[data-testid="slide"]').filter({ has: screen.locator('img') }).first();

  // 0°: upright. The strip runs along the bottom of the window, and the slide lays out as
  // portrait: the image above the words.
  await expect(slide).toBeVisible({ timeout: 25_000 });
  let strip = await stripBox(screen);
  expect(strip.width).toBeGreaterThan(1000);
  expect(strip.y + strip.height).toBeGreaterThan(1900);
  const img = (await slide.locator('img').boundingBox())!;
  const title = (await slide.locator('h1').boundingBox())!;
  expect(img.y + img.height).toBeLessThanOrEqual(title.y + 1);
  await screen.screenshot({ path: 'test-results/screens/screen-1080x1920-rotation-0.png' });

  // 90°: turned a quarter clockwise, the content's bottom edge is on the window's left.
  await turn(90);
  await expect(slide).toBeVisible({ timeout: 25_000 });
  strip = await stripBox(screen);
  expect(strip.x).toBeLessThan(5);
  expect(strip.height).toBeGreaterThan(1900);
  expect(strip.width).toBeLessThan(200);
  await screen.screenshot({ path: 'test-results/screens/screen-1080x1920-rotation-90.png' });

  // 180°: upside down, the bottom edge is at the top.
  await turn(180);
  strip = await stripBox(screen);
  expect(strip.y).toBeLessThan(5);
  expect(strip.width).toBeGreaterThan(1000);

  // 270°: the bottom edge is on the right.
  await turn(270);
  strip = await stripBox(screen);
  expect(strip.x + strip.width).toBeGreaterThan(1075);
  expect(strip.height).toBeGreaterThan(1900);

  // A reload while the hub is away keeps the rotation the screen was last told.
  await turn(90);
  // The page keeps itself for offline starts once it has loaded (signage/offline-cache.ts): wait
  // for that copy before the hub goes away, or the reload races it.
  await expect.poll(() => screen.evaluate(async () => !!(await caches.match('/screen'))), { timeout: 15_000 }).toBe(true);
  await screen.context().setOffline(true);
  await screen.reload();
  await expect(screen.locator('main')).toHaveAttribute('data-rotation', '90');
});

test('a landscape display hung on its side (1920×1080 window) turned 90° lays its slides out as portrait', async ({ browser, hub }) => {
  const cookie = await hub.login();
  const screen = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  const id = await pairScreenByApi(screen, hub.url, (path, body) => hub.api(path, { body, cookie }), 'entrance');
  expect((await hub.api(`/api/devices/${id}/settings`, { body: { rotation: 90 }, cookie })).status).toBe(200);
  await expect(screen.locator('main')).toHaveAttribute('data-rotation', '90');
  const slide = screen.locator('[data-testid="slide"]').filter({ has: screen.locator('img') }).first();
  await expect(slide).toBeVisible({ timeout: 25_000 });
  // The content box is 1080 wide and 1920 tall before it is turned.
  expect(await screen.locator('main').evaluate((m) => [m.clientWidth, m.clientHeight])).toEqual([1080, 1920]);
  const strip = await stripBox(screen);
  expect(strip.x).toBeLessThan(5);
  expect(strip.height).toBeGreaterThan(1075);
  await screen.screenshot({ path: 'test-results/screens/screen-1920x1080-rotation-90.png' });
});
