import type { BucketedRows } from '#server/storage/bucketed-rows.ts';
import type { StoreVisitRecord } from '#server/storage/records.ts';
import { dayToIso, isoToDay, localMoment, monthKey } from '../mall/local-time.ts';
import { visitorPseudonym } from '../enrolment/pseudonym.ts';
import { MAX_BACKDATE_MS } from '../enrolment/shoppers.ts';
import { appendRows, Interner, MonthColumns, VisitTable } from '../reports/visit-table.ts';
import { readLive, type Live } from '../core/live.ts';

/**
 * One visit to a shop, as its reports need it: local day and minute, a pseudonym for the shopper
 * and the zone they were last seen in before the shop. No name, no pass id: erasing a shopper
 * leaves these rows as anonymous counts that can no longer be linked to anyone.
 */
export type StoreVisitRow = StoreVisitRecord;

/**
 * A month file's rows and the same rows as columns, the columns caught up on each read. Once the
 * month is over and no late visit can land in it, only the columns are kept (`rows` null).
 */
interface Month {
  rows: readonly StoreVisitRow[] | null;
  table: VisitTable;
}

/** The oldest visit a kiosk may replay (see shoppers.ts), in days, with a day's slack on top. */
const LATE_VISIT_DAYS = Math.ceil(MAX_BACKDATE_MS / 86_400_000) + 1;

/** What a shop's first-seen index has taken in: per month file, how many of its rows. */
interface FirstSeen {
  day: Int32Array;
  taken: Map<string, number>;
}

const UNSEEN = 0x7fffffff;

/**
 * The precomputed per-shop visit index: one small file per shop and month, appended on each
 * till visit, so a year's report reads twelve files instead of every visit in the mall.
 *
 * In memory each month is mirrored as typed columns with visitors and zones as small numbers
 * (see visit-table.ts), and each shop keeps the first day it saw each visitor. Both follow the
 * stored rows, which are only ever appended to: a read takes in the rows added since the last one,
 * so a report always includes a visit recorded a moment ago and nothing is rebuilt per request.
 */
export class StoreVisits {
  /**
   * Visitors numbered in the order the shops' rows name them: a shop's visitors get numbers close
   * together, which keeps a report's per-visitor arrays small and its reads near each other.
   */
  readonly #visitors = new Interner();
  readonly #zones = new Interner();
  readonly #months = new Map<string, Promise<Month>>();
  readonly #firstSeen = new Map<string, FirstSeen>();
  /** Months whose rows were let go: a visit landing in one after all makes it be read again. */
  readonly #released = new Set<string>();

