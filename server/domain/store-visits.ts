import { createHmac } from 'node:crypto';
import type { BucketedRows } from '../storage/bucketed-rows.ts';
import type { StoreVisitRecord } from '../storage/records.ts';
import { dayToIso, isoToDay, localMoment, monthKey } from './local-time.ts';

/**
 * One visit to a shop, as its reports need it: local day and minute, a pseudonym for the shopper
 * and the zone they were last seen in before the shop. No name, no pass id: erasing a shopper
 * leaves these rows as anonymous counts that can no longer be linked to anyone.
 */
export type StoreVisitRow = StoreVisitRecord;

/**
 * The precomputed per-shop visit index: one small file per shop and month, appended on each
 * till visit, so a year's report reads twelve files instead of every visit in the mall.
 */
export class StoreVisits {
  readonly #firstSeen = new Map<string, Promise<Map<string, number>>>();
  readonly #visitors = new Map<string, string>();
  #visitorsBuilt = false;

  constructor(
    private readonly rows: BucketedRows<StoreVisitRow>,
    private readonly secret: Buffer,
    private readonly timeZone: string,
  ) {}

  /** A stable pseudonym per shopper: keyed, so the index alone cannot be joined to pass ids. */
  visitorOf(shopperId: string): string {
    return createHmac('sha256', this.secret).update(`visitor:${shopperId}`).digest('base64url').slice(0, 16);
  }

  async record(tenantId: string, shopperId: string, at: Date, priorZone: string | null): Promise<void> {
    const { day, minute } = localMoment(at, this.timeZone);
    const visitor = this.visitorOf(shopperId);
    this.#visitors.set(visitor, shopperId);
    await this.rows.append(`${tenantId}/${monthKey(day)}`, [day, minute, visitor, priorZone]);
    const first = await this.#firstSeen.get(tenantId);
    if (first && !(first.get(visitor)! <= day)) first.set(visitor, day);
  }

  /** The shopper behind a pseudonym, if they still exist; `all` lists current shoppers' ids. */
  shopperOf(visitor: string, all: () => Iterable<string>): string | undefined {
    if (!this.#visitorsBuilt) {
      for (const id of all()) this.#visitors.set(this.visitorOf(id), id);
      this.#visitorsBuilt = true;
    }
    return this.#visitors.get(visitor);
  }

  /** First day each visitor was seen at the shop, over all its history; built once, then kept up. */
  firstSeen(tenantId: string): Promise<Map<string, number>> {
    let p = this.#firstSeen.get(tenantId);
    if (!p) {
      p = (async () => {
        const first = new Map<string, number>();
        for (const bucket of await this.rows.list(tenantId)) {
          for (const [day, , v] of await this.rows.read(bucket)) if (!(first.get(v)! <= day)) first.set(v, day);
        }
        return first;
      })();
      p.catch(() => this.#firstSeen.delete(tenantId));
      this.#firstSeen.set(tenantId, p);
    }
    return p;
  }

  /** Rows for local days fromDay..toDay inclusive, oldest month first. */
  async between(tenantId: string, fromDay: number, toDay: number): Promise<StoreVisitRow[]> {
    const out: StoreVisitRow[] = [];
    for (let m = monthStart(fromDay); m <= toDay; m = nextMonth(m)) {
      for (const r of await this.rows.read(`${tenantId}/${monthKey(m)}`)) if (r[0] >= fromDay && r[0] <= toDay) out.push(r);
    }
    return out;
  }

  /** The local day a shopper's visits are counted on today. */
  today(): number {
    return localMoment(new Date(), this.timeZone).day;
  }
}

const monthStart = (day: number) => isoToDay(`${dayToIso(day).slice(0, 7)}-01`);
function nextMonth(day: number): number {
  const d = new Date(day * 86400_000);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / 86400_000;
}
