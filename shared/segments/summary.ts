/**
 * What segment rules read about one shopper: the profile and a summary of visit history, never
 * raw visits. Times are epoch ms.
 */
export interface ShopperSummary {
  language: string;
  interests?: readonly string[];
  ageBand?: string;
  homeArea?: string;
  visitCount: number;
  firstVisitAt?: number;
  lastVisitAt?: number;
  /** The visit before the latest one, however long ago: what `lapsed` needs. */
  previousVisitAt?: number;
  /** Visit times within the last 60 days, ascending. */
  recentVisits: readonly number[];
  /** Zones the shopper has checked in at. */
  zones?: readonly string[];
}

export const DAY_MS = 86_400_000;
