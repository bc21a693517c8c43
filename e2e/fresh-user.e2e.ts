import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { ephemeralPort, startEmptyHub } from './hub-process.ts';
import { expect, openPanelTab, signInToPanel, test, WIDTHS } from './fixtures.ts';
import { dateField } from './date-fields.ts';
import { showReport, signInAsShop } from './shop-report.ts';
import { fillPairing, fillSetup, pairingCodeOn, submitSetupAndSignIn } from './setup-form.ts';

/** What a new user reported on first trying Atrium (issue #17), each checked where they saw it. */

const SHOTS = 'test-results/fresh';

async function shoot(page: Page, name: string): Promise<void> {
  for (const size of WIDTHS) {
    await page.setViewportSize(size);
    await page.screenshot({ path: `${SHOTS}/${name}-${size.width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

test('first run: the empty set-up form says “Required.” beside every field, the fields run the form’s width, and after sign-in live updates are not “paused”', async ({ browser }) => {
  const dataRoot = await mkdtemp(join(tmpdir(), 'atrium-fresh-e2e-'));
  const { child, token, url } = await startEmptyHub(dataRoot, await ephemeralPort());
  try {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${url}/panel`);
    await page.getByLabel(/^Date and number format/).fill('');
    await page.getByLabel(/^Smallest group shown/).fill('');
    await page.getByRole('button', { name: 'Set up the mall' }).click();
    const required = [/^Token from the hub's console/, 'Name', /^Date and number format/, /^Smallest group shown/, 'Zone 1', 'Username', /^Password/];
    for (const label of required) {
      const field = page.getByLabel(label, { exact: typeof label === 'string' });
      await expect(field, String(label)).toHaveAttribute('aria-invalid', 'true');
      // The first error after the field is its own.
      await expect(field.locator("xpath=following::p[contains(@class,'field-error')][1]"), String(label)).toHaveText('Required.');
    }
    await expect(page.getByText('cannot be below')).toHaveCount(0);
    // Every text field runs the width of its fieldset, give or take its padding.
    const widths = await page.locator('.setup input:not([type=checkbox]):not([type=time]), .setup select').evaluateAll((els) => els.map((e) => [e.getAttribute('name'), Math.round(e.getBoundingClientRect().width)] as const));
    const widest = Math.max(...widths.map(([, w]) => w));
    for (const [name, w] of widths) if (!name?.startsWith('zone-')) expect(w, `${name} is as wide as the rest`).toBeGreaterThanOrEqual(widest - 2);
    await shoot(page, 'setup-empty');

    await fillSetup(page, { token, name: 'Northgate Centre', locale: 'en-GB', smallestGroup: 5, zones: ['Main entrance'], username: 'anna', password: 'a long enough password' });
    await submitSetupAndSignIn(page, 'anna', 'a long enough password');
    await expect(page.getByRole('heading', { name: 'Pair a device' })).toBeVisible();
    await expect(page.getByTestId('kiosks-now')).toBeVisible();
    // Nothing is wrong: the live board must not say it is paused, now or a little later.
    for (let i = 0; i < 6; i++) {
      await expect(page.getByText('Live updates paused')).toHaveCount(0);
      await page.waitForTimeout(500);
    }
    await shoot(page, 'today-after-setup');
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await rm(dataRoot, { recursive: true, force: true });
  }
});

test('the demo mall, which never closes, shows “Always open” on the Mall tab, and a save keeps it open', async ({ page, hub }) => {
  await signInToPanel(page, hub);
  await openPanelTab(page, 'Mall');
  const always = page.getByLabel('Always open (all day, every day)');
  await expect(always).toBeChecked();
  await expect(dateField(page, 'Monday opens')).toHaveCount(0);
  await shoot(page, 'mall-always-open');
  await page.getByLabel(/^Smallest group shown/).fill('6');
  await page.getByRole('button', { name: 'Save the settings' }).click();
  await expect(page.getByText('Settings saved')).toBeVisible();
  const settings = await page.evaluate(async () => (await fetch('/api/mall/settings')).json());
  expect(settings.k).toBe(6);
  expect(settings.openingHours).toEqual(Array.from({ length: 7 }, () => [{ open: '00:00', close: '24:00' }]));
  // Unticked, the usual hours appear to edit.
  await always.uncheck();
  await expect(dateField(page, 'Monday opens')).toBeVisible();
});

test('a shop report with no visits shows the empty state alone, no empty chart', async ({ page, hub }) => {
  await signInAsShop(page, hub);
  await showReport(page, '2020-01-06', '2020-02-02', 'week');
  await expect(page.getByTestId('chart-empty').first()).toHaveText('No visits in this period');
  await expect(page.locator('.reports canvas')).toHaveCount(0);
  await expect(page.getByTestId('x-axis')).toHaveCount(0);
  await shoot(page, 'shop-report-empty');
});

test('at 390 px the devices list and the Kiosks table are cards: every Revoke button is on screen without scrolling sideways', async ({ page, hub }) => {
  const cookie = await hub.login();
  await hub.pair('kiosk', 'entrance', 'Kiosk by the long escalator to the food court', cookie);
  await hub.pair('screen', 'entrance', 'Entrance screen', cookie);
  await page.setViewportSize({ width: 390, height: 844 });
  await signInToPanel(page, hub);
  const revokes = page.getByRole('button', { name: /^Revoke/ });
  await expect(revokes.first()).toBeVisible();
  for (const where of ['Today & devices', 'Kiosks']) {
    if (where === 'Kiosks') {
      await openPanelTab(page, 'Kiosks');
      await expect(page.getByTestId('kiosk-row').first()).toBeVisible();
    }
    const boxes = await revokes.evaluateAll((els) => els.filter((e) => (e as HTMLElement).offsetParent).map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
    expect(boxes.length, `Revoke buttons on ${where}`).toBeGreaterThan(0);
    for (const b of boxes) {
      expect(b.left, `Revoke on ${where} starts on screen`).toBeGreaterThanOrEqual(0);
      expect(b.right, `Revoke on ${where} ends on screen`).toBeLessThanOrEqual(390);
    }
    await page.screenshot({ path: `${SHOTS}/devices-cards-${where === 'Kiosks' ? 'kiosks' : 'today'}-390.png`, fullPage: true });
  }
  for (const size of WIDTHS.slice(1)) {
    await page.setViewportSize(size);
    await page.screenshot({ path: `${SHOTS}/devices-kiosks-${size.width}.png`, fullPage: true });
  }
  // The Shops table's row buttons too.
  await page.setViewportSize({ width: 390, height: 844 });
  await openPanelTab(page, 'Shops & users');
  const tokens = page.getByRole('button', { name: /^API tokens of/ });
  await expect(tokens.first()).toBeVisible();
  for (const b of await tokens.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect))) expect(b.right, 'API tokens button ends on screen').toBeLessThanOrEqual(390);
});

test('pairing a second kiosk under a name already taken says so beside the Name field, in words', async ({ page, hub, newContext }) => {
  const cookie = await hub.login();
  await hub.pair('kiosk', 'entrance', 'Kiosk by the doors', cookie);
  await signInToPanel(page, hub);
  const device = await (await newContext()).newPage();
  await device.goto(`${hub.url}/kiosk`);
  await fillPairing(page, await pairingCodeOn(device), 'kiosk BY the doors', 'Main entrance');
  await page.getByRole('button', { name: 'Pair', exact: true }).click();
  await expect(page.getByText(/another kiosk is already called “kiosk BY the doors”/i)).toBeVisible();
  await expect(page.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true');
  await expect(device.getByTestId('pairing-code')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/pair-name-taken-1280.png`, fullPage: true });
});
