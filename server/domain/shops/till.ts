import type { PromotionRecord } from '#server/storage/records.ts';
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
   * @throws DomainError not_found for an unknown pass or an offer that is not this shop's (nothing written).
   */
  async scan(tenantId: string, input: TillScanInput): Promise<{ recorded: boolean; redeemed: boolean; refused?: string }> {
    const tenant = this.mall.record.tenants.find((t) => t.id === tenantId);
    if (!tenant) throw notFound('no such shop', 'tenantId');
    const shopper = this.shoppers.get(input.passId);
    if (!shopper) throw notFound('no pass with that id', 'passId');
    const at = new Date(input.at ?? this.now());
    // A scan sent again (a retry, same visit id) is answered as before: nothing new, no redemption.
    const replay = await this.shoppers.visitKnown(shopper.id, input.visitId, input.at);
    // Everything that can refuse the scan is checked before anything is written; a refused offer
    // does not refuse the scan.
    let offer: PromotionRecord | null = null;
    let refused: string | undefined;
    if (input.promotionId && !replay) {
      try {
        offer = await this.redemptions.check(tenantId, input.promotionId, shopper.id, at);
      } catch (e) {
        if (!(e instanceof DomainError && e.kind === 'conflict')) throw e;
        refused = e.message;
      }
    }
    // Where they were before walking in: their last check-in, if it is still recent.
    const priorZone = this.presence.zoneOf(shopper.id);
    const result = await this.shoppers.checkIn(shopper.id, input.visitId, input.at, { id: `till:${tenantId}`, zoneId: tenant.zoneId });
    // The shop's visit is counted once per arrival at its till (arrival.ts), not per scan.
    const recorded = result.status === 'welcome' && result.arrival.place;
    if (recorded && shopper.consent.analytics) await this.storeVisits.record(tenantId, shopper.id, at, priorZone);
    // A replayed scan (same visit id) does not redeem again.
    if (refused) return { recorded, redeemed: false, refused };
    if (!offer || (result.status === 'welcome' && result.duplicate)) return { recorded, redeemed: false };
    await this.redemptions.record(tenantId, offer.id, shopper.id, at);
    this.bus.emit('promotion.redeemed', { shopperId: shopper.id, promotionId: offer.id, tenantId, at: at.toISOString() });
    return { recorded, redeemed: true };
  }

  /** The shop's offers that can be redeemed today, for the till's list. */
  runningOffers(tenantId: string, promotions: readonly PromotionRecord[], today: string): PromotionRecord[] {
    return promotions.filter(
      (p) => p.tenantId === tenantId && p.status === 'active' && p.schedule.from <= today && (p.schedule.to === undefined || p.schedule.to >= today),
    );
  }
}
