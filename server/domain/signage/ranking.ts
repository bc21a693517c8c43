import type { PresenceCounts } from '../presence/presence.ts';
import { dayToIso, localMoment, weekdayOf } from '../mall/local-time.ts';
import type { PromotionRecord } from '#server/storage/records.ts';

/** A moment in the mall's local time, the way schedules are written. */
export interface LocalClock {
  /** YYYY-MM-DD */
  date: string;
  /** 0 = Sunday */
  weekday: number;
  /** Minutes since local midnight. */
  minutes: number;
}

/**
 * The moment `d` on the mall's clock (`timeZone`, the configured mall time zone): schedules and
 * day-parts are written in it, whatever zone the hub's process runs in (DESIGN.md rule 8).
 */
export function localClock(d: Date, timeZone: string): LocalClock {
  const { day, minute } = localMoment(d, timeZone);
  // weekdayOf counts from Monday; schedules count from Sunday.
  return { date: dayToIso(day), weekday: (weekdayOf(day) + 1) % 7, minutes: minute };
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Date range inclusive at both ends; day-parts include their start and exclude their end. */
export function isScheduled(s: PromotionRecord['schedule'], clock: LocalClock): boolean {
  if (clock.date < s.from || (s.to && clock.date > s.to)) return false;
  if (s.days.length && !s.days.includes(clock.weekday)) return false;
  if (!s.dayParts.length) return true;
  return s.dayParts.some((p) => clock.minutes >= toMinutes(p.start) && clock.minutes < toMinutes(p.end));
}

export interface ScreenPlace {
  id: string;
  zoneId: string;
  /** The screen groups it is in. */
  groups?: readonly string[];
}

/** Zones, screens and groups together say where a promotion plays; all empty means everywhere. */
export function targetsScreen(p: PromotionRecord, screen: ScreenPlace): boolean {
  const groups = p.groups ?? [];
  if (!p.zones.length && !p.screens.length && !groups.length) return true;
  return p.zones.includes(screen.zoneId) || p.screens.includes(screen.id) || groups.some((g) => screen.groups?.includes(g));
}

/**
 * Present, consenting shoppers in the promotion's segments, in the screen's zone or mall-wide.
 * With several segments this is the largest one's count: exact for one segment, and never more
 * than the true union, so a promotion never qualifies (or shows a number) on an overcount.
 */
export function audienceOf(p: PromotionRecord, counts: PresenceCounts, zoneId: string): number {
  const table = p.audienceScope === 'mall' ? counts.mall : counts.zones.get(zoneId);
  if (!table) return 0;
  const keys = p.segments.length ? p.segments : ['all'];
  let best = 0;
  for (const key of keys) best = Math.max(best, table.get(key) ?? 0);
  return best;
}

/**
 * The audience a non-house promotion needs before a screen plays it. Any minimum set below K is
 * K: a promotion that appears at 2 and not at 1 would tell a passer-by how many are here. An
 * untargeted promotion with no minimum (0) plays whatever the count, which tells nothing.
 */
export function neededAudience(p: Pick<PromotionRecord, 'segments' | 'minAudience'>, k: number): number {
  return p.segments.length || p.minAudience > 0 ? Math.max(p.minAudience, k) : 0;
}

export interface Ranked {
  promotion: PromotionRecord;
  audience: number;
  score: number;
}

export const MAX_PLAYLIST_ITEMS = 8;

/**
 * The promotions a screen should play now, best first. A promotion qualifies when its audience
 * reaches `neededAudience`: its minimum and K, or nothing for an untargeted one with no minimum. Ranked by
 * audience × priority. House content only when nothing qualifies.
 */
export function rank(promotions: readonly PromotionRecord[], screen: ScreenPlace, counts: PresenceCounts, k: number, clock: LocalClock): Ranked[] {
  const live = promotions.filter((p) => p.status === 'active' && targetsScreen(p, screen) && isScheduled(p.schedule, clock));
  const chosen: Ranked[] = [];
  for (const p of live) {
    if (p.house) continue;
    const audience = audienceOf(p, counts, screen.zoneId);
    if (audience >= neededAudience(p, k)) chosen.push({ promotion: p, audience, score: audience * p.priority });
  }
  if (!chosen.length) {
    for (const p of live) if (p.house) chosen.push({ promotion: p, audience: 0, score: p.priority });
  }
  return chosen
    .sort((a, b) => b.score - a.score || b.promotion.priority - a.promotion.priority || a.promotion.id.localeCompare(b.promotion.id))
    .slice(0, MAX_PLAYLIST_ITEMS);
}
