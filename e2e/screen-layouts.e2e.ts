import type { Page } from '@playwright/test';
import { enrolShopperIn } from '#server/testing/signage.ts';
import { expect, test } from './fixtures.ts';
import { ALWAYS_OPEN, darkShare, mallSettings, openScreen, startNightHub } from './screen-helpers.ts';

/** The slide on screen now (one on its way out during the crossfade is inert). */
const onScreen = (screen: Page) => screen.locator('[data-testid="slide"]:not([inert])');

/** Where the ticker's text is now, in px from its start: it changes while the ticker runs. */
const tickerAt = (screen: Page) =>
  screen.getByTestId('ticker').locator('.run').evaluate((el) => new DOMMatrix(getComputedStyle(el).transform).m41);

test('a screen with the main + ticker layout plays its promotions while the ticker runs; portrait stacks the sidebar', async ({ browser, hub }) => {
  test.setTimeout(90_000);
  const cookie = await hub.login();
  await hub.api('/api/promotions', { body: { title: 'Coffee for two', text: 'Two cups, one price', schedule: { from: '2026-01-01' } }, cookie });
  await hub.api('/api/promotions', { body: { title: 'New season shoes', text: 'Up to 30% off', schedule: { from: '2026-01-01' } }, cookie });

  const { screen, id } = await openScreen(browser, hub, cookie);
  const layout = {
    template: 'main-ticker',
    regions: { ticker: [{ kind: 'clock' }, { kind: 'ticker', source: 'text', items: ['Late opening on Thursday until 22:00', 'Free parking after 18:00'] }] },
  };
  expect((await hub.api(`/api/screens/${id}/layout`, { method: 'PUT', body: { layout }, cookie })).status).toBe(200);

  await expect(screen.getByTestId('layout')).toHaveAttribute('data-template', 'main-ticker');
  await expect(onScreen(screen)).toBeVisible();
  await expect(screen.getByTestId('ticker')).toContainText('Late opening on Thursday');
  // The ticker runs: its text moves between two looks, while the main region keeps playing.
  const first = await tickerAt(screen);
  await expect.poll(() => tickerAt(screen)).not.toBe(first);
  const main = (await screen.locator('[data-region="main"]').boundingBox())!;
  const ticker = (await screen.locator('[data-region="ticker"]').boundingBox())!;
  expect(ticker.y).toBeGreaterThanOrEqual(main.y + main.height - 1);
  expect(ticker.y + ticker.height).toBeGreaterThan(1075);
  // The clock is the mall's (the test hub's mall runs on UTC), not the machine's.
  const utc = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  await expect.poll(async () => [utc.format(Date.now() - 60_000), utc.format(Date.now())].includes((await screen.getByTestId('clock').locator('time').textContent()) ?? '')).toBe(true);
  await screen.screenshot({ path: 'test-results/screens/layout-main-ticker-1920x1080.png' });

  // The same screen, as a portrait display with a sidebar: the sidebar becomes a band under main.
  const sidebar = {
    template: 'main-ticker-sidebar',
    regions: { ticker: [{ kind: 'ticker', source: 'titles' }], sidebar: [{ kind: 'clock' }, { kind: 'live-count' }, { kind: 'next-items', count: 2 }] },
  };
  expect((await hub.api(`/api/screens/${id}/layout`, { method: 'PUT', body: { layout: sidebar }, cookie })).status).toBe(200);
  await screen.setViewportSize({ width: 1080, height: 1920 });
  await expect(screen.getByTestId('layout')).toHaveAttribute('data-template', 'main-ticker-sidebar');
  await expect(screen.getByTestId('ticker')).toContainText('Coffee for two');
  await expect(screen.getByTestId('next-items')).toContainText('Coming up');
  const band = (await screen.locator('[data-region="sidebar"]').boundingBox())!;
  const portraitMain = (await screen.locator('[data-region="main"]').boundingBox())!;
  expect(band.width).toBeGreaterThan(1000);
  expect(band.y).toBeGreaterThanOrEqual(portraitMain.y + portraitMain.height - 1);
  await screen.screenshot({ path: 'test-results/screens/layout-ticker-sidebar-1080x1920.png' });
  await screen.setViewportSize({ width: 1920, height: 1080 });
  await screen.screenshot({ path: 'test-results/screens/layout-ticker-sidebar-1920x1080.png' });
});

