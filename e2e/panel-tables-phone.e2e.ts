import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import sharp from 'sharp';
import { expect, noSidewaysScroll, settle, signInToPanel, test, WIDTHS } from './fixtures.ts';
import { signInAsShop } from './shop-report.ts';

/*
 * Every panel table at 390, 1280 and 1920 px (issue #17: the Loyalty tab's rewards table ran off a 390 px
 * screen; the shop's API tokens table reached its card's edge): no table scrolls sideways inside
 * its box, and every button in a table is on screen. On a laptop and a wall monitor each row's
 * buttons sit on one line, each on one line of words (the Promotions rows' buttons wrapped at
 * 1280 px). Screenshots of each at 390, 1280 and 1920 px land in test-results/tables/ to look at.
 */

const DIR = 'test-results/tables';

/** Each tab with a table, and what on it says its rows are in. */
const TABLES = [
  { hash: 'today', label: 'Today & devices', sub: null },
  { hash: 'screens', label: 'Screens', sub: null },
  { hash: 'promotions', label: 'Promotions', sub: null },
  { hash: 'media', label: 'Media', sub: null },
  { hash: 'segments', label: 'Segments', sub: null },
  { hash: 'kiosks', label: 'Kiosks', sub: null },
  { hash: 'people', label: 'Shops & users', sub: null },
  { hash: 'loyalty', label: 'Loyalty', sub: 'Rewards' },
  { hash: 'integrations', label: 'Integrations', sub: 'Webhooks' },
  { hash: 'audit', label: 'Audit log', sub: null },
] as const;

/** Boxes that scroll sideways around a table, and table buttons whose box leaves the window. */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const name = (el: Element) => (el.getAttribute('aria-label') ?? el.querySelector('caption, th')?.textContent ?? el.tagName).trim().slice(0, 60);
    for (const table of document.querySelectorAll('main table')) {
      if (!(table as HTMLElement).offsetParent) continue; // hidden (another tab)
      for (let box = table.parentElement; box && box !== document.body; box = box.parentElement) {
        // A report's wide table may scroll in its own region when a cue says so (tenant/ScrollRegion.svelte).
        if (box.parentElement?.querySelector(':scope > [data-testid="scroll-cue"]')) continue;
        if (box.scrollWidth > box.clientWidth + 1 && getComputedStyle(box).overflowX !== 'visible') found.push(`${name(table)} scrolls sideways in its box (${box.scrollWidth} > ${box.clientWidth})`);
      }
      for (const b of table.querySelectorAll('button, a, input, select')) {
        const r = b.getBoundingClientRect();
        if (r.width && (r.left < 0 || r.right > window.innerWidth + 0.5)) found.push(`${(b.textContent || b.getAttribute('aria-label') || b.tagName).trim()} leaves the window (${Math.round(r.left)}–${Math.round(r.right)})`);
      }
    }
    return found;
  });
}

/**
 * Rows whose buttons do not sit on one line: a button below another in its cell, or a button
 * whose words wrap (taller than its 48 px target). Menus and forms opened in a row are not rows' buttons.
 */
async function wrappedActions(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const words = (el: Element) => (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 60);
    for (const row of document.querySelectorAll('main tbody tr')) {
      if (!(row as HTMLElement).offsetParent) continue;
      for (const cell of row.children) {
        const buttons = [...cell.querySelectorAll('button')].filter((b) => b.offsetParent && !b.closest('form, [role="menu"], [role="dialog"]'));
        if (buttons.length === 0) continue;
        const boxes = buttons.map((b) => b.getBoundingClientRect());
        const top = Math.min(...boxes.map((r) => r.top));
        buttons.forEach((b, i) => {
          if (boxes[i].top - top > 2) found.push(`${words(b)} sits below its row's first button (row: ${words(row.children[0] ?? row)})`);
          if (boxes[i].height > 50) found.push(`${words(b)} wraps its words (${Math.round(boxes[i].height)} px tall)`);
        });
      }
    }
    return found;
  });
}

