import type { BrowserContext, Locator, Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hubClient, type HubClient } from '#server/testing/test-hub.ts';
import { expect, settle, SHOTS, tapCard, test, WIDTHS } from './fixtures.ts';
import { HubProcess, ephemeralPort } from './hub-process.ts';

/**
 * The main screens compared with committed references (e2e/look-main.e2e.ts-snapshots/): the
 * panel's Today, Screens and Promotions tabs and a shop's Reports at 390, 1280 and 1920 px; the
 * kiosk's attract, join and welcome (with the pass QR) at those widths and as a 1080×1920 portrait
 * kiosk; a signage screen, landscape and portrait. The panel is taken whole (fullPage); the kiosk
 * and the screen as their window shows them, since they are full-screen apps with fixed bars.
 *
 * Made to give the same pixels on every run and machine: the demo mall's data on a hub process
 * whose clock starts at CLOCK (e2e/fixed-clock.mjs) and a browser clock started at the hub's time;
 * the light theme, reduced motion and Playwright's own animation stop; what is live or random
 * (a pass's QR and link, "seen 3 s ago") masked. Fonts: Debian's defaults, which .ci/run installs
 * (fonts-dejavu-core for system-ui and sans-serif, fonts-noto-mono, fonts-noto-cjk).
 *
 * The tolerance: up to 1 % of pixels may differ (anti-aliasing and hinting), which a moved or
 * restyled block, a wrapped title or a changed colour exceeds (see docs/testing.md, "Looks").
 */
// A Monday, 11:00 in London: the mall is open. In the future on purpose: the session cookie's
// Expires is on the hub's clock and the browser keeps cookies by the machine's real one.
const CLOCK = Date.parse('2031-06-16T10:00:00Z');
const COMPARE = { maxDiffPixelRatio: 0.01, animations: 'disabled', caret: 'hide', fullPage: true, scale: 'css', timeout: 20_000 } as const;
const KIOSK_SIZES = [...WIDTHS, { width: 1080, height: 1920 }] as const;

let hub: HubProcess;
let client: HubClient;
let dataRoot: string;
/** The hub's clock, as e2e/fixed-clock.mjs runs it: CLOCK at its start, flowing since. */
let startedAt = 0;
const hubNow = () => CLOCK + (Date.now() - startedAt);

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dataRoot = await mkdtemp(join(tmpdir(), 'atrium-look-'));
  hub = new HubProcess(await ephemeralPort(), dataRoot, {
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ./e2e/fixed-clock.mjs`.trim(),
    ATRIUM_TEST_CLOCK: new Date(CLOCK).toISOString(),
    ATRIUM_TIMEZONE: 'Europe/London',
    ATRIUM_K: '2',
  });
  startedAt = Date.now();
  await hub.start();
  client = hubClient(hub.url);
});

test.afterAll(async () => {
  client?.closeSockets();
  await hub?.kill();
  await rm(dataRoot, { recursive: true, force: true });
});

/** A page on the fixed clock, light, with motion reduced. */
async function openPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.clock.install({ time: hubNow() });
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
  return page;
}

/** Each size: a screenshot to look at in test-results/screenshots/, and the comparison with the reference. */
async function compare(page: Page, name: string, sizes: readonly { width: number; height: number }[], ready: Locator, mask: () => Locator[] = () => [], fullPage = true): Promise<void> {
  for (const size of sizes) {
    await page.setViewportSize(size);
    await expect(ready).toBeVisible();
    await settle(page);
    // Just after sign-in the panel's socket may still be connecting; its figures are final once it is.
    await expect(page.getByText('Live updates paused', { exact: false })).toHaveCount(0, { timeout: 20_000 });
    // Images (the pass QR, a slide's picture) decoded, so nothing shifts while it is compared.
    await page.waitForFunction(() => [...document.images].every((i) => i.complete));
    const file = `${name}-${size.width}x${size.height}.png`;
    await page.screenshot({ path: `${SHOTS}/look-${file}`, fullPage, mask: mask() });
    await expect(page, `${name} at ${size.width}×${size.height}`).toHaveScreenshot(file, { ...COMPARE, fullPage, mask: mask() });
  }
}

test('the panel’s Today, Screens and Promotions tabs look as they should', async ({ browser }) => {
  test.setTimeout(180_000);
  const cookie = await client.login();
  await client.pair('kiosk', 'entrance', 'Kiosk by the doors', cookie);
  await client.pair('screen', 'food-court', 'Screen by the fountain', cookie);
  const context = await browser.newContext();
  const page = await openPage(context);
  await page.goto(`${hub.url}/panel`);
  await page.getByLabel('Username').fill('operator');
  await page.getByLabel('Password').fill('atrium-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Pair a device' })).toBeVisible();
  // The set-up warning names the hub's address, whose port is new each run.
  const live = () => [page.getByTestId('setup-warning')];
  for (const tab of [
    { hash: 'today', heading: 'In the mall now' },
    { hash: 'screens', heading: 'Screens' },
    { hash: 'promotions', heading: 'Promotions' },
  ]) {
    await page.evaluate((h) => (location.hash = h), tab.hash);
    await compare(page, `panel-${tab.hash}`, WIDTHS, page.getByRole('heading', { name: tab.heading, exact: true }).first(), live);
  }
  await context.close();
});

test('a shop’s Reports look as they should', async ({ browser }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext();
  const page = await openPage(context);
  await page.goto(`${hub.url}/panel`);
  await page.getByLabel('Username').fill('bean-there');
  await page.getByLabel('Password').fill('atrium-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('shop-name')).toHaveText('Bean There Coffee');
  await compare(page, 'shop-reports', WIDTHS, page.getByTestId('shop-name'));
  await context.close();
});

test('the kiosk’s attract, join and welcome with the pass QR look as they should', async ({ browser }) => {
  test.setTimeout(180_000);
  // The file's hub is shared: the Today tab's test paired 'Kiosk by the doors' already (names are unique).
  const { token } = await client.pair('kiosk', 'entrance', 'Kiosk by the lifts');
  const context = await browser.newContext();
  await context.addInitScript((t) => localStorage.setItem('atrium.kiosk.token', t), token);
  const page = await openPage(context);
  await page.goto(`${hub.url}/kiosk?idle=600`);
  const h1 = page.getByRole('heading', { level: 1 });
  await expect(page.getByRole('heading', { name: 'Welcome to the mall' })).toBeVisible();
  await compare(page, 'kiosk-attract', KIOSK_SIZES, h1, undefined, false);
  await tapCard(page, '4111111111111111');
  await expect(h1).not.toHaveText('Welcome to the mall');
  await compare(page, 'kiosk-join', KIOSK_SIZES, h1, undefined, false);
  await page.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(page.getByTestId('pass-qr')).toBeVisible();
  // The pass id is random: its QR and its link are masked.
  await compare(page, 'kiosk-welcome', KIOSK_SIZES, page.getByTestId('welcome'), () => [page.getByTestId('pass-qr'), page.getByTestId('pass-link')], false);
  await context.close();
});

test('a signage screen looks as it should, landscape and portrait', async ({ browser }) => {
  test.setTimeout(120_000);
  const { token } = await client.pair('screen', 'food-court', 'Screen by the lifts');
  const context = await browser.newContext();
  await context.addInitScript((t) => localStorage.setItem('atrium.screen.token', t), token);
  const page = await openPage(context);
  await page.goto(`${hub.url}/screen`);
  const slide = page.getByTestId('slide').first();
  await compare(page, 'screen', [{ width: 1920, height: 1080 }, { width: 1080, height: 1920 }], slide, undefined, false);
  await context.close();
});
