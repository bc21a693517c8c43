import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cell, TenantReport } from '#shared/schemas/reports.ts';
import { isoToDay, weekdayOf } from '../mall/local-time.ts';
import type { StoreVisitRow } from '../shops/store-visits.ts';
import { computeReport, type ReportInput } from './compute.ts';
import { previousPeriod } from './periods.ts';

const FROM = isoToDay('2026-03-02'); // a Monday
const TO = isoToDay('2026-03-29'); // four whole weeks

function input(rows: StoreVisitRow[], k = 5, extra: Partial<ReportInput> = {}): ReportInput {
  const firstSeen = new Map<string, number>();
  for (const [day, , v] of rows) if (!(firstSeen.get(v)! <= day)) firstSeen.set(v, day);
  return {
    tenantId: 'bean-there',
    fromDay: FROM,
    toDay: TO,
    granularity: 'week',
    k,
    rows: rows.filter((r) => r[0] >= FROM - 60 && r[0] <= TO),
    previousRows: rows.filter((r) => r[0] >= FROM - 28 && r[0] < FROM),
    previous: previousPeriod(FROM, TO),
    firstSeen,
    staffingRows: rows.filter((r) => r[0] > TO - 56 && r[0] <= TO),
    staffingWeeks: 8,
    liftHours: 4,
    promotions: [],
    profileOf: () => ({ ageBand: '25-34', homeArea: 'riverside', language: 'en' }),
    ...extra,
  };
}