  constructor(
    private readonly rows: BucketedRows<StoreVisitRow>,
    private readonly secret: Buffer,
    private readonly timeZoneSetting: Live<string>,
    /** The hub's clock (epoch ms): which months are over is judged on it. */
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** A stable pseudonym per shopper: keyed, so the index alone cannot be joined to pass ids. */
  visitorOf(shopperId: string): string {
    return visitorPseudonym(this.secret, shopperId);
  }

  async record(tenantId: string, shopperId: string, at: Date, priorZone: string | null): Promise<void> {
    await this.append(tenantId, this.rowOf(shopperId, at, priorZone));
  }

  /** The index row of a visit to a shop at `at` (local day and minute on the mall clock). */
  rowOf(shopperId: string, at: Date, priorZone: string | null): StoreVisitRow {
    const { day, minute } = localMoment(at, readLive(this.timeZoneSetting));
    return [day, minute, this.visitorOf(shopperId), priorZone];
  }

  /** Adds one row to the shop's index; resolves once on disk. */
  async append(tenantId: string, row: StoreVisitRow): Promise<void> {
    const bucket = `${tenantId}/${monthKey(row[0])}`;
    await this.rows.append(bucket, row);
    if (this.#released.delete(bucket)) this.#months.delete(bucket);
  }

  /**
   * Of `rows` (a shop's, as rowOf makes them; the same row may come more than once), the ones its
   * index does not hold yet, counting repeats: what a crash kept from being appended. Reads each
   * month file concerned once.
   */
  async missing(tenantId: string, rows: readonly StoreVisitRow[]): Promise<StoreVisitRow[]> {
    return missingRows(rows, (day) => this.rows.read(`${tenantId}/${monthKey(day)}`));
  }

  /** The number a pseudonym goes by in the tables (given one if it has none yet). */
  numberOf(visitor: string): number {
    return this.#visitors.idOf(visitor);
  }

  /** The number a pseudonym goes by, if it has one. */
  find(visitor: string): number | undefined {
    return this.#visitors.find(visitor);
  }

  /** One more than the largest visitor number handed out so far. */
  get visitorCount(): number {
    return this.#visitors.size;
  }

  zoneName(zone: number): string {
    return this.#zones.nameOf(zone);
  }

  /** The number a zone goes by in the tables, if any visit row has named it. */
  zoneNumber(zoneId: string): number | undefined {
    return this.#zones.find(zoneId);
  }

  get zoneCount(): number {
    return this.#zones.size;
  }

  /** The pseudonym behind a visitor number. */
  pseudonymOf(visitor: number): string {
    return this.#visitors.nameOf(visitor);
  }

  /** First day each visitor was seen at the shop, over all its history; kept up with new rows (the lookup reads the live index). */
  async firstSeen(tenantId: string): Promise<(visitor: number) => number | undefined> {
    let first = this.#firstSeen.get(tenantId);
    if (!first) this.#firstSeen.set(tenantId, (first = { day: new Int32Array(0), taken: new Map() }));
    // One month at a time: a past month's rows are let go once read, so they are never all in memory.
    const months: [string, Month][] = [];
    for (const bucket of await this.rows.list(tenantId)) months.push([bucket, await this.#month(bucket)]);
    if (first.day.length < this.#visitors.size) {
      const grown = new Int32Array(Math.max(1024, this.#visitors.size * 2)).fill(UNSEEN);
      grown.set(first.day);
      first.day = grown;
    }
    const seen = first.day;
    for (const [bucket, month] of months) {
      const { table } = month;
      for (let i = first.taken.get(bucket) ?? 0; i < table.length; i++) {
        const v = table.visitor[i];
        if (table.day[i] < seen[v]) seen[v] = table.day[i];
      }
      first.taken.set(bucket, table.length);
    }
    return (v) => (v < seen.length && seen[v] !== UNSEEN ? seen[v] : undefined);
  }

  /**
   * Visits on local days fromDay..toDay inclusive, as the shop's month tables themselves (oldest
   * first) seen through that window: nothing is copied until a report selects what it keeps.
   */
  async between(tenantId: string, fromDay: number, toDay: number): Promise<MonthColumns> {
    const months: VisitTable[] = [];
    for (let m = monthStart(fromDay); m <= toDay; m = nextMonth(m)) months.push((await this.#month(`${tenantId}/${monthKey(m)}`)).table);
    return new MonthColumns(months, fromDay, toDay);
  }

  /** The local day a shopper's visits are counted on today. */
  today(): number {
    return localMoment(new Date(this.now()), readLive(this.timeZoneSetting)).day;
  }

  /** A month's columns, with any rows appended since the last read taken in. */
  async #month(bucket: string): Promise<Month> {
    let p = this.#months.get(bucket);
    if (!p) {
      p = this.rows.read(bucket).then((rows) => ({ rows, table: new VisitTable(Math.max(16, rows.length)) }));
      p.catch(() => this.#months.delete(bucket));
      this.#months.set(bucket, p);
    }
    const month = await p;
    if (month.rows && month.table.length < month.rows.length) appendRows(month.table, month.rows, month.table.length, this.#visitors, this.#zones);
    // A past month's rows cost ~10× its columns in memory; the file keeps them.
    if (month.rows && nextMonth(isoToDay(`${bucket.slice(-7)}-01`)) + LATE_VISIT_DAYS <= this.today() && this.rows.release(bucket)) {
      month.rows = null;
      this.#released.add(bucket);
    }
    return month;
  }
}

const monthStart = (day: number) => isoToDay(`${dayToIso(day).slice(0, 7)}-01`);
function nextMonth(day: number): number {
  const d = new Date(day * 86400_000);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / 86400_000;
}

/**
 * The rows of `wanted` that their month files do not hold as often as `wanted` names them.
 * `read(day)`: the stored rows of the month file of that local day. Rows compare as a whole.
 */
export async function missingRows<R extends readonly [number, ...unknown[]]>(wanted: readonly R[], read: (day: number) => Promise<readonly R[]>): Promise<R[]> {
  const byMonth = new Map<string, R[]>();
  for (const r of wanted) {
    const m = monthKey(r[0]);
    const list = byMonth.get(m);
    if (list) list.push(r);
    else byMonth.set(m, [r]);
  }
  const out: R[] = [];
  for (const list of byMonth.values()) {
    const have = new Map<string, number>();
    for (const r of await read(list[0][0])) {
      const key = JSON.stringify(r);
      have.set(key, (have.get(key) ?? 0) + 1);
    }
    for (const r of list) {
      const key = JSON.stringify(r);
      const n = have.get(key) ?? 0;
      if (n > 0) have.set(key, n - 1);
      else out.push(r);
    }
  }
  return out;
}
