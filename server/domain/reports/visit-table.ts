import type { StoreVisitRecord as StoreVisitRow } from '#server/storage/records.ts';
import { Scratch } from './scratch.ts';

/**
 * Strings given small numbers in the order first seen, so a year of a shop's visits can be held
 * and grouped in typed arrays: comparing and indexing by a number is far cheaper than hashing a
 * 16-character pseudonym per row, and a typed array costs a few bytes per visit, not an object.
 */
export class Interner {
  readonly #ids = new Map<string, number>();
  readonly #names: string[] = [];

  idOf(name: string): number {
    let id = this.#ids.get(name);
    if (id === undefined) {
      id = this.#names.length;
      this.#ids.set(name, id);
      this.#names.push(name);
    }
    return id;
  }

  /** The id a name already has, without giving it one. */
  find(name: string): number | undefined {
    return this.#ids.get(name);
  }

  nameOf(id: number): string {
    return this.#names[id];
  }

  get size(): number {
    return this.#names.length;
  }
}

/** No zone before the shop: a row's `priorZone` of null. */
export const NO_ZONE = -1;

/**
 * A shop's visit rows as columns: local day, minute of day, interned visitor and interned prior
 * zone (NO_ZONE for none). Rows 0..length-1 are in use; the arrays grow by doubling.
 */
export class VisitTable {
  day: Int32Array;
  minute: Int16Array;
  visitor: Int32Array;
  zone: Int32Array;
  length = 0;

  constructor(capacity = 16) {
    this.day = new Int32Array(capacity);
    this.minute = new Int16Array(capacity);
    this.visitor = new Int32Array(capacity);
    this.zone = new Int32Array(capacity);
  }

  push(day: number, minute: number, visitor: number, zone: number): void {
    if (this.length === this.day.length) this.#grow(this.length * 2);
    const i = this.length++;
    this.day[i] = day;
    this.minute[i] = minute;
    this.visitor[i] = visitor;
    this.zone[i] = zone;
  }

  /** Copies row `i` of `from` onto the end of this table. */
  pushFrom(from: VisitTable, i: number): void {
    this.push(from.day[i], from.minute[i], from.visitor[i], from.zone[i]);
  }

  /** Rows with fromDay ≤ day ≤ toDay that `keep` accepts (by visitor), in their order; written over `into` if given. */
  select(fromDay: number, toDay: number, keep: (visitor: number) => boolean = () => true, into?: VisitTable): VisitTable {
    return selectRows([this], fromDay, toDay, keep, into);
  }

  /**
   * The rows reordered so each visitor's rows are together: visitors in the order of their first
   * row, each one's rows in their original order. A stable counting sort by that order: linear,
   * no per-visitor arrays. (The order decides ties when suppression picks which cell to hide
   * with another, so it is kept the same as grouping the stored rows would give.)
   */
  groupedByVisitor(visitorCount: number): VisitTable {
    return this.selectGrouped(-Infinity, Infinity, visitorCount);
  }

  /**
   * `select` and `groupedByVisitor` in one: a report's copies of a year of rows are what its
   * memory churn is made of, so the selected rows are written straight to their grouped places.
   * `keep` must answer the same for a visitor each time it is asked.
   */
  selectGrouped(fromDay: number, toDay: number, visitorCount: number, keep: (visitor: number) => boolean = () => true, into?: VisitTable): VisitTable {
    return selectGroupedRows([this], fromDay, toDay, visitorCount, keep, into);
  }

  /**
   * Empties the table for reuse, with room for `capacity` rows (grown without copying when
   * short): a report's selections are written over the same tables from one report to the next.
   */
  clear(capacity: number): this {
    this.length = 0;
    if (this.day.length < capacity) {
      const n = Math.max(capacity, Math.floor(this.day.length * 1.5));
      this.day = new Int32Array(n);
      this.minute = new Int16Array(n);
      this.visitor = new Int32Array(n);
      this.zone = new Int32Array(n);
    }
    return this;
  }

  #grow(capacity: number): void {
    const grow = <A extends Int32Array | Int16Array>(a: A, make: (n: number) => A): A => {
      const b = make(capacity);
      b.set(a);
      return b;
    };
    this.day = grow(this.day, (n) => new Int32Array(n));
    this.minute = grow(this.minute, (n) => new Int16Array(n));
    this.visitor = grow(this.visitor, (n) => new Int32Array(n));
    this.zone = grow(this.zone, (n) => new Int32Array(n));
  }
}

/**
 * Visit rows a report selects from: one table, or a shop's month tables read in place. Given
 * `into`, a selection is written over that table (see VisitTable.clear) instead of a new one.
 */
