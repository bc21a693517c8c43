import type { PromotionRecord, RedemptionRecord, StoreVisitRecord, VisitRecord } from '#server/storage/records.ts';
import type { VisitRecovery } from '../rewards/applied-visits.ts';
import type { DomainBus } from '../core/bus.ts';
import { DomainError, notFound } from '../core/errors.ts';
import type { Mall } from '../mall/mall.ts';
import type { Presence } from '../presence/presence.ts';
import type { Redemptions } from './redemptions.ts';
import type { Shoppers } from '../enrolment/shoppers.ts';
import type { StoreVisits } from './store-visits.ts';

export interface TillScanInput {
  passId: string;
  visitId: string;
  at?: string;
  /** Redeem this offer too. */
  promotionId?: string;
}

/**
 * A shop's till scanner: a pass scanned at the till is a visit to that shop, and may redeem one of
 * the shop's running offers. The till learns nothing about the shopper but what happened.
 */
export class Till {
  constructor(
    private readonly mall: Mall,
    private readonly shoppers: Shoppers,
    private readonly presence: Presence,
    private readonly storeVisits: StoreVisits,
    private readonly redemptions: Redemptions,
    private readonly bus: DomainBus,
    /** The hub's clock (epoch ms), for a scan that carries no time; tests set it. */
    private readonly now: () => number = () => Date.now(),
  ) {}

