import { segmentsOf, type ShopperSummary } from '../../shared/segments/index.ts';
import type { CustomSegment } from '../../shared/schemas/segments.ts';
import type { ShopperRecord } from '../storage/records.ts';

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
