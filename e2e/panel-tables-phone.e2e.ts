import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, noSidewaysScroll, settle, signInToPanel, test, WIDTHS } from './fixtures.ts';

/*
 * Every panel table on a phone (issue #17: the Loyalty tab's rewards table ran off a 390 px
 * screen): no table scrolls sideways inside its box, and every button in a table is on screen.
 * Screenshots of each at 390, 1280 and 1920 px land in test-results/tables/ to look at.
 */

const DIR = 'test-results/tables';

/** Each tab with a table, and what on it says its rows are in. */
const TABLES = [
  { hash: 'today', label: 'Today & devices', sub: null },
  { hash: 'promotions', label: 'Promotions', sub: null },
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

test('every panel table fits a 390 px phone with its buttons on screen, and is looked at on a laptop and a wall monitor', async ({ hub, page }) => {
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
      if (size.width === 390) {
        await noSidewaysScroll(page, `the ${t.label} tab at 390 px`);
        problems.push(...(await overflowing(page)).map((p) => `${t.label}: ${p}`));
      }
    }
    await page.setViewportSize(WIDTHS[0]);
  }
  expect(problems).toEqual([]);
});