test('outside opening hours a screen goes dark, plays only what is marked for the night, and wakes when the mall opens (test clock)', async ({ browser }) => {
  test.setTimeout(90_000);
  // Monday 30 November 2026, 03:00 in Warsaw: closed (09:00–21:00).
  const { hub, cookie, opens } = await startNightHub();
  try {
    const made = await hub.api('/api/promotions', { body: { title: 'Breakfast from 08:00', schedule: { from: '2026-01-01' } }, cookie });
    const { screen } = await openScreen(browser, hub, cookie);
    await expect(screen.getByTestId('night')).toBeVisible();
    await expect(onScreen(screen)).toHaveCount(0);
    await expect(screen.getByTestId('present')).toHaveCount(0);
    expect(await darkShare(browser, await screen.screenshot({ path: 'test-results/screens/night-1920x1080.png' }))).toBeGreaterThan(0.99);
    // The screen tells the hub it is in its night state, so the board does not call it stuck.
    await expect.poll(async () => (await hub.api('/api/screens/status', { cookie })).body[0]?.heartbeat?.currentItem).toBe('night');

    // Marked to play outside hours: it plays at night.
    const body = { title: 'Breakfast from 08:00', outsideHours: true, schedule: { from: '2026-01-01' } };
    expect((await hub.api(`/api/promotions/${made.body.id}`, { method: 'PUT', body, cookie })).status).toBe(200);
    await expect(onScreen(screen)).toContainText('Breakfast from 08:00');
    await expect(screen.getByTestId('night')).toHaveCount(0);
    expect((await hub.api(`/api/promotions/${made.body.id}`, { method: 'PUT', body: { ...body, outsideHours: false }, cookie })).status).toBe(200);
    await expect(screen.getByTestId('night')).toBeVisible();

    // 09:00 in Warsaw: the mall opens (the feed is asked for a refresh at once).
    opens();
    await expect(onScreen(screen)).toContainText('Breakfast from 08:00');
    await expect(screen.getByTestId('night')).toHaveCount(0);
  } finally {
    await hub.stop();
  }
});

test("a screen shows a promotion in its crowd's language, switching live as shoppers of two languages arrive", async ({ browser, hub }) => {
  test.setTimeout(90_000);
  const cookie = await hub.login();
  expect((await hub.api('/api/mall/settings', { method: 'PUT', body: mallSettings('UTC', ALWAYS_OPEN), cookie })).status).toBe(200);
  await hub.api('/api/promotions', {
    body: {
      title: 'Coffee for two',
      text: 'Two cups, one price',
      translations: { pl: { title: 'Kawa dla dwojga', text: 'Dwie kawy w cenie jednej' }, hu: { title: 'Kávé kettesben', text: 'Két kávé egy áráért' } },
      schedule: { from: '2026-01-01' },
    },
    cookie,
  });
  const { screen } = await openScreen(browser, hub, cookie);
  const slide = onScreen(screen);
  await expect(slide.locator('h1')).toHaveText('Coffee for two');

  const kiosk = await hub.socket({ token: (await hub.pair('kiosk', 'food-court', 'Kiosk', cookie)).token });
  await enrolShopperIn(kiosk, 'pl');
  await enrolShopperIn(kiosk, 'pl');
  await expect(slide.locator('h1')).toHaveText('Kawa dla dwojga');
  await expect(slide).toHaveAttribute('lang', 'pl');
  await screen.screenshot({ path: 'test-results/screens/crowd-language-pl-1920x1080.png' });

  for (let i = 0; i < 3; i++) await enrolShopperIn(kiosk, 'hu');
  await expect(slide.locator('h1')).toHaveText('Kávé kettesben');
  await expect(slide.locator('.text')).toHaveText('Két kávé egy áráért');
  await expect(slide).toHaveAttribute('lang', 'hu');
});
