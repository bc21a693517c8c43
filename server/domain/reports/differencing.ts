/**
 * Protection against differencing (rule 2 across queries). A shop may ask for any range of days
 * and any granularity, so it can subtract one published count from another: one day alone shows
 * 5 visitors, that day and the next show 6 — so 1 person came only on the next day, though that
 * day alone shows "< K". A range's counts (visits and unique visitors, of a whole report or of one
 * series bucket) are therefore published only when no range inside it can be subtracted to give
 * away fewer than K shoppers:
 *
 * 1. every day in the range with visits has at least K shoppers. Visits add up, so any range or
 *    set of days an attacker can isolate by subtraction (a day, an edge, the middle between two
 *    published ranges) then holds 0 or at least K shoppers;
 * 2. for unique visitors, which do not add up: the difference between the range and a range
 *    x..y inside it is the number of shoppers none of whose visits in the range fall in x..y —
 *    those whose visits are all in the part cut off, at the start, the end or both. For every
 *    x..y that number must be 0 or at least K. A shopper is left out exactly when x..y fits in one
 *    of the gaps between their visit days (or before the first, or after the last), so each gap
 *    adds one to a triangle of (x, y) pairs; a 2-D difference table counts them all in
 *    O(gaps + days²) (DroppedShoppers below). An earlier version checked only the two edge steps
 *    (the shoppers whose last visit comes first, and whose first comes last) and missed a shopper
 *    seen on both the first and the last day only: the property test found it.
 *
 * The decision depends only on the range and the data, never on the query it came in: the same
 * range is published (or hidden) alike in every report, as the summary or as a bucket. The finer
 * tables follow the same idea: hours and weekday × hour are sums of week cells decided once per
 * week (week-units.ts); weekdays are sums of days under rule 1; the visitor mix by age band, home
 * area, language and segment passes rule 2 within each group (DroppedShoppers below). Measures whose
 * membership moves with the range itself (new, returning and won-back visitors, repeat rate, days
 * between visits, visits per visitor, the zone visitors came from) are shown only for whole calendar
 * months: months never overlap, so no two published figures of that kind can be subtracted.
 */

/** Visit rows as columns: a local day and a visitor per row, rows of one visitor next to each other. */
export interface GroupedRows {
  readonly length: number;
  readonly day: ArrayLike<number>;
  readonly visitor: ArrayLike<number | string>;
}

/**
 * Rule 2 for one group of shoppers over fromDay..toDay (local day numbers): fed each member's
 * visit days in the range, tells whether every range x..y inside it leaves out 0 or at least K
 * members. Memory O(days²) while checking.
 */
export class DroppedShoppers {
  /** Gaps as pairs of day offsets: a member is left out by every x..y with first <= x <= y <= last. */
  #gaps: number[] = [];
  readonly #days: number;

  constructor(readonly fromDay: number, readonly toDay: number) {
    this.#days = Math.max(0, toDay - fromDay + 1);
  }

  /** One member, with their visit days in the range (any order, repeats allowed; days outside are ignored). */
  member(days: readonly number[]): void {
    // Most members come once or twice: skip the set and the sort when the days are in order already.
    let ordered = true;
    for (let i = 1; i < days.length && ordered; i++) ordered = days[i] > days[i - 1];
    const inRange = (ordered ? days : [...new Set(days)].sort((a, b) => a - b)).filter((d) => d >= this.fromDay && d <= this.toDay);
    if (!inRange.length) return;
    let previous = -1;
    for (const d of inRange) {
      const at = d - this.fromDay;
      if (at - previous > 1) this.#gaps.push(previous + 1, at - 1);
      previous = at;
    }
    if (this.#days - 1 > previous) this.#gaps.push(previous + 1, this.#days - 1);
  }

  safe(k: number): boolean {
    const n = this.#days;
    if (n === 0 || this.#gaps.length === 0) return true;
    const w = n + 1;
    const table = new Int32Array(w * w);
    for (let i = 0; i < this.#gaps.length; i += 2) {
      const a = this.#gaps[i];
      const b = this.#gaps[i + 1] + 1;
      table[a * w + a]++;
      table[a * w + b]--;
      table[b * w + a]--;
      table[b * w + b]++;
    }
    for (let x = 0; x < n; x++) {
      for (let y = 0; y < n; y++) {
        const at = x * w + y;
        table[at] += (x ? table[at - w] : 0) + (y ? table[at - 1] : 0) - (x && y ? table[at - w - 1] : 0);
        if (y >= x && table[at] > 0 && table[at] < k) return false;
      }
    }
    return true;
  }
}

/**
 * For each bucket (a range of days; `bucketOf(day)` gives its index, or -1 for a day outside every
 * bucket), whether its counts may be published by the rules above. `fromDay..toDay` bounds every
 * bucket; `bucketRange(b)` gives bucket b's own first and last day. O(rows log rows + Σ days²).
 */
export function safeRanges(
  rows: GroupedRows,
  fromDay: number,
  toDay: number,
  bucketOf: (day: number) => number,
  buckets: number,
  k: number,
  bucketRange: (bucket: number) => { fromDay: number; toDay: number } = () => ({ fromDay, toDay }),
): boolean[] {
  const days = Math.max(0, toDay - fromDay + 1);
  const perDay = new Int32Array(days);
  const lastVisitorOfDay: (number | string | undefined)[] = new Array(days);
  const dropped = Array.from({ length: buckets }, (_, b) => {
    const r = bucketRange(b);
    return new DroppedShoppers(r.fromDay, r.toDay);
  });
  // One visitor's days in each bucket they touch.
  const daysIn = new Map<number, number[]>();
  const closeVisitor = () => {
    for (const [b, list] of daysIn) dropped[b].member(list);
    daysIn.clear();
  };
  let current: number | string | undefined = undefined;
  for (let i = 0; i < rows.length; i++) {
    const day = rows.day[i];
    if (day < fromDay || day > toDay) continue;
    const b = bucketOf(day);
    if (b < 0) continue;
    const v = rows.visitor[i];
    if (v !== current) {
      closeVisitor();
      current = v;
    }
    const d = day - fromDay;
    if (lastVisitorOfDay[d] !== v) {
      lastVisitorOfDay[d] = v;
      perDay[d]++;
    }
    const list = daysIn.get(b);
    if (list) list.push(day);
    else daysIn.set(b, [day]);
  }
  closeVisitor();

  const safe = new Array<boolean>(buckets).fill(true);
  for (let d = 0; d < days; d++) {
    if (perDay[d] > 0 && perDay[d] < k) {
      const b = bucketOf(fromDay + d);
      if (b >= 0) safe[b] = false;
    }
  }
  for (let b = 0; b < buckets; b++) if (safe[b] && !dropped[b].safe(k)) safe[b] = false;
  return safe;
}

/** safeRanges for one range. */
export const safeRange = (rows: GroupedRows, fromDay: number, toDay: number, k: number): boolean =>
  safeRanges(rows, fromDay, toDay, () => 0, 1, k)[0];
