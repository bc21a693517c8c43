import { segmentsOf, type ShopperSummary } from '#shared/segments/index.ts';
import type { CustomSegment } from '#shared/schemas/segments.ts';
import type { ShopperRecord } from '#server/storage/records.ts';
import type { DomainBus } from '../core/bus.ts';
import type { Presence } from './presence.ts';

const ms = (iso: string | undefined) => (iso ? Date.parse(iso) : undefined);

/** The part of a stored shopper the shared segment rules read. */
export function summaryOf(s: ShopperRecord): ShopperSummary {
  return {
    language: s.language,
    interests: s.interests,
    ageBand: s.ageBand,
    homeArea: s.homeArea,
    visitCount: s.visitCount,
    firstVisitAt: ms(s.firstVisitAt),
    lastVisitAt: ms(s.lastVisitAt),
    previousVisitAt: ms(s.previousVisitAt),
    recentVisits: s.recentVisits,
    zones: s.zones,
  };
}

/**
 * The live-count keys of a shopper: `all` plus every segment they are in — and nothing at all
 * without `analytics` consent, so a shopper who said no is never counted anywhere.
 */
export function segmentKeys(s: ShopperRecord, now: number, custom: readonly CustomSegment[]): string[] {
  if (!s.consent.analytics) return [];
  return ['all', ...segmentsOf(summaryOf(s), now, custom)];
}

/**
 * Keeps a present shopper's count keys in step when their consent changes: withdrawing
 * `analytics` takes them out of every count at the next tick, granting it puts them in. Whoever
 * records the change only has to emit `consent.changed` after saving the shopper.
 */
export function followConsent(
  bus: DomainBus,
  shopperOf: (id: string) => ShopperRecord | undefined,
  presence: Presence,
  keysOf: (s: ShopperRecord) => readonly string[],
): () => void {
  const on = ({ shopperId }: { shopperId: string }) => {
    const s = shopperOf(shopperId);
    if (s) presence.update(shopperId, keysOf(s));
    else presence.leave(shopperId);
  };
  bus.on('consent.changed', on);
  return () => bus.off('consent.changed', on);
}
