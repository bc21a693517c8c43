import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { enrolByTap } from '#server/testing/enrol.ts';
import { newCardUid } from '#server/testing/signage.ts';
import { startTestHub, type TestHub } from '#server/testing/test-hub.ts';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures.ts';
import { dateField, typeDate } from './date-fields.ts';

const SHOTS = 'test-results/screenshots';
const DAY = 86400_000;
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

/** The x axis labels of every chart on the page: no two overlap, and each stays inside its chart. */
async function expectTicksApart(page: Page, what: string): Promise<void> {
  // Retried until the chart has settled: uPlot lays out in passes and on resize.
  await expect(async () => ticksApart(page, what)).toPass({ timeout: 5000 });
}

async function ticksApart(page: Page, what: string): Promise<void> {
  const axes = page.getByTestId('x-axis');
  const count = await axes.count();
  expect(count, `charts on ${what}`).toBeGreaterThan(0);
  for (let a = 0; a < count; a++) {
    const axis = axes.nth(a);
    const boxes = await axis.locator('span').evaluateAll((spans) => spans.map((s) => ({ text: s.textContent ?? '', ...s.getBoundingClientRect().toJSON() })));
    const chart = (await axis.locator('xpath=..').boundingBox())!;
    expect(boxes.length, `tick labels on chart ${a} of ${what}`).toBeGreaterThan(1);
    boxes.sort((x, y) => x.left - y.left);
    for (const [i, b] of boxes.entries()) {
      expect(b.left, `"${b.text}" inside chart ${a} of ${what}`).toBeGreaterThanOrEqual(chart.x - 1);
      expect(b.right, `"${b.text}" inside chart ${a} of ${what}`).toBeLessThanOrEqual(chart.x + chart.width + 1);
      if (i > 0) expect(b.left, `"${boxes[i - 1].text}" and "${b.text}" apart on chart ${a} of ${what}`).toBeGreaterThan(boxes[i - 1].right);
    }
  }
}

async function showReport(page: Page, from: string, to: string, by: string): Promise<void> {
  await typeDate(dateField(page, 'From'), from);
  await typeDate(dateField(page, 'To'), to);
  await page.getByRole('combobox', { name: /^By/ }).selectOption(by);
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await expect(page.getByTestId('period-shown')).toContainText(`by ${by}`);
  // uPlot arrives lazily and places the labels on its first draw.
  await expect(page.getByTestId('x-axis').first().locator('span').first()).toBeVisible();
}

/**
 * axe finds nothing on the page, and the report's own controls are 48 px touch targets (the
 * page around it, the shell and the API tokens, is checked by their own tests).
 */
