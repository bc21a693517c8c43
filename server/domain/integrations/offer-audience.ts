import type { PromotionRecord, ShopperRecord } from '#server/storage/records.ts';
import { isScheduled, type LocalClock } from '../signage/ranking.ts';

export interface CheckInPlace {
  zoneId: string;
  /** When the check-in happened, on the mall's clock. */
  clock: LocalClock;
}

/** A way offers reach shoppers: email or text, each switched on per promotion. */
export type OfferChannel = 'email' | 'sms';

/** Whether the shopper can be reached on the channel: its marketing consent and an address or number. */
export function reachable(shopper: ShopperRecord, channel: OfferChannel): boolean {
  return channel === 'email' ? !!(shopper.consent.marketing_email && shopper.email) : !!(shopper.consent.marketing_sms && shopper.phone);
}

/** Whether the promotion goes out on the channel. */
export function sendsOn(p: PromotionRecord, channel: OfferChannel): boolean {
  return channel === 'email' ? p.offerEmail?.enabled === true : p.offerSms?.enabled === true;
}

/**
 * The promotions whose offer email this check-in earns: running then (dates, weekdays,
 * day-parts, not archived), aimed at this zone (directly or through a screen in it), and aimed at
 * this shopper. Segments are only used for shoppers who granted `analytics`, as on screens; a
 * promotion for everyone needs no segment. No address or no `marketing_email`: nothing. With
 * `channel` 'sms' the same for offer texts: `offerSms` on, `marketing_sms` and a number.
 */
export function offersToEmail(
  promotions: readonly PromotionRecord[],
  shopper: ShopperRecord,
  place: CheckInPlace,
  screenZone: (screenId: string) => string | undefined,
  segmentsOf: (s: ShopperRecord) => readonly string[],
  channel: OfferChannel = 'email',
): PromotionRecord[] {
  if (!reachable(shopper, channel)) return [];
  const clock = place.clock;
  let mine: Set<string> | null = null;
  const inAudience = (p: PromotionRecord) => {
    if (p.segments.length === 0) return true;
    if (!shopper.consent.analytics) return false;
    mine ??= new Set(segmentsOf(shopper));
    return p.segments.some((s) => mine!.has(s));
  };
  return promotions.filter(
    (p) =>
      sendsOn(p, channel) &&
      p.status === 'active' &&
      !p.house &&
      isScheduled(p.schedule, clock) &&
      aimsAtZone(p, place.zoneId, screenZone) &&
      inAudience(p),
  );
}

export function aimsAtZone(p: PromotionRecord, zoneId: string, screenZone: (screenId: string) => string | undefined): boolean {
  if (!p.zones.length && !p.screens.length) return true;
  return p.zones.includes(zoneId) || p.screens.some((id) => screenZone(id) === zoneId);
}
