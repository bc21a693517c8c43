import type { PromotionRecord, ShopperRecord } from '#server/storage/records.ts';
import type { Mall } from '../mall/mall.ts';
import { isScheduled } from './ranking.ts';

export interface KioskOfferView {
  /** The promotion's id: titles may repeat. */
  id: string;
  title: string;
  text: string;
  shop?: string;
}

const MAX_OFFERS = 3;

/**
 * The offers a kiosk shows a shopper it has just welcomed. With `analytics` granted they are
 * picked by the shopper's segments (a targeted offer first); without it, only offers meant for
 * everyone are shown, so nothing about the shopper is used. House content is for screens only.
 */
export class Offers {
  constructor(
    private readonly promotions: () => readonly PromotionRecord[],
    private readonly mall: Mall,
    private readonly segmentsOf: (s: ShopperRecord) => readonly string[],
  ) {}

  for(shopper: ShopperRecord, zoneId: string, now = new Date()): KioskOfferView[] {
    const clock = this.mall.clock(now);
    const live = this.promotions().filter(
      (p) => p.status === 'active' && !p.house && isScheduled(p.schedule, clock) && (p.zones.length === 0 || p.zones.includes(zoneId)),
    );
    const mine = shopper.consent.analytics ? new Set(this.segmentsOf(shopper)) : null;
    const scored = live
      .map((p) => ({ p, targeted: p.segments.length > 0 && !!mine && p.segments.some((s) => mine.has(s)) }))
      .filter(({ p, targeted }) => targeted || p.segments.length === 0)
      .sort((a, b) => Number(b.targeted) - Number(a.targeted) || b.p.priority - a.p.priority || a.p.title.localeCompare(b.p.title));
    return scored.slice(0, MAX_OFFERS).map(({ p }) => {
      const shop = p.tenantId ? this.mall.record.tenants.find((t) => t.id === p.tenantId)?.name : undefined;
      return { id: p.id, title: p.title, text: p.text, ...(shop ? { shop } : {}) };
    });
  }
}