async function expectReportAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`), `axe on ${what}`).toEqual([]);
  const small = await page.evaluate(() =>
    [...document.querySelectorAll('.reports :is(button, a[href], select, label, input)')]
      .filter((el) => (el as HTMLElement).offsetParent !== null)
      .map((el) => ({ el: (el.textContent ?? '').trim().slice(0, 30) || el.tagName, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.height < 48 || r.width < 48)
      .map(({ el, r }) => `${el} ${Math.round(r.width)}x${Math.round(r.height)}`),
  );
  expect(small, `touch targets under 48 px on ${what}`).toEqual([]);
}

async function hoverMiddle(chart: Locator): Promise<void> {
  const over = chart.locator('.u-over');
  const box = (await over.boundingBox())!;
  await over.hover({ position: { x: box.width * 0.6, y: box.height / 2 } });
}

test('a shop reads its report: ticks apart at every bucket size, hovered values, the mall’s names and dates, and an A4 print', async ({ page }) => {
  test.setTimeout(120_000);
  // The hub's clock starts ten weeks back and moves on scan by scan (a till takes scans at most 7 days old).
  const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
  let clock = today - 71 * DAY;
  const hub = await startTestHub({ k: 2, timezone: 'Europe/London' }, undefined, { now: () => clock });
  try {
    await journey(page, hub, today, (t) => (clock = t));
  } finally {
    await hub.stop();
  }
});

async function journey(page: Page, hub: TestHub, today: number, setClock: (t: number) => void): Promise<void> {
  // Four shoppers, two profiles, each at the shop's till twice a week for ten weeks.
  const kiosk = await hub.socket({ token: (await hub.pair('kiosk', 'entrance')).token });
  const profiles = [
    { language: 'cy', homeArea: 'riverside', ageBand: '25-34', interests: ['food'] },
    { language: 'pl', homeArea: 'north', ageBand: '35-44', interests: ['coffee'] },
  ] as const;
  const passes: string[] = [];
  for (const p of [...profiles, ...profiles]) passes.push((await enrolByTap(kiosk, newCardUid(), { ...p, interests: [...p.interests] })).passId);
  for (let day = 70; day >= 1; day -= 3) {
    setClock(today - day * DAY + 9 * 3600_000);
    // Signed in afresh each day: a session does not outlive weeks of the hub's clock.
    const bean = await hub.login('bean-there', 'atrium-demo');
    for (const [i, passId] of passes.entries()) {
      // Two shoppers at a time, so each hour's count reaches K.
      setClock(today - day * DAY + (10 + (i % 2) * 4) * 3600_000 + i * 60_000);
      const scan = await hub.api('/api/till/visits', { cookie: bean, body: { visitId: randomUUID(), passId } });
      expect(scan.status, JSON.stringify(scan.body)).toBe(200);
    }
  }
  setClock(Date.now());

  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${hub.url}/panel`);
  await page.getByLabel('Username').fill('bean-there');
  await page.getByLabel('Password').fill('atrium-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('period-shown')).toBeVisible();

  // Ten weeks by week: "w/c" labels, whole and apart.
  const from = isoDay(today - 70 * DAY);
  const to = isoDay(today - DAY);
  await showReport(page, from, to, 'week');
  await expectTicksApart(page, 'weeks at 1280');
  await expect(page.getByTestId('x-axis').first()).toContainText(/w\/c \d{1,2} [A-Z][a-z]{2}/);

  // Dates in the mall's locale (British English), never ISO or US-style, anywhere on the page but the date inputs.
  const gb = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  await expect(page.getByTestId('period-shown')).toHaveText(`${gb.formatRange(new Date(from), new Date(to))}, by week`);
  const words = await page.locator('.reports').innerText();
  expect(words).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  expect(words).not.toMatch(/\b\d{1,2}\/\d{1,2}\/\d{2,4}\b/);

  // Names, not ids: languages by their own names, the mall's interests, areas and age bands.
  await expect(page.getByTestId('mix-language')).toContainText('Cymraeg');
  await expect(page.getByTestId('mix-language')).toContainText('Polski');
  await expect(page.getByTestId('mix-homeArea')).toContainText('Riverside');
  await expect(page.getByTestId('mix-homeArea')).toContainText('North suburbs');
  // Age bands by the mall's own names (the demo names them as their ids).
  await expect(page.getByTestId('mix-ageBand')).toContainText('25-34');
  await expect(page.getByTestId('mix-segment')).toContainText('Likes Eating out');
  expect(words).not.toMatch(/interest:|\bcy\b|\briverside\b/);

  // The legend names the busiest week when nothing is hovered, and the hovered week's number.
  const chart = page.locator('figure').filter({ has: page.getByTestId('x-axis') }).first();
  await expect(chart.getByTestId('chart-legend')).toContainText(/^Busiest week, .+: \d+ visits?$/);
  await hoverMiddle(chart);
  await expect(chart.getByTestId('legend-value')).toHaveText(/^\d+ visits?$|^fewer than 2 shoppers \(hidden\)$/);
  await expect(chart.getByTestId('chart-legend')).not.toContainText('--');
  // From the keyboard too: the chart is a slider over its weeks, and the legend follows the arrows.
  await page.mouse.move(0, 0);
  await chart.getByRole('slider').focus();
  await page.keyboard.press('Home');
  await expect(chart.getByRole('slider')).toHaveAttribute('aria-valuenow', '0');
  // The first week, as a British range ("21 – 27 Sept 2026").
  await expect(chart.getByTestId('chart-legend')).toHaveText(new RegExp(`^${Number(from.slice(8))}\\s*(–|[A-Z]).* \\d{4}: \\d+ visits?$`));
  await page.keyboard.press('ArrowRight');
  await expect(chart.getByRole('slider')).toHaveAttribute('aria-valuenow', '1');
  await expect(chart.getByRole('slider')).toHaveAttribute('aria-valuetext', /: \d+ visits?$/);

  // The whole heatmap, 23:00 and "All" included, is in view at 1280 px.
  const all = page.getByTestId('heatmap').getByRole('columnheader', { name: 'All' });
  expect((await all.boundingBox())!.x + (await all.boundingBox())!.width).toBeLessThanOrEqual(1280);
  await expect(page.getByTestId('scroll-cue')).toHaveCount(0);
  await expectReportAccessible(page, 'the shop report at 1280');
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/tenant-report-1280.png`, fullPage: true });

  // Every bucket size, at a wall monitor's and a phone's width: labels apart.
  const twoYears = isoDay(today - 730 * DAY);
  for (const width of [1920, 390]) {
    await page.setViewportSize({ width, height: 900 });
    for (const [start, by] of [[twoYears, 'day'], [twoYears, 'week'], [twoYears, 'month'], [twoYears, 'year'], [from, 'day']] as const) {
      await showReport(page, start, to, by);
      await expectTicksApart(page, `${by}s from ${start} at ${width}`);
      if (start === twoYears) await page.locator('.charts figure').first().screenshot({ path: `${SHOTS}/tenant-report-${by}s-2y-${width}.png` });
    }
    await showReport(page, from, to, 'week');
    await expectTicksApart(page, `weeks at ${width}`);
    await page.screenshot({ path: `${SHOTS}/tenant-report-${width}.png`, fullPage: true });
    await page.locator('.charts').screenshot({ path: `${SHOTS}/tenant-report-charts-${width}.png` });
    if (width === 390) await page.screenshot({ path: `${SHOTS}/tenant-report-390-top.png`, clip: { x: 0, y: 0, width: 390, height: 1500 }, fullPage: true });
  }
  // At a phone's width the heatmap scrolls, and says so.
  await expect(page.getByTestId('scroll-cue').first()).toBeVisible();
  await expectReportAccessible(page, 'the shop report at 390');

  // The same charts follow the window back out to 1280 px: redrawn wider, labels re-chosen.
  await page.setViewportSize({ width: 1280, height: 900 });
  await expect.poll(() => page.locator('.charts canvas').first().evaluate((c) => c.getBoundingClientRect().width)).toBeGreaterThan(900);
  await expectTicksApart(page, 'weeks after widening to 1280');

  // Printed from a wall monitor: only the report, on A4 portrait pages, the charts' ticks chosen for the paper.
  await page.setViewportSize({ width: 1920, height: 900 });
  await showReport(page, twoYears, to, 'day');
  await page.emulateMedia({ media: 'print' });
  await expectTicksApart(page, 'two years of days, printed');
  await page.emulateMedia({ media: 'screen' });
  await showReport(page, from, to, 'week');
  await page.emulateMedia({ media: 'print' });
  await expectTicksApart(page, 'weeks, printed');
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Print' })).toBeHidden();
  await page.screenshot({ path: `${SHOTS}/tenant-report-print.png`, fullPage: true });
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  writeFileSync(`${SHOTS}/tenant-report.pdf`, pdf);
  const text = pdf.toString('latin1');
  const pages = text.match(/\/Type\s*\/Page\b/g)?.length ?? 0;
  expect(pages, 'A4 pages').toBeGreaterThanOrEqual(2);
  expect(pages, 'A4 pages').toBeLessThanOrEqual(5);
  // Every page is A4 portrait (595 x 842 points), none widened by a table.
  const boxes = [...text.matchAll(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/g)].map((m) => [Math.floor(Number(m[1])), Math.floor(Number(m[2]))]);
  expect(boxes.length).toBeGreaterThan(0);
  for (const box of boxes) expect(box).toEqual([595, 842]);
}
