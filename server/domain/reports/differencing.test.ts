import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TenantReport } from '#shared/schemas/reports.ts';
import { isoToDay, weekdayOf } from '../mall/local-time.ts';
import type { StoreVisitRow } from '../shops/store-visits.ts';
import { computeReport } from './compute.ts';
import { previousPeriod } from './periods.ts';

const D0 = isoToDay('2026-03-02'); // a Monday
const DAYS = 14;

function report(rows: StoreVisitRow[], fromDay: number, toDay: number, granularity: TenantReport['granularity'], k: number): TenantReport {
  const firstSeen = new Map<string, number>();
  for (const [day, , v] of rows) firstSeen.set(v, Math.min(firstSeen.get(v) ?? Infinity, day));
  const previous = previousPeriod(fromDay, toDay);
  return computeReport({
    tenantId: 'bean-there',
    fromDay,
    toDay,
    granularity,
    k,
    rows: rows.filter((r) => r[0] >= fromDay - 60 && r[0] <= toDay),
    previousRows: rows.filter((r) => r[0] >= previous.fromDay && r[0] <= previous.toDay),
    previous,
    firstSeen,
    staffingRows: [],
    staffingWeeks: 8,
    liftHours: 4,
    promotions: [],
    // A fixed age band and language per shopper: groups whose membership does not move with the range.
    profileOf: (v) => ({ ageBand: BANDS[Number(v.slice(1)) % BANDS.length], language: Number(v.slice(1)) % 2 ? 'pl' : 'en' }),
  });
}

const BANDS = ['18-24', '25-34', '35-44'];
const WEEKDAY_KEYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** A published figure of one table cell over the days it covers. */
interface CellFigure {
  from: number;
  to: number;
  value: number;
}

/**
 * Every cell below the summary a shop can see, over every day/week/month query: the cell's key
 * (hour, weekday, weekday × hour, or a visitor group) and the days its figure covers. One key and
 * one span give one answer, whichever query it came in.
 */
function everyPublishedCell(rows: StoreVisitRow[], k: number): Map<string, CellFigure[]> {
  const seen = new Map<string, Map<string, CellFigure>>();
  const note = (key: string, from: number, to: number, value: number | null) => {
    if (value === null) return;
    const spans = seen.get(key) ?? new Map<string, CellFigure>();
    seen.set(key, spans);
    const span = `${from}..${to}`;
    const before = spans.get(span);
    if (before) expect(before.value, `${key} over ${span}`).toBe(value);
    else spans.set(span, { from, to, value });
  };
  for (const granularity of ['day', 'week', 'month'] as const) {
    for (let from = D0; from < D0 + DAYS; from++) {
      for (let to = from; to < D0 + DAYS; to++) {
        const r = report(rows, from, to, granularity, k);
        r.byWeekday.forEach((c, wd) => note(`visits ${WEEKDAY_KEYS[wd]}`, from, to, c.value));
        if (r.hoursCover) {
          const [cf, ct] = [isoToDay(r.hoursCover.from), isoToDay(r.hoursCover.to)];
          r.byHour.forEach((c, h) => note(`visits ${h}:00`, cf, ct, c.value));
          r.heatmap.forEach((row, wd) => row.forEach((c, h) => note(`visits ${WEEKDAY_KEYS[wd]} ${h}:00`, cf, ct, c.value)));
        } else expect(r.byHour.every((c) => c.suppressed)).toBe(true);
        for (const [dimension, cells] of Object.entries(r.mix)) for (const c of cells) note(`visitors ${dimension}=${c.key}`, from, to, c.visitors.value);
        // Measures whose membership moves with the range: never outside a whole month (none in this window).
        expect(r.frequency).toEqual([]);
        expect(r.mix.priorZone).toEqual([]);
        expect(r.summary.newVisitors.suppressed && r.summary.returningVisitors.suppressed && r.summary.lapsedWonBack.suppressed).toBe(true);
        expect(r.summary.repeatRate).toBeNull();
      }
    }
  }
  return new Map([...seen].map(([key, spans]) => [key, [...spans.values()]]));
}