export interface VisitRows {
  select(fromDay: number, toDay: number, keep?: (visitor: number) => boolean, into?: VisitTable): VisitTable;
  selectGrouped(fromDay: number, toDay: number, visitorCount: number, keep?: (visitor: number) => boolean, into?: VisitTable): VisitTable;
}

/**
 * A shop's month tables, oldest first, seen through a window of days — without copying them. A
 * report used to copy two years of a busy shop's rows into one table and then copy windows of
 * that (~15 MB of typed arrays per report); reading the months where they are copies only what a
 * report keeps. Rows come out in the order one concatenated table would give.
 */
export class MonthColumns implements VisitRows {
  constructor(
    readonly months: readonly VisitTable[],
    readonly fromDay = -Infinity,
    readonly toDay = Infinity,
  ) {}

  /** The same months through a narrower window (no copy). */
  within(fromDay: number, toDay: number): MonthColumns {
    return new MonthColumns(this.months, Math.max(fromDay, this.fromDay), Math.min(toDay, this.toDay));
  }

  select(fromDay: number, toDay: number, keep: (visitor: number) => boolean = () => true, into?: VisitTable): VisitTable {
    return selectRows(this.months, Math.max(fromDay, this.fromDay), Math.min(toDay, this.toDay), keep, into);
  }

  selectGrouped(fromDay: number, toDay: number, visitorCount: number, keep: (visitor: number) => boolean = () => true, into?: VisitTable): VisitTable {
    return selectGroupedRows(this.months, Math.max(fromDay, this.fromDay), Math.min(toDay, this.toDay), visitorCount, keep, into);
  }
}

/** Rows of `tables` (in order) with fromDay ≤ day ≤ toDay that `keep` accepts, into one table (`into`, or a new one) sized by a first pass. */
function selectRows(tables: readonly VisitTable[], fromDay: number, toDay: number, keep: (visitor: number) => boolean, into?: VisitTable): VisitTable {
  let n = 0;
  for (const t of tables) for (let i = 0; i < t.length; i++) if (t.day[i] >= fromDay && t.day[i] <= toDay) n++;
  const out = into ? into.clear(n) : new VisitTable(Math.max(16, n));
  for (const t of tables) {
    for (let i = 0; i < t.length; i++) {
      const d = t.day[i];
      if (d >= fromDay && d <= toDay && keep(t.visitor[i])) out.pushFrom(t, i);
    }
  }
  return out;
}

/** Per visitor: its rank by first row, and where its rows start in the output (selectGroupedRows). */
const RANK = new Scratch((n) => new Int32Array(n));
const START = new Scratch((n) => new Int32Array(n));

/** selectRows grouped by visitor (see VisitTable.selectGrouped), over the tables in order. */
function selectGroupedRows(tables: readonly VisitTable[], fromDay: number, toDay: number, visitorCount: number, keep: (visitor: number) => boolean, into?: VisitTable): VisitTable {
  const rank = RANK.take(visitorCount, -1);
  const start = START.take(visitorCount + 1, 0);
  let ranked = 0;
  let n = 0;
  for (const t of tables) {
    for (let i = 0; i < t.length; i++) {
      const v = t.visitor[i];
      if (t.day[i] < fromDay || t.day[i] > toDay || !keep(v)) continue;
      if (rank[v] < 0) rank[v] = ranked++;
      start[rank[v] + 1]++;
      n++;
    }
  }
  for (let r = 0; r < ranked; r++) start[r + 1] += start[r];
  const out = into ? into.clear(n) : new VisitTable(Math.max(16, n));
  out.length = n;
  for (const t of tables) {
    for (let i = 0; i < t.length; i++) {
      const v = t.visitor[i];
      if (t.day[i] < fromDay || t.day[i] > toDay || rank[v] < 0 || !keep(v)) continue;
      const at = start[rank[v]]++;
      out.day[at] = t.day[i];
      out.minute[at] = t.minute[i];
      out.visitor[at] = v;
      out.zone[at] = t.zone[i];
    }
  }
  return out;
}

/**
 * Sets `list[i]`, first filling any gap with undefined: a plain array written at scattered
 * indexes past its end turns into a slow dictionary, one filled in order stays a fast array.
 */
export function setAt<T>(list: (T | undefined)[], i: number, value: T | undefined): void {
  while (list.length < i) list.push(undefined);
  list[i] = value;
}

/** Appends stored rows to a table, interning visitors and zones. */
export function appendRows(table: VisitTable, rows: readonly StoreVisitRow[], from: number, visitors: Interner, zones: Interner): void {
  for (let i = from; i < rows.length; i++) {
    const [day, minute, visitor, zone] = rows[i];
    table.push(day, minute, visitors.idOf(visitor), zone === null ? NO_ZONE : zones.idOf(zone));
  }
}
