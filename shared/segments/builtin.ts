import { DAY_MS, type ShopperSummary } from './summary.ts';

/** Built-in behavioural segments. Windows are inclusive at their edge: exactly 30 days counts. */
export const NEW_WITHIN_DAYS = 30;
export const FREQUENT_VISITS = 4;
export const FREQUENT_WITHIN_DAYS = 30;
export const LAPSED_AFTER_DAYS = 60;

/** First visit within the last 30 days. */
export const isNew = (s: ShopperSummary, now: number): boolean =>
  s.firstVisitAt !== undefined && now - s.firstVisitAt <= NEW_WITHIN_DAYS * DAY_MS;

/** Has come back at least once: two or more visits in all. */
export const isReturning = (s: ShopperSummary): boolean => s.visitCount >= 2;

/** Four or more visits in the last 30 days. */
export const isFrequent = (s: ShopperSummary, now: number): boolean =>
  visitsWithin(s, FREQUENT_WITHIN_DAYS, now) >= FREQUENT_VISITS;

/** The latest visit came after 60 or more days away: a shopper won back. */
export const isLapsed = (s: ShopperSummary): boolean =>
  s.lastVisitAt !== undefined && s.previousVisitAt !== undefined && s.lastVisitAt - s.previousVisitAt >= LAPSED_AFTER_DAYS * DAY_MS;

export function visitsWithin(s: ShopperSummary, days: number, now: number): number {
  const from = now - days * DAY_MS;
  let n = 0;
  for (const t of s.recentVisits) if (t >= from && t <= now) n++;
  return n;
}

/** Every built-in segment id the shopper belongs to, behavioural first, then profile-derived. */
export function builtinSegments(s: ShopperSummary, now: number): string[] {
  const ids: string[] = [];
  if (isNew(s, now)) ids.push('new');
  if (isReturning(s)) ids.push('returning');
  if (isFrequent(s, now)) ids.push('frequent');
  if (isLapsed(s)) ids.push('lapsed');
  for (const i of new Set(s.interests ?? [])) ids.push(`interest:${i}`);
  if (s.ageBand) ids.push(`age:${s.ageBand}`);
  if (s.homeArea) ids.push(`area:${s.homeArea}`);
  if (s.language) ids.push(`lang:${s.language}`);
  return ids;
}