/** The rows a cell key counts. */
function rowsOfCell(rows: StoreVisitRow[], key: string): StoreVisitRow[] {
  const [kind, rest] = [key.slice(0, key.indexOf(' ')), key.slice(key.indexOf(' ') + 1)];
  if (kind === 'visitors') {
    const [dimension, value] = rest.split('=');
    return rows.filter((r) => {
      const n = Number(r[2].slice(1));
      if (dimension === 'ageBand') return BANDS[n % BANDS.length] === value;
      if (dimension === 'language') return (n % 2 ? 'pl' : 'en') === value;
      return value === 'not given';
    });
  }
  const parts = rest.split(' ');
  const wd = WEEKDAY_KEYS.indexOf(parts[0]);
  const hour = parts.find((p) => p.endsWith(':00'));
  return rows.filter((r) => (wd < 0 || weekdayOf(r[0]) === wd) && (hour === undefined || Math.floor(r[1] / 60) === Number(hour.slice(0, -3))));
}

interface Published {
  from: number;
  to: number;
  visits: number | null;
  unique: number | null;
}

/** Every range a shop can see a count for, over every day/week/month query inside the window. */
function everyPublishedRange(rows: StoreVisitRow[], k: number): Map<string, Published> {
  const seen = new Map<string, Published>();
  const note = (from: number, to: number, visits: number | null, unique: number | null) => {
    if (visits === null && unique === null) return;
    const key = `${from}..${to}`;
    const before = seen.get(key);
    // One range, one answer, whichever query it came in.
    if (before) expect({ visits: before.visits, unique: before.unique }, key).toEqual({ visits, unique });
    else seen.set(key, { from, to, visits, unique });
  };
  for (const granularity of ['day', 'week', 'month'] as const) {
    for (let from = D0; from < D0 + DAYS; from++) {
      for (let to = from; to < D0 + DAYS; to++) {
        const r = report(rows, from, to, granularity, k);
        note(from, to, r.summary.visits.value, r.summary.uniqueVisitors.value);
        const p = previousPeriod(from, to);
        note(p.fromDay, p.toDay, r.previous.summary.visits.value, r.previous.summary.uniqueVisitors.value);
        for (const s of r.series) note(isoToDay(s.from), isoToDay(s.to), s.visits.value, s.uniqueVisitors.value);
      }
    }
  }
  return seen;
}

/** The distinct shoppers with a visit on any of these days, from the raw rows. */
const shoppersOn = (rows: StoreVisitRow[], days: (d: number) => boolean) => new Set(rows.filter((r) => days(r[0])).map((r) => r[2])).size;
const fewButSome = (n: number, k: number) => n > 0 && n < k;

