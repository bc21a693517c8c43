/**
 * The time-of-day tables (visits by hour, weekday × hour, and the staffing averages) built from
 * whole ISO weeks, so two reports cannot be subtracted to give away a few shoppers (rule 2 across
 * queries; see differencing.ts for the ranges' own counts).
 *
 * Why weeks: a shop may ask for any range, so "hour 14 over 1–30 Nov" minus "hour 14 over 2–30
 * Nov" would be hour 14 of 1 Nov alone, a handful of shoppers though each range holds many. Here
 * every time-of-day figure is a sum of **week cells**, and each week's cells are decided once,
 * from that week's visits alone, whichever report asks:
 *
 * 1. a week cell (an hour of the week, or a weekday's hour) counting 1..K−1 shoppers is hidden,
 *    and more are hidden until no sum the week publishes (its days' totals, which day-level
 *    reports show, its hours, its weekday rows and hour columns) has exactly one hidden member;
 * 2. a range's cell is the sum of its weeks' cells, published only if every one of them is.
 *
 * Any difference of two published cells is then a sum of published week cells, each of 0 or at
 * least K shoppers, so it describes 0 or at least K shoppers too; hidden week cells can only be
 * recovered as the sums a week's own report already shows. The price: the tables cover the whole
 * weeks (Monday to Sunday) inside the range, and a range holding no whole week has none.
 */
import { weekdayOf } from '../mall/local-time.ts';
import { add, suppress, tally, type Tally } from './suppression.ts';

/** Visit rows as columns, rows of one visitor next to each other. */
export interface TimedRows {
  readonly length: number;
  readonly day: ArrayLike<number>;
  readonly minute: ArrayLike<number>;
  readonly visitor: ArrayLike<number | string>;
}

/** One week's cells after its suppression: visits, or null where hidden. */
interface WeekCells {
  hours: (number | null)[];
  /** [weekday Monday=0][hour] */
  heatmap: (number | null)[][];
}

/** The whole ISO weeks inside fromDay..toDay: the first Monday and how many weeks, or null for none. */
export function wholeWeeks(fromDay: number, toDay: number): { fromDay: number; toDay: number; weeks: number } | null {
  const first = fromDay + ((7 - weekdayOf(fromDay)) % 7);
  const weeks = Math.floor((toDay - first + 1) / 7);
  return weeks > 0 ? { fromDay: first, toDay: first + weeks * 7 - 1, weeks } : null;
}

/**
 * Each whole ISO week's time cells, suppressed from that week's visits alone (rule 1 above).
 * `rows` must hold every counted visit of those weeks, grouped by visitor. `weeks` from wholeWeeks.
 */
export function weekCells(rows: TimedRows, weeks: { fromDay: number; weeks: number }, k: number): WeekCells[] {
  const n = weeks.weeks;
  const total = Array.from({ length: n }, tally);
  const days = Array.from({ length: n }, () => Array.from({ length: 7 }, tally));
  const hours = Array.from({ length: n }, () => Array.from({ length: 24 }, tally));
  const heat = Array.from({ length: n }, () => Array.from({ length: 7 }, () => Array.from({ length: 24 }, tally)));
  for (let i = 0; i < rows.length; i++) {
    const offset = rows.day[i] - weeks.fromDay;
    if (offset < 0 || offset >= n * 7) continue;
    const w = Math.floor(offset / 7);
    const wd = offset % 7;
    const h = Math.floor(rows.minute[i] / 60);
    const v = rows.visitor[i];
    add(total[w], v);
    add(days[w][wd], v);
    add(hours[w][h], v);
    add(heat[w][wd][h], v);
  }
  return total.map((t, w) => {
    // A day's total is shown by the day-level tables whenever it counts 0 or at least K shoppers
    // (differencing.ts, rule 1), and the week's total whenever all its days do: both are known
    // to a shop, so they are never the ones hidden in another cell's place.
    const known = new Set<Tally>();
    for (const d of days[w]) if (d.shoppers.size === 0 || d.shoppers.size >= k) known.add(d);
    if (known.size === 7) known.add(t);
    else t.suppressed = true;
    suppress(
      [t, ...days[w], ...hours[w], ...heat[w].flat()],
      [
        [t, ...hours[w]],
        [t, ...days[w]],
        ...heat[w].map((row, wd) => [days[w][wd], ...row]),
        ...hours[w].map((hour, h) => [hour, ...heat[w].map((row) => row[h])]),
      ],
      k,
      known,
    );
    const shown = (c: Tally) => (c.suppressed ? null : c.value);
    return { hours: hours[w].map(shown), heatmap: heat[w].map((row) => row.map(shown)) };
  });
}

/** Cell by cell, the sum over weeks, or null if any week hides it (rule 2 above). */
export function sumWeeks(cells: readonly WeekCells[]): WeekCells {
  const hours: (number | null)[] = new Array(24).fill(0);
  const heatmap: (number | null)[][] = Array.from({ length: 7 }, () => new Array(24).fill(0));
  const plus = (a: number | null, b: number | null) => (a === null || b === null ? null : a + b);
  for (const c of cells) {
    for (let h = 0; h < 24; h++) {
      hours[h] = plus(hours[h], c.hours[h]);
      for (let wd = 0; wd < 7; wd++) heatmap[wd][h] = plus(heatmap[wd][h], c.heatmap[wd][h]);
    }
  }
  return { hours, heatmap };
}

/**
 * Visits by weekday over fromDay..toDay from whole days: a weekday's total is shown only when every
 * one of its days in the range counts 0 or at least K shoppers (differencing.ts, rule 1), so any
 * difference of two is a set of days of 0 or K+ shoppers each. Rows grouped by visitor.
 */
export function weekdayTotals(rows: TimedRows, fromDay: number, toDay: number, k: number): (number | null)[] {
  const days = Math.max(0, toDay - fromDay + 1);
  const perDay = Array.from({ length: days }, tally);
  for (let i = 0; i < rows.length; i++) {
    const d = rows.day[i] - fromDay;
    if (d >= 0 && d < days) add(perDay[d], rows.visitor[i]);
  }
  const out: (number | null)[] = new Array(7).fill(0);
  perDay.forEach((t, d) => {
    const wd = weekdayOf(fromDay + d);
    if (out[wd] === null) return;
    out[wd] = t.shoppers.size > 0 && t.shoppers.size < k ? null : (out[wd] as number) + t.value;
  });
  return out;
}

/**
 * The staffing window: the `weeks` whole ISO weeks ending on the last Sunday on or before toDay
 * (local days), so it moves a week at a time and is made of the same week cells as every report.
 */
export function staffingWindow(toDay: number, weeks: number): { fromDay: number; toDay: number; weeks: number } {
  const lastSunday = toDay - ((weekdayOf(toDay) + 1) % 7);
  return { fromDay: lastSunday - weeks * 7 + 1, toDay: lastSunday, weeks };
}