describe('a shop report over a hand-made month', () => {
  // 12 regulars: every Monday of the month at 10:xx; 8 of them also every Saturday at 15:xx.
  // 6 one-off visitors on Wednesday 2026-03-11, 4 at 12:xx and 2 at 18:xx. 2 visitors (v-old-*)
  // last seen 90 days before the month come back with the regulars every Monday (10:30) and on
  // the last Saturday (15:30). A regular was first seen in February (returning); everyone else is
  // new this month. Every day with visits has at least K shoppers, and every range inside the
  // month leaves out 0 or at least K of them, so the month's totals are safe from differencing
  // (differencing.ts). (Had the old visitors come only on the first and last days, the middle of
  // the month would single them out: the totals would be hidden.)
  const rows: StoreVisitRow[] = [];
  const mondays = [0, 7, 14, 21].map((d) => FROM + d);
  for (let i = 0; i < 12; i++) {
    for (const m of mondays) rows.push([m, 600 + i, `reg-${i}`, 'entrance']);
    if (i < 8) for (const m of mondays) rows.push([m + 5, 900 + i, `reg-${i}`, 'food-court']);
  }
  rows.push([FROM - 10, 700, 'reg-0', null]);
  for (let i = 0; i < 6; i++) rows.push([FROM + 9, (i < 4 ? 720 : 1080) + i, `once-${i}`, 'fashion']);
  for (let i = 0; i < 2; i++) {
    rows.push([FROM - 90, 600, `v-old-${i}`, null]);
    for (const m of mondays) rows.push([m, 630, `v-old-${i}`, 'tech']);
    rows.push([FROM + 26, 930, `v-old-${i}`, 'tech']);
  }
  const report = computeReport(input(rows));
  // The same visits as a whole calendar month (1–31 March holds no others), where the measures
  // that move with the period's ends are shown; compared with February.
  const march = { fromDay: isoToDay('2026-03-01'), toDay: isoToDay('2026-03-31') };
  const monthReport = computeReport(
    input(rows, 5, { ...march, granularity: 'month', previous: previousPeriod(march.fromDay, march.toDay), previousRows: rows.filter((r) => r[0] >= isoToDay('2026-02-01') && r[0] < march.fromDay) }),
  );

  it('counts visits, visitors, new and returning', () => {
    // 12×4 Mondays + 8×4 Saturdays + 6 + 2×5 = 96 visits by 20 visitors.
    expect(report.summary.visits).toEqual({ value: 96, suppressed: false });
    expect(report.summary.uniqueVisitors).toEqual({ value: 20, suppressed: false });
    expect(monthReport.summary.visits).toEqual(report.summary.visits);
    expect(monthReport.summary.uniqueVisitors).toEqual(report.summary.uniqueVisitors);
    // Returning: reg-0 (seen in February) and the two old visitors: 3 people, under K, so both
    // new and returning are hidden (hiding one alone would let total − other reveal it).
    expect(monthReport.summary.wholeMonth).toBe(true);
    expect(monthReport.summary.returningVisitors).toEqual({ value: null, suppressed: true });
    expect(monthReport.summary.newVisitors).toEqual({ value: null, suppressed: true });
    // 14 of 20 came more than once.
    expect(monthReport.summary.repeatRate).toBe(0.7);
    // Two won back after 60+ days: fewer than K.
    expect(monthReport.summary.lapsedWonBack).toEqual({ value: null, suppressed: true });
    expect(monthReport.previous).toMatchObject({ from: '2026-02-01', to: '2026-02-28' });
  });

  it('shows the measures that move with the period’s ends for whole calendar months only', () => {
    expect(report.summary.wholeMonth).toBe(false);
    expect(report.summary.repeatRate).toBeNull();
    expect(report.summary.averageDaysBetweenVisits).toBeNull();
    for (const c of [report.summary.newVisitors, report.summary.returningVisitors, report.summary.lapsedWonBack]) expect(c).toEqual({ value: null, suppressed: true });
    expect(report.frequency).toEqual([]);
    expect(report.mix.priorZone).toEqual([]);
    expect(monthReport.mix.priorZone.length).toBeGreaterThan(0);
  });

  it('builds hours from the whole weeks inside the period', () => {
    expect(report.hoursCover).toEqual({ from: '2026-03-02', to: '2026-03-29' });
    expect(monthReport.hoursCover).toEqual({ from: '2026-03-02', to: '2026-03-29' });
    // Wednesday 4 March to Sunday 8 March holds no whole week: no hours, but weekdays still.
    const short = computeReport(input(rows, 5, { fromDay: FROM + 2, toDay: FROM + 6 }));
    expect(short.hoursCover).toBeNull();
    expect(short.byHour.every((c) => c.suppressed)).toBe(true);
    expect(short.byWeekday[5]).toEqual({ value: 8, suppressed: false });
  });

  it('builds the time tables with suppression', () => {
    expect(report.byHour[10]).toEqual({ value: 56, suppressed: false });
    expect(report.byHour[15]).toEqual({ value: 34, suppressed: false });
    // 12:00 has 4 shoppers and 18:00 has 2: both hidden (two hidden cells, neither is the total minus the rest).
    expect(report.byHour[12]).toEqual({ value: null, suppressed: true });
    expect(report.byHour[18]).toEqual({ value: null, suppressed: true });
    expect(report.byHour[3]).toEqual({ value: 0, suppressed: false });
    expect(report.byWeekday[0]).toEqual({ value: 56, suppressed: false });
    expect(report.byWeekday[5]).toEqual({ value: 34, suppressed: false });
    expect(report.byWeekday[2]).toEqual({ value: 6, suppressed: false });
    expect(report.heatmap[0][10]).toEqual({ value: 56, suppressed: false });
    expect(report.heatmap[2][18].suppressed).toBe(true);
  });

  it('buckets by ISO week and compares with the previous four weeks', () => {
    expect(report.series.map((s) => s.label)).toEqual(['week of 2026-03-02', 'week of 2026-03-09', 'week of 2026-03-16', 'week of 2026-03-23']);
    // Week 2: 12 + 2 on Monday, 6 on Wednesday, 8 on Saturday.
    expect(report.series[1].visits).toEqual({ value: 28, suppressed: false });
    // Week 4's Saturday alone would leave out just the 4 Monday-only regulars (the old visitors
    // came that Saturday too): hidden, and one more week with it so the month's total minus the
    // others does not give it back.
    expect(report.series[3].visits).toEqual({ value: null, suppressed: true });
    expect(report.series.filter((x) => x.visits.suppressed)).toHaveLength(2);
    expect(report.previous.summary.visits).toEqual({ value: null, suppressed: true });
  });

  it('gives the visit-frequency distribution', () => {
    const f = Object.fromEntries(monthReport.frequency.map((x) => [x.label, x.visitors]));
    // 6 once-only; 4 regulars ×4 and the 2 old visitors ×5; 8 regulars ×8.
    expect(f['1']).toEqual({ value: 6, suppressed: false });
    expect(f['2']).toEqual({ value: 0, suppressed: false });
    expect(f['4–5']).toEqual({ value: 6, suppressed: false });
    expect(f['6–9']).toEqual({ value: 8, suppressed: false });
  });

  it('excludes shoppers who withdrew analytics', () => {
    // Without the one-off visitors, the 4 Monday-only regulars are the earliest to stop coming:
    // under K = 5 that would show by differencing, so the check uses K = 4.
    const without = computeReport(input(rows, 4, { profileOf: (v) => (v.startsWith('once-') ? null : {}) }));
    expect(without.summary.uniqueVisitors.value).toBe(14);
    expect(computeReport(input(rows, 5, { profileOf: (v) => (v.startsWith('once-') ? null : {}) })).summary.uniqueVisitors.suppressed).toBe(true);
  });
});