describe('shops’ reports cannot be differenced into fewer than K shoppers', () => {
  it('the reported case: 5 on one day, 6 over two days, "< K" the next: the two days are not published', () => {
    const rows: StoreVisitRow[] = [];
    for (let i = 0; i < 5; i++) rows.push([D0, 600 + i, `s${i}`, null], [D0 + 1, 600 + i, `s${i}`, null]);
    rows.push([D0 + 1, 700, 'alone', null]);
    expect(report(rows, D0, D0, 'day', 5).summary.uniqueVisitors).toEqual({ value: 5, suppressed: false });
    const both = report(rows, D0, D0 + 1, 'day', 5);
    expect(both.summary.uniqueVisitors).toEqual({ value: null, suppressed: true });
    expect(both.summary.visits).toEqual({ value: null, suppressed: true });
    // Nor can the series or the hours add it back up.
    expect(both.series.filter((s) => s.uniqueVisitors.suppressed).length).toBeGreaterThanOrEqual(1);
  });

  it('over random data and every day/week/month query, no difference of published ranges isolates 1..K-1 shoppers', () => {
    const row = fc.tuple(
      fc.integer({ min: D0 - DAYS, max: D0 + DAYS - 1 }),
      fc.integer({ min: 0, max: 1439 }),
      fc.constantFrom(...Array.from({ length: 14 }, (_, i) => `s${i}`)),
      fc.constant(null),
    ) as fc.Arbitrary<StoreVisitRow>;
    fc.assert(
      fc.property(fc.array(row, { minLength: 10, maxLength: 160 }), fc.integer({ min: 2, max: 5 }), (rows, k) => {
        const published = [...everyPublishedRange(rows, k).values()];
        const inRange = (r: Published) => (d: number) => d >= r.from && d <= r.to;
        for (const b of published) {
          const subs = published.filter((a) => a !== b && a.from >= b.from && a.to <= b.to);
          for (const a of subs) {
            // Unique visitors: the difference is the shoppers seen only in the part cut off.
            if (a.unique !== null && b.unique !== null) expect(fewButSome(b.unique - a.unique, k), `${a.from}..${a.to} in ${b.from}..${b.to}`).toBe(false);
            // Visits: the difference is the visits of the days cut off, by these shoppers.
            if (a.visits !== null && b.visits !== null) {
              expect(fewButSome(shoppersOn(rows, (d) => inRange(b)(d) && !inRange(a)(d)), k)).toBe(false);
            }
          }
          // The middle left between a published start and a published end.
          if (b.visits === null) continue;
          const starts = subs.filter((a) => a.from === b.from && a.visits !== null);
          const ends = subs.filter((a) => a.to === b.to && a.visits !== null);
          for (const s of starts) {
            for (const e of ends) {
              if (s.to >= e.from) continue;
              expect(fewButSome(shoppersOn(rows, (d) => d > s.to && d < e.from), k), `${b.from}..${b.to} minus ${s.from}..${s.to} and ${e.from}..${e.to}`).toBe(false);
            }
          }
        }
      }),
      { numRuns: 25 },
    );
  }, 120_000);

  it('over random data and every day/week/month query, no cell of hours, weekdays, weekday × hour or visitor groups differences to 1..K-1 shoppers', () => {
    const row = fc.tuple(
      fc.integer({ min: D0 - DAYS, max: D0 + DAYS - 1 }),
      fc.integer({ min: 0, max: 1439 }),
      fc.constantFrom(...Array.from({ length: 14 }, (_, i) => `s${i}`)),
      fc.constant(null),
    ) as fc.Arbitrary<StoreVisitRow>;
    let compared = 0;
    fc.assert(
      fc.property(fc.array(row, { minLength: 10, maxLength: 200 }), fc.integer({ min: 2, max: 4 }), (rows, k) => {
        for (const [key, figures] of everyPublishedCell(rows, k)) {
          const cellRows = rowsOfCell(rows, key);
          const shoppers = (days: (d: number) => boolean) => new Set(cellRows.filter((r) => days(r[0])).map((r) => r[2])).size;
          const inSpan = (f: CellFigure) => (d: number) => d >= f.from && d <= f.to;
          for (const b of figures) {
            const subs = figures.filter((a) => a !== b && a.from >= b.from && a.to <= b.to);
            for (const a of subs) {
              compared++;
              // Unique visitors of a group: the difference is the members seen only in the part cut off.
              if (key.startsWith('visitors')) expect(fewButSome(b.value - a.value, k), `${key}: ${a.from}..${a.to} in ${b.from}..${b.to}`).toBe(false);
              // Visits: the difference is the visits of the days cut off, by this cell's shoppers.
              else expect(fewButSome(shoppers((d) => inSpan(b)(d) && !inSpan(a)(d)), k), `${key}: ${a.from}..${a.to} in ${b.from}..${b.to}`).toBe(false);
            }
            if (key.startsWith('visitors')) continue;
            // The middle left between a published start and a published end.
            for (const s of subs.filter((a) => a.from === b.from)) {
              for (const e of subs.filter((a) => a.to === b.to && a.from > s.to)) {
                expect(fewButSome(shoppers((d) => d > s.to && d < e.from), k), `${key}: ${b.from}..${b.to} minus ${s.from}..${s.to} and ${e.from}..${e.to}`).toBe(false);
              }
            }
          }
        }
      }),
      { numRuns: 10 },
    );
    // The check compared nested figures, not nothing.
    expect(compared).toBeGreaterThan(0);
  }, 240_000);
});
