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
 * 2. for unique visitors, which do not add up: the difference between the range and any range
 *    inside it is the number of shoppers whose visits all fall in the part cut off. Cutting i days
 *    off the start and j off the end leaves out L(i) + F(j) shoppers, where L(i) counts those
 *    whose last visit in the range is among the first i days, and F(j) those whose first visit is
 *    among the last j. Both only grow, so the smallest non-zero difference is the smallest step of
 *    L or F: the number of shoppers whose last visit is the earliest "last visit" day, and of
 *    those whose first visit is the latest "first visit" day. Both must be at least K.
 *
 * The decision depends only on the range and the data, never on the query it came in: the same
 * range is published (or hidden) alike in every report, as the summary or as a bucket. The finer
 * tables follow the same idea: hours and weekday × hour are sums of week cells decided once per
 * week (week-units.ts); weekdays are sums of days under rule 1; the visitor mix by age band, home
 * area, language and segment passes rule 2 within each group (EdgeSteps below). Measures whose
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
 * For each bucket (a range of days; `bucketOf(day)` gives its index, or -1 for a day outside every
 * bucket), whether its counts may be published by the rules above. `fromDay..toDay` bounds every
 * bucket. O(rows + days + buckets).
 */
export function safeRanges(rows: GroupedRows, fromDay: number, toDay: number, bucketOf: (day: number) => number, buckets: number, k: number): boolean[] {
  const days = Math.max(0, toDay - fromDay + 1);
  const perDay = new Int32Array(days);
  const lastVisitorOfDay: (number | string | undefined)[] = new Array(days);
  // Per bucket: the earliest "last visit" day and how many share it; the latest "first visit" day and how many share it.
  const minLast = new Float64Array(buckets).fill(Infinity);
  const atMinLast = new Int32Array(buckets);
  const maxFirst = new Float64Array(buckets).fill(-Infinity);
  const atMaxFirst = new Int32Array(buckets);
  // One visitor's first and last day in each bucket they touch.
  const first = new Float64Array(buckets).fill(Infinity);
  const last = new Float64Array(buckets).fill(-Infinity);
  const touched: number[] = [];

  const closeVisitor = () => {
    for (const b of touched) {
      if (last[b] < minLast[b]) (minLast[b] = last[b]), (atMinLast[b] = 1);
      else if (last[b] === minLast[b]) atMinLast[b]++;
      if (first[b] > maxFirst[b]) (maxFirst[b] = first[b]), (atMaxFirst[b] = 1);
      else if (first[b] === maxFirst[b]) atMaxFirst[b]++;
      first[b] = Infinity;
      last[b] = -Infinity;
    }
    touched.length = 0;
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
    if (first[b] === Infinity) touched.push(b);
    if (day < first[b]) first[b] = day;
    if (day > last[b]) last[b] = day;
  }
  closeVisitor();

  const safe = new Array<boolean>(buckets).fill(true);
  for (let d = 0; d < days; d++) {
    if (perDay[d] > 0 && perDay[d] < k) {
      const b = bucketOf(fromDay + d);
      if (b >= 0) safe[b] = false;
    }
  }
  for (let b = 0; b < buckets; b++) {
    if (atMinLast[b] > 0 && (atMinLast[b] < k || atMaxFirst[b] < k)) safe[b] = false;
  }
  return safe;
}

/** safeRanges for one range. */
export const safeRange = (rows: GroupedRows, fromDay: number, toDay: number, k: number): boolean =>
  safeRanges(rows, fromDay, toDay, () => 0, 1, k)[0];

/**
 * Rule 2 for one group of shoppers whose membership does not depend on the range (an age band, a
 * language, a segment): fed each member's first and last visit day in the range, tells whether the
 * group's unique count may be published — cutting days off either end of the range must drop 0 or
 * at least K of its members.
 */
export class EdgeSteps {
  #minLast = Infinity;
  #atMinLast = 0;
  #maxFirst = -Infinity;
  #atMaxFirst = 0;

  /** One member, with their first and last visit day (local day numbers) in the range. */
  member(firstDay: number, lastDay: number): void {
    if (lastDay < this.#minLast) (this.#minLast = lastDay), (this.#atMinLast = 1);
    else if (lastDay === this.#minLast) this.#atMinLast++;
    if (firstDay > this.#maxFirst) (this.#maxFirst = firstDay), (this.#atMaxFirst = 1);
    else if (firstDay === this.#maxFirst) this.#atMaxFirst++;
  }

  safe(k: number): boolean {
    return this.#atMinLast === 0 || (this.#atMinLast >= k && this.#atMaxFirst >= k);
  }
}
