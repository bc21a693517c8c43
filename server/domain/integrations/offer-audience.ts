import type { PromotionRecord, ShopperRecord } from '#server/storage/records.ts';
import { isScheduled, type LocalClock } from '../signage/ranking.ts';

export interface CheckInPlace {
  zoneId: string;
  /** When the check-in happened, on the mall's clock. */
  clock: LocalClock;
}

/**
 * The promotions whose offer email this check-in earns: running then (dates, weekdays,
 * day-parts, not archived), aimed at this zone (directly or through a screen in it), and aimed at
 * this shopper. Segments are only used for shoppers who granted `analytics`, as on screens; a
 * promotion for everyone needs no segment. No address or no `marketing_email`: nothing.
 */
export function offersToEmail(
  promotions: readonly PromotionRecord[],
  shopper: ShopperRecord,
  place: CheckInPlace,
  screenZone: (screenId: string) => string | undefined,
  segmentsOf: (s: ShopperRecord) => readonly string[],
): PromotionRecord[] {
  if (!shopper.consent.marketing_email || !shopper.email) return [];
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
      p.offerEmail?.enabled === true &&
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
