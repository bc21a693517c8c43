import { test as base, expect, type BrowserContext, type BrowserContextOptions, type Page } from '@playwright/test';
import { startTestHub, type TestHub } from '#server/testing/test-hub.ts';
import type { HubConfigInput } from '#server/config.ts';
import { DEMO_OPERATOR } from '#server/demo/seed.ts';
import { fillPairing, pairingCodeOn } from './setup-form.ts';

export interface Fixtures {
  hubConfig: HubConfigInput;
  hub: TestHub;
  /** A fresh browser context, closed (with its pages and their sockets) when the test ends. */
  newContext: (options?: BrowserContextOptions) => Promise<BrowserContext>;
}

/** Each test gets its own real hub on a loopback port, with a fresh data folder. */
export const test = base.extend<Fixtures>({
  hubConfig: [{}, { option: true }],
  hub: async ({ hubConfig }, use) => {
    const hub = await startTestHub(hubConfig);
    await use(hub);
    await hub.stop();
  },
  newContext: async ({ browser, hub }, use) => {
    void hub;
    const made: BrowserContext[] = [];
    await use(async (options) => {
      const c = await browser.newContext(options);
      made.push(c);
      return c;
    });
    for (const c of made) await c.close().catch(() => undefined);
  },
});
export { expect };

/** Opens the panel and signs in as `account`; the caller checks where it lands. */
export async function submitPanelSignIn(page: Page, hub: TestHub, account: { username: string; password: string }): Promise<void> {
  await page.goto(`${hub.url}/panel`);
  await page.getByLabel('Username').fill(account.username);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** The demo operator signs in to the panel and lands on its first tab. */
export async function signInToPanel(page: Page, hub: TestHub): Promise<void> {
  await submitPanelSignIn(page, hub, DEMO_OPERATOR);
  await expect(page.getByRole('heading', { name: 'Pair a device' })).toBeVisible();
}

/** Opens a device page, reads its pairing code and pairs it from the signed-in panel page. */
export async function pairFromPanel(panel: Page, device: Page, url: string, name: string, zone: string): Promise<void> {
  await device.goto(url);
  await fillPairing(panel, await pairingCodeOn(device), name, zone);
  await panel.getByRole('button', { name: 'Pair', exact: true }).click();
  // The pairing's own status line: another ("Live updates paused" while the panel's socket
  // reconnects, as it may just after set-up) can show beside it.
  await expect(panel.getByRole('status').filter({ hasText: 'Paired' })).toBeVisible();
  await expect(device.getByTestId('pairing-code')).toHaveCount(0);
}

/** A keyboard-wedge reader: the card's digits a few ms apart, then Enter. */
export async function tapCard(page: Page, card: string): Promise<void> {
  await page.keyboard.type(`${card}\n`, { delay: 5 });
}

/** Pairs a kiosk through the hub and opens its page with the token already in place (skips the panel). */
export async function openKiosk(context: BrowserContext, hub: TestHub, query = '', zone = 'entrance') {
  const { token, device } = await hub.pair('kiosk', zone);
  const page = await context.newPage();
  await page.addInitScript((t) => localStorage.setItem('atrium.kiosk.token', t), token);
  await page.goto(`${hub.url}/kiosk${query}`);
  await expect(page.getByRole('heading', { name: 'Welcome to the mall' })).toBeVisible();
  // Online, with the hub's sealing key for offline card taps in hand.
  await expect.poll(() => page.evaluate(() => localStorage.getItem('atrium.kiosk.sealKey'))).toBeTruthy();
  return { page, token, device };
}

/** axe-core finds nothing on the page as it is now; touch targets are at least 48 px. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const { default: AxeBuilder } = await import('@axe-core/playwright');
  const results = await new AxeBuilder({ page }).analyze();
  expect(
    results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`),
    `axe on ${what}`,
  ).toEqual([]);
  const small = await page.evaluate(() =>
    [...document.querySelectorAll('button, a[href], select, label, input[type=text], input[type=email], input[type=tel]')]
      .filter((el) => (el as HTMLElement).offsetParent !== null)
      .map((el) => ({ el: (el.textContent ?? '').trim().slice(0, 30) || el.tagName, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.height < 48 || r.width < 48)
      .map(({ el, r }) => `${el} ${Math.round(r.width)}x${Math.round(r.height)}`),
  );
  expect(small, `touch targets under 48 px on ${what}`).toEqual([]);
}

/**
 * Answers the panel's confirmation dialog (shared/ui/ConfirmHost.svelte), which stands in for
 * window.confirm: checks it says `says`, then presses its action button or Cancel.
 */
export async function answerConfirm(page: Page, answer: 'confirm' | 'cancel', says?: string): Promise<void> {
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toBeVisible();
  if (says) await expect(dialog).toContainText(says);
  await dialog.getByTestId(answer === 'confirm' ? 'confirm-action' : 'confirm-cancel').click();
  await expect(dialog).toHaveCount(0);
}

/** Opens a panel tab by its link; on a narrow screen the links sit in the drawer behind Menu. */
export async function openPanelTab(page: Page, name: string): Promise<void> {
  const menu = page.getByRole('button', { name: 'Menu' });
  if (await menu.isVisible()) await menu.click();
  await page.getByRole('navigation', { name: 'Panel sections' }).getByRole('link', { name, exact: true }).click();
}

/** Where screenshots to look at land: test-results/ is left behind by `npm test`. */
export const SHOTS = 'test-results/screenshots';
/** A phone, a laptop and a wall monitor: the widths every screen is looked at. */
export const WIDTHS = [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const;
export const THEMES = ['light', 'dark'] as const;

/** Waits until nothing says "Loading…" and two frames have painted (theme and layout applied). */
export async function settle(page: Page): Promise<void> {
  await expect(page.getByText('Loading…', { exact: true })).toHaveCount(0);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** The page lays out no wider than the window (no sideways scrolling). */
export async function noSidewaysScroll(page: Page, what: string): Promise<void> {
  const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  expect(scroll, `${what} lays out wider than the window`).toBeLessThanOrEqual(inner);
}