/** Every cell of a report with the distinct shoppers behind it, recomputed from raw rows. */
function cellsWithShoppers(report: TenantReport, rows: StoreVisitRow[]): { cell: Cell; shoppers: number }[] {
  const inPeriod = rows.filter((r) => r[0] >= FROM && r[0] <= TO);
  const who = (pred: (r: StoreVisitRow) => boolean) => new Set(inPeriod.filter(pred).map((r) => r[2])).size;
  const out: { cell: Cell; shoppers: number }[] = [];
  report.byHour.forEach((cell, h) => out.push({ cell, shoppers: who((r) => Math.floor(r[1] / 60) === h) }));
  report.byWeekday.forEach((cell, d) => out.push({ cell, shoppers: who((r) => weekdayOf(r[0]) === d) }));
  report.heatmap.forEach((row, d) => row.forEach((cell, h) => out.push({ cell, shoppers: who((r) => weekdayOf(r[0]) === d && Math.floor(r[1] / 60) === h) })));
  out.push({ cell: report.summary.visits, shoppers: who(() => true) });
  out.push({ cell: report.summary.uniqueVisitors, shoppers: who(() => true) });
  const counts = new Map<string, number>();
  for (const r of inPeriod) counts.set(r[2], (counts.get(r[2]) ?? 0) + 1);
  const bands = [[1, 1], [2, 2], [3, 3], [4, 5], [6, 9], [10, Infinity]];
  report.frequency.forEach((f, i) => out.push({ cell: f.visitors, shoppers: [...counts.values()].filter((n) => n >= bands[i][0] && n <= bands[i][1]).length }));
  return out;
}

describe('privacy: suppression holds on any data', () => {
  const row = fc.tuple(
    fc.integer({ min: FROM - 40, max: TO }),
    fc.integer({ min: 0, max: 1439 }),
    fc.constantFrom(...Array.from({ length: 30 }, (_, i) => `s${i}`)),
    fc.constantFrom('entrance', 'food-court', null),
  ) as fc.Arbitrary<StoreVisitRow>;

  it('never shows a cell describing 1..K-1 shoppers, and never leaves one hidden cell in a summed group', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 300 }), fc.integer({ min: 2, max: 7 }), (rows, k) => {
        const report = computeReport(input(rows, k));
        for (const { cell, shoppers } of cellsWithShoppers(report, rows)) {
          if (!cell.suppressed) expect(shoppers === 0 || shoppers >= k).toBe(true);
          else expect(cell.value).toBeNull();
        }
        const groups: Cell[][] = [
          [report.summary.visits, ...report.byHour],
          [report.summary.visits, ...report.byWeekday],
          [report.summary.visits, ...report.series.map((x) => x.visits)],
          ...report.heatmap.map((r, d) => [report.byWeekday[d], ...r]),
          ...report.byHour.map((h, hour) => [h, ...report.heatmap.map((r) => r[hour])]),
          [report.summary.uniqueVisitors, ...report.frequency.map((f) => f.visitors)],
          [report.summary.uniqueVisitors, report.summary.newVisitors, report.summary.returningVisitors],
          // Segments overlap and are no sum; the other mixes each add up to the unique visitors.
          ...Object.entries(report.mix).filter(([d]) => d !== 'segment').map(([, m]) => [report.summary.uniqueVisitors, ...m.map((x) => x.visitors)]),
        ];
        for (const g of groups) {
          // A table not published for this period (whole months only) is no sum.
          if (g.length === 1) continue;
          const hidden = g.filter((c) => c.suppressed).length;
          // One hidden member of a sum would be the total minus the others.
          expect(hidden).not.toBe(1);
        }
      }),
      { numRuns: 400 },
    );
  });
});
