import type { BucketedRows } from '#server/storage/bucketed-rows.ts';
import type { PromotionRecord, RedemptionRecord } from '#server/storage/records.ts';
import { DomainError, notFound } from '../core/errors.ts';
import { localMoment, monthKey } from '../mall/local-time.ts';
import { missingRows, type StoreVisits } from './store-visits.ts';
import { readLive, type Live } from '../core/live.ts';

/**
 * Offers redeemed at shops' tills, one row per redemption in the shop's monthly file, keyed by
 * the shopper's pseudonym. A promotion may be redeemed by one shopper as often as it allows
 * (once unless it says more), only at the shop it belongs to, and only while it runs.
 */
export class Redemptions {
  readonly #counts = new Map<string, Promise<Map<string, number>>>();

  constructor(
    private readonly rows: BucketedRows<RedemptionRecord>,
    private readonly storeVisits: StoreVisits,
    private readonly promotion: (id: string) => PromotionRecord | undefined,
    private readonly timeZoneSetting: Live<string>,
  ) {}

  /** Throws, naming `promotionId`, unless this shopper may redeem this promotion here today. */
  async check(tenantId: string, promotionId: string, shopperId: string, at: Date): Promise<PromotionRecord> {
    const p = this.promotion(promotionId);
    // Another shop's promotion is simply not found: a till learns nothing about other shops.
    if (!p || p.tenantId !== tenantId) throw notFound('no such offer at this shop', 'promotionId');
    const today = isoDate(at, readLive(this.timeZoneSetting));
    if (p.status !== 'active' || p.schedule.from > today || (p.schedule.to !== undefined && p.schedule.to < today)) {
      throw new DomainError('conflict', 'this offer is not running today', 'promotionId');
    }
    const used = (await this.#countsFor(tenantId)).get(`${promotionId}|${this.storeVisits.visitorOf(shopperId)}`) ?? 0;
    if (used >= (p.redemptionsPerShopper ?? 1)) throw new DomainError('conflict', 'this shopper has already redeemed this offer', 'promotionId');
    return p;
  }

  async record(tenantId: string, promotionId: string, shopperId: string, at: Date): Promise<void> {
    await this.append(tenantId, this.rowOf(promotionId, shopperId, at));
  }

  /** The row of a redemption at `at` (local day and minute on the mall clock). */
  rowOf(promotionId: string, shopperId: string, at: Date): RedemptionRecord {
    const { day, minute } = localMoment(at, readLive(this.timeZoneSetting));
    return [day, minute, this.storeVisits.visitorOf(shopperId), promotionId];
  }

  /** Adds one redemption row (counted at once for check()); resolves once on disk. */
  async append(tenantId: string, row: RedemptionRecord): Promise<void> {
    const [day, , visitor, promotionId] = row;
    const counts = await this.#countsFor(tenantId);
    const key = `${promotionId}|${visitor}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    await this.rows.append(`${tenantId}/${monthKey(day)}`, row);
  }

  /** Of `rows` (a shop's, as rowOf makes them), the ones not stored yet, counting repeats (store-visits.ts missingRows). */
  async missing(tenantId: string, rows: readonly RedemptionRecord[]): Promise<RedemptionRecord[]> {
    return missingRows(rows, (day) => this.rows.read(`${tenantId}/${monthKey(day)}`));
  }

  /** A shop's redemptions on local days fromDay..toDay. */
  async between(tenantId: string, fromDay: number, toDay: number): Promise<RedemptionRecord[]> {
    const out: RedemptionRecord[] = [];
    for (const bucket of await this.rows.list(tenantId)) {
      const month = bucket.slice(tenantId.length + 1);
      if (month < monthKey(fromDay) || month > monthKey(toDay)) continue;
      for (const r of await this.rows.read(bucket)) if (r[0] >= fromDay && r[0] <= toDay) out.push(r);
    }
    return out;
  }

  #countsFor(tenantId: string): Promise<Map<string, number>> {
    let p = this.#counts.get(tenantId);
    if (!p) {
      p = (async () => {
        const counts = new Map<string, number>();
        for (const bucket of await this.rows.list(tenantId)) {
          for (const [, , visitor, promotionId] of await this.rows.read(bucket)) {
            const key = `${promotionId}|${visitor}`;
            counts.set(key, (counts.get(key) ?? 0) + 1);
          }
        }
        return counts;
      })();
      p.catch(() => this.#counts.delete(tenantId));
      this.#counts.set(tenantId, p);
    }
    return p;
  }
}

function isoDate(at: Date, timeZone: string): string {
  return new Date(localMoment(at, timeZone).day * 86400_000).toISOString().slice(0, 10);
}
