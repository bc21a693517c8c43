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
 *    adds one to a triangle of (x, y) pairs; a sweep over the gaps in order of their start counts
 *    them all without a days × days table (DroppedShoppers below). An earlier version checked only the two edge steps
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
import { Scratch } from './scratch.ts';
import { VisitDays } from './visit-days.ts';

/** Visit rows as columns: a local day and a visitor per row, rows of one visitor next to each other. */
export interface GroupedRows {
  readonly length: number;
  readonly day: ArrayLike<number>;
  readonly visitor: ArrayLike<number | string>;
}

/** Gaps are kept packed as `start << 16 | end` (day offsets), so a range may hold at most this many days. */
const MAX_DAYS = 0x7fff;

/**
 * Gaps are written in chunks of this many, taken from one pool and given back once a group is
 * checked: a report's ~1M gaps in growing arrays were ~8 MB made and dropped per report, which
 * the allocator kept; chunks of one size are reused from report to report instead.
 */
const CHUNK = 4096;
/** Chunks given back, at most MAX_POOLED kept for the next report. */
const pool: Int32Array[] = [];
const MAX_POOLED = 512;

/**
 * `safe`'s buffers: a group's gaps gathered to be sorted, and per end day the gaps taken in so
 * far that end there. One range is checked at a time, synchronously, so one pair serves every check.
 */
const SORTED = new Scratch((n) => new Int32Array(n));
const ENDS = new Scratch((n) => new Int32Array(n));

/**
 * Rule 2 for one group of shoppers over fromDay..toDay (local day numbers): fed each member's
 * visit days in the range, tells whether every range x..y inside it leaves out 0 or at least K
 * members. Memory: 4 bytes per gap between a member's visit days, plus one day-sized buffer
 * while checking.
 */
export class DroppedShoppers {
  /** Gaps as packed day offsets, in pooled chunks: a member is left out by every x..y with start <= x <= y <= end. */
  readonly #chunks: Int32Array[] = [];
  /** How many gaps the last chunk holds (CHUNK: full, or none yet). */
  #inLast = CHUNK;
  #count = 0;
  readonly #days: number;

  constructor(readonly fromDay: number, readonly toDay: number) {
    this.#days = Math.max(0, toDay - fromDay + 1);
    if (this.#days > MAX_DAYS) throw new RangeError(`a range of at most ${MAX_DAYS} days is checked, not ${this.#days}`);
  }

  /**
   * One member, with their visit days `days[from..to)`: ascending, no repeats (see VisitDays).
   * Days outside the range are passed over; a member with none in it is no member here.
   */
  member(days: ArrayLike<number>, from = 0, to = days.length): void {
    let i = from;
    while (i < to && days[i] < this.fromDay) i++;
    if (i === to || days[i] > this.toDay) return;
    let previous = -1;
    for (; i < to && days[i] <= this.toDay; i++) {
      const at = days[i] - this.fromDay;
      if (at - previous > 1) this.#gap(previous + 1, at - 1);
      previous = at;
    }
    if (this.#days - 1 > previous) this.#gap(previous + 1, this.#days - 1);
  }

  #gap(start: number, end: number): void {
    if (this.#inLast === CHUNK) {
      this.#chunks.push(pool.pop() ?? new Int32Array(CHUNK));
      this.#inLast = 0;
    }
    this.#chunks[this.#chunks.length - 1][this.#inLast++] = (start << 16) | end;
    this.#count++;
  }

  /** Gives the gaps' chunks back to the pool: the group takes no more members and is not checked again. */
  release(): void {
    for (const chunk of this.#chunks) if (pool.length < MAX_POOLED) pool.push(chunk);
    this.#chunks.length = 0;
    this.#inLast = CHUNK;
    this.#count = 0;
  }

  /**
   * Whether no x..y leaves out 1..k-1 members. The members x..y leaves out are the gaps with
   * start <= x and end >= y; sweeping x upwards over the gaps in order of their start, the count
   * for every y is a running sum over the gaps' ends from the last day down. It only changes at an
   * x where a gap starts, so only those x are checked: O(gaps log gaps + starts × days) time.
   * Ends the check: the gaps go back to the pool (see `release`).
   */
  safe(k: number): boolean {
    const n = this.#days;
    const gaps = SORTED.take(this.#count, 0);
    for (let c = 0, at = 0; c < this.#chunks.length; c++, at += CHUNK) gaps.set(c < this.#chunks.length - 1 ? this.#chunks[c] : this.#chunks[c].subarray(0, this.#inLast), at);
    this.release();
    if (n === 0 || gaps.length === 0) return true;
    gaps.sort();
    const ends = ENDS.take(n, 0);
    for (let g = 0; g < gaps.length; ) {
      const x = gaps[g] >>> 16;
      for (; g < gaps.length && gaps[g] >>> 16 === x; g++) ends[gaps[g] & 0xffff]++;
      let leftOut = 0;
      for (let y = n - 1; y >= x; y--) {
        leftOut += ends[y];
        if (leftOut > 0 && leftOut < k) return false;
      }
    }
    return true;
  }
}

/**
 * For each bucket (a range of days; `bucketOf(day)` gives its index, or -1 for a day outside every
 * bucket), whether its counts may be published by the rules above. `fromDay..toDay` bounds every
 * bucket; `bucketRange(b)` gives bucket b's own first and last day. Buckets are consecutive runs
 * of days in order (`bucketOf` never goes down as the day goes up). O(rows + Σ gaps log gaps + Σ days²).
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
  const dropped = Array.from({ length: buckets }, (_, b) => {
    const r = bucketRange(b);
    return new DroppedShoppers(r.fromDay, r.toDay);
  });
  const visitor = new VisitDays();
  for (let i = 0; i < rows.length; ) {
    const v = rows.visitor[i];
    let j = i + 1;
    while (j < rows.length && rows.visitor[j] === v) j++;
    // This visitor's distinct days, in order: each day with a bucket counts them once, and each
    // run of days in one bucket is their membership of it.
    const { days: own, length } = visitor.load(rows.day, i, j, true);
    for (let a = 0; a < length; ) {
      const day = own[a];
      const b = day < fromDay || day > toDay ? -1 : bucketOf(day);
      let z = a + 1;
      if (b < 0) {
        a = z;
        continue;
      }
      perDay[day - fromDay]++;
      for (; z < length && own[z] <= toDay && bucketOf(own[z]) === b; z++) perDay[own[z] - fromDay]++;
      dropped[b].member(own, a, z);
      a = z;
    }
    i = j;
  }

  const safe = new Array<boolean>(buckets).fill(true);
  for (let d = 0; d < days; d++) {
    if (perDay[d] > 0 && perDay[d] < k) {
      const b = bucketOf(fromDay + d);
      if (b >= 0) safe[b] = false;
    }
  }
  for (let b = 0; b < buckets; b++) {
    if (safe[b] && !dropped[b].safe(k)) safe[b] = false;
    dropped[b].release();
  }
  return safe;
}

/** safeRanges for one range. */
export const safeRange = (rows: GroupedRows, fromDay: number, toDay: number, k: number): boolean =>
  safeRanges(rows, fromDay, toDay, () => 0, 1, k)[0];