test('every panel table fits a phone, a laptop and a wall monitor with its buttons on screen, each row’s buttons on one line on the wider two', async ({ hub, page }) => {
  test.setTimeout(180_000);
  mkdirSync(DIR, { recursive: true });
  const cookie = await hub.login();
  await hub.pair('kiosk', 'entrance', 'Kiosk by the long escalator to the food court');
  await hub.pair('screen', 'food-court', 'Screen by the fountain');
  for (const body of [
    { name: 'a free coffee after five visits this month', kind: 'stamps', counts: 'mall', tenantId: 'bean-there', stamps: { visits: 5, periodDays: 30 }, validDays: 14, onRedeem: 'reset' },
    { name: 'a cake', kind: 'stamps', counts: 'mall', stamps: { visits: 3, periodDays: 30 }, validDays: 14, onRedeem: 'reset' },
  ]) {
    expect((await hub.api('/api/rewards', { cookie, body })).status).toBeLessThan(300);
  }
  expect((await hub.api('/api/webhooks', { cookie, body: { url: 'https://receiver.example.com/atrium/hooks/visits-and-passes', events: ['visit.checked_in'] } })).status).toBeLessThan(300);
  const segment = { id: 'custom:bookworms', name: 'Bookworms who come back for the weekend readings', match: 'all', conditions: [{ kind: 'profile', field: 'interests', anyOf: ['books'] }] };
  expect((await hub.api('/api/segments', { cookie, body: segment })).status).toBe(201);
  const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#c0392b' } }).png().toBuffer();
  const upload = await fetch(`${hub.url}/api/media/items?name=${encodeURIComponent('Autumn window display, food court side')}&tags=ads`, { method: 'POST', headers: { cookie, 'content-type': 'image/png' }, body: new Blob([new Uint8Array(png)]) });
  expect(upload.status).toBeLessThan(300);

  await page.setViewportSize(WIDTHS[0]);
  await signInToPanel(page, hub);
  const problems: string[] = [];
  for (const t of TABLES) {
    await page.evaluate((h) => (location.hash = h), t.hash);
    await expect(page.locator('#panel-nav a[aria-current="page"]')).toHaveText(t.label);
    if (t.sub) await page.getByRole('tab', { name: t.sub }).click();
    await expect(page.locator('main table').first()).toBeVisible();
    await settle(page);
    for (const size of WIDTHS) {
      await page.setViewportSize(size);
      await settle(page);
      await page.screenshot({ path: `${DIR}/${t.hash}-${size.width}.png`, fullPage: true });
      await noSidewaysScroll(page, `the ${t.label} tab at ${size.width} px`);
      // At every width nothing scrolls sideways (a row's last button cut off at 1280 px is as lost as at 390).
      problems.push(...(await overflowing(page)).map((p) => `${t.label} at ${size.width} px: ${p}`));
      if (size.width > 390) problems.push(...(await wrappedActions(page)).map((p) => `${t.label} at ${size.width} px: ${p}`));
    }
    await page.setViewportSize(WIDTHS[0]);
  }
  expect(problems).toEqual([]);
});

test('the shop’s own pages fit a 390 px phone, and their rows’ buttons sit on one line on a laptop and a wall monitor', async ({ hub, page }) => {
  test.setTimeout(120_000);
  mkdirSync(DIR, { recursive: true });
  const cookie = await hub.login();
  const reward = { name: 'a free flat white after five visits this month', kind: 'stamps', counts: 'mall', tenantId: 'bean-there', stamps: { visits: 5, periodDays: 30 }, validDays: 14, onRedeem: 'reset' };
  expect((await hub.api('/api/rewards', { cookie, body: reward })).status).toBeLessThan(300);

  await page.setViewportSize(WIDTHS[0]);
  await signInAsShop(page, hub);
  // A token with a long name, so the tokens table has a row to lay out.
  await page.getByLabel('Token name').fill('Back office stock and loyalty export');
  await page.getByRole('button', { name: 'Create token' }).click();
  await expect(page.getByTestId('new-token')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Revoke Back office stock and loyalty export' })).toBeVisible();
  const problems: string[] = [];
  for (const size of WIDTHS) {
    await page.setViewportSize(size);
    await settle(page);
    await page.screenshot({ path: `${DIR}/shop-${size.width}.png`, fullPage: true });
    await noSidewaysScroll(page, `the shop’s page at ${size.width} px`);
    problems.push(...(await overflowing(page)).map((p) => `at ${size.width} px: ${p}`));
    if (size.width > 390) problems.push(...(await wrappedActions(page)).map((p) => `at ${size.width} px: ${p}`));
  }
  expect(problems).toEqual([]);
});