  /**
   * Records the shop's visit and, if asked, redeems one of its offers. An offer that cannot be
   * redeemed now (not running, already redeemed) does not stop the visit: the answer says why.
   * A scan sent again (a retry, same visit id) records nothing new (`recorded: false`), completes
   * what the first copy left undone (a crash between the visit and its index row or redemption)
   * and says whether the offer it asked for is redeemed.
   * @throws DomainError not_found for an unknown pass or an offer that is not this shop's (nothing written).
   */
  async scan(tenantId: string, input: TillScanInput): Promise<{ recorded: boolean; redeemed: boolean; refused?: string }> {
    const tenant = this.mall.record.tenants.find((t) => t.id === tenantId);
    if (!tenant) throw notFound('no such shop', 'tenantId');
    const shopper = this.shoppers.get(input.passId);
    if (!shopper) throw notFound('no pass with that id', 'passId');
    // Copies of one scan run one after the other: a retry never completes what the first copy is still writing.
    const key = `${shopper.id}|${input.visitId}`;
    const before = this.#scanning.get(key) ?? Promise.resolve();
    const run = before.catch(() => undefined).then(() => this.#scan(tenantId, tenant.zoneId, shopper.id, !!shopper.consent.analytics, input));
    const tail = run.catch(() => undefined);
    this.#scanning.set(key, tail);
    void tail.then(() => {
      if (this.#scanning.get(key) === tail) this.#scanning.delete(key);
    });
    return run;
  }

  readonly #scanning = new Map<string, Promise<unknown>>();

  async #scan(tenantId: string, zoneId: string, shopperId: string, counted: boolean, input: TillScanInput): Promise<{ recorded: boolean; redeemed: boolean; refused?: string }> {
    const at = new Date(input.at ?? this.now());
    // A retry: the visit is stored, so what follows from it is made good from the stored copy.
    const stored = await this.shoppers.storedVisit(shopperId, input.visitId, input.at);
    if (stored) {
      if (stored.touchpoint === `till:${tenantId}`) await this.#makeGood(tenantId, [stored]);
      return { recorded: false, redeemed: stored.touchpoint === `till:${tenantId}` && stored.redeems !== undefined && stored.redeems === input.promotionId };
    }
    // Everything that can refuse the scan is checked before anything is written; a refused offer
    // does not refuse the scan.
    let offer: PromotionRecord | null = null;
    let refused: string | undefined;
    if (input.promotionId) {
      try {
        offer = await this.redemptions.check(tenantId, input.promotionId, shopperId, at);
      } catch (e) {
        if (!(e instanceof DomainError && e.kind === 'conflict')) throw e;
        refused = e.message;
      }
    }
    // Where they were before walking in: their last check-in, if it is still recent.
    const priorZone = this.presence.zoneOf(shopperId);
    // The visit carries what follows from it (the index row, the redemption), so that a crash
    // after it is stored loses neither: start-up (recover) and a retry make them good from it.
    const parts = { ...(counted ? { cameFrom: priorZone } : {}), ...(offer ? { redeems: offer.id } : {}) };
    const result = await this.shoppers.checkIn(shopperId, input.visitId, input.at, { id: `till:${tenantId}`, zoneId }, parts);
    // The shop's visit is counted once per arrival at its till (arrival.ts), not per scan.
    const recorded = result.status === 'welcome' && result.arrival.place;
    if (recorded && counted) await this.storeVisits.record(tenantId, shopperId, at, priorZone);
    if (refused) return { recorded, redeemed: false, refused };
    // A copy that raced in as a duplicate answers as a retry does.
    if (!offer || (result.status === 'welcome' && result.duplicate)) return { recorded, redeemed: false };
    await this.redemptions.record(tenantId, offer.id, shopperId, at);
    this.bus.emit('promotion.redeemed', { shopperId, promotionId: offer.id, tenantId, at: at.toISOString() });
    return { recorded, redeemed: true };
  }

  /**
   * Makes good, from stored till visits of one shop, the index rows and redemptions a crash kept
   * from being written (each visit's own, counted: rows already there are not added again).
   * Resolves with how many rows were added.
   */
  async #makeGood(tenantId: string, visits: readonly VisitRecord[]): Promise<number> {
    const wantVisits: StoreVisitRecord[] = [];
    const wantRedemptions: { row: RedemptionRecord; shopperId: string; at: string }[] = [];
    for (const v of visits) {
      if (!v.shopperId || !this.shoppers.get(v.shopperId)) continue;
      if (v.cameFrom !== undefined) wantVisits.push(this.storeVisits.rowOf(v.shopperId, new Date(v.at), v.cameFrom));
      if (v.redeems !== undefined) wantRedemptions.push({ row: this.redemptions.rowOf(v.redeems, v.shopperId, new Date(v.at)), shopperId: v.shopperId, at: v.at });
    }
    let added = 0;
    for (const row of await this.storeVisits.missing(tenantId, wantVisits)) {
      await this.storeVisits.append(tenantId, row);
      added++;
    }
    const missing = new Set(await this.redemptions.missing(tenantId, wantRedemptions.map((r) => r.row)));
    for (const r of wantRedemptions) {
      if (!missing.has(r.row)) continue;
      await this.redemptions.append(tenantId, r.row);
      this.bus.emit('promotion.redeemed', { shopperId: r.shopperId, promotionId: r.row[3], tenantId, at: r.at });
      added++;
    }
    return added;
  }

  /**
   * At start-up: the till visits within reach at the hub's clock (applied-visits.ts) whose index
   * row or redemption a crash kept from being written get them now, as the shared pass over the
   * visit days hands them over (recoverFromVisits); done() resolves with how many rows were added.
   * Before the hub serves, so no scan runs alongside.
   */
  recovery(): VisitRecovery {
    const byShop = new Map<string, VisitRecord[]>();
    return {
      day: (_day, rows) => {
        for (const v of rows) {
          if (!v.touchpoint.startsWith('till:') || (v.cameFrom === undefined && v.redeems === undefined)) continue;
          const tenantId = v.touchpoint.slice('till:'.length);
          const list = byShop.get(tenantId);
          if (list) list.push(v);
          else byShop.set(tenantId, [v]);
        }
      },
      done: async () => {
        let added = 0;
        for (const [tenantId, list] of byShop) added += await this.#makeGood(tenantId, list);
        return added;
      },
    };
  }

  /** The shop's offers that can be redeemed today, for the till's list. */
  runningOffers(tenantId: string, promotions: readonly PromotionRecord[], today: string): PromotionRecord[] {
    return promotions.filter(
      (p) => p.tenantId === tenantId && p.status === 'active' && p.schedule.from <= today && (p.schedule.to === undefined || p.schedule.to >= today),
    );
  }
}
