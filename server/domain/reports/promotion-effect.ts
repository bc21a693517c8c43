import type { Cell } from '#shared/schemas/reports.ts';
import type { StoreVisitRow } from '../shops/store-visits.ts';
import { add, suppress, tally, toCell } from './suppression.ts';
import { appendRows, Interner, VisitTable } from './visit-table.ts';

/** Where and when a promotion played: local day and hour, in a zone, how many times. */
export interface Play {
  day: number;
  hour: number;
  zoneId: string;
  count: number;
}

export interface PromotionEffect {
  promotionId: string;
  title: string;
  impressions: number;
  impressionsByDay: { day: number; count: number }[];
  redemptions: Cell;
  /** Visits within N hours after a play in the zone the shopper came from. */
  exposedVisits: Cell;
  exposedHours: number;
  /** Visits in the same hours of the day on days it did not play. */
  baselineVisits: Cell;
  baselineHours: number;
  /** Exposed visit rate over baseline rate, minus one; null when either side is hidden or empty. */
  lift: number | null;
}

export interface PromotionEffectInput {
  promotionId: string;
  title: string;
  plays: readonly Play[];
  /** The shop's visits in the period, consenting shoppers only. */
  visits: readonly StoreVisitRow[];
  /** Visitor pseudonyms of the shop's redemptions in the period, one per redemption at its till. */
  redeemedBy: readonly string[];
  fromDay: number;
  toDay: number;
  windowHours: number;
  k: number;
}

/**
 * What a promotion did for the shop: how often it played, how often it was redeemed, and whether
 * shoppers who had just been near a screen playing it came in more than usual. "Usual" is the same
 * hours of the day on days in the period when it did not play at all.
 */
export function promotionEffect(input: PromotionEffectInput): PromotionEffect {
  const visitors = new Interner();
  const zones = new Interner();
  const visits = new VisitTable(Math.max(16, input.visits.length));
  appendRows(visits, input.visits, 0, visitors, zones);
  return promotionEffectOfTable({ ...input, visits: visits.groupedByVisitor(visitors.size), zoneNumber: (z) => zones.find(z), zoneCount: zones.size });
}

/** promotionEffect over the shop's interned visit columns, as the hub runs it. */
export function promotionEffectOfTable(
  input: Omit<PromotionEffectInput, 'visits'> & {
    /** The period's visits of consenting shoppers, grouped by visitor. */
    visits: VisitTable;
    /** The number a zone goes by in `visits`, if any row names it. */
    zoneNumber: (zoneId: string) => number | undefined;
    /** One more than the largest zone number. */
    zoneCount: number;
  },
): PromotionEffect {
  const { plays, windowHours, visits, fromDay, toDay, zoneCount } = input;
  const slot = (day: number, hour: number) => day * 24 + hour;
  // Hours (absolute local hour numbers) within the window after a play, overall and per zone.
  // Per zone they are flags in an array over the period's hours and the window after it, by
  // (slot − first slot) × zoneCount + zone: looked up for every visit, so no hashing.
  const firstSlot = slot(fromDay, 0);
  const slots = (toDay - fromDay + 1) * 24 + windowHours;
  const exposed = new Set<number>();
  const exposedInZone = new Uint8Array(Math.max(0, slots * zoneCount));
  const playDay = new Uint8Array(Math.max(0, toDay - fromDay + 1));
  const byDay = new Map<number, number>();
  let impressions = 0;
  for (const p of plays) {
    if (p.day < fromDay || p.day > toDay) continue;
    impressions += p.count;
    byDay.set(p.day, (byDay.get(p.day) ?? 0) + p.count);
    playDay[p.day - fromDay] = 1;
    const zone = p.zoneId ? input.zoneNumber(p.zoneId) : undefined;
    for (let h = 0; h <= windowHours; h++) {
      const s = slot(p.day, p.hour) + h;
      exposed.add(s);
      // A zone no visit came from cannot expose a visit (nor can an unnamed one).
      if (zone !== undefined && s - firstSlot < slots) exposedInZone[(s - firstSlot) * zoneCount + zone] = 1;
    }
  }
  // Hours of the day with an exposure, by s % 24 + 24 (JavaScript's % keeps the sign).
  const hourOfDay = new Uint8Array(48);
  for (const s of exposed) hourOfDay[(s % 24) + 24] = 1;
  const hoursOfDay = hourOfDay.reduce((n, x) => n + x, 0);
  const played = (day: number) => day >= fromDay && day <= toDay && playDay[day - fromDay] === 1;
  const exposedVisits = tally();
  const baselineVisits = tally();
  let baselineHours = 0;
  for (let day = fromDay; day <= toDay; day++) if (!played(day)) baselineHours += hoursOfDay;
  for (let i = 0; i < visits.length; i++) {
    const day = visits.day[i];
    const zone = visits.zone[i];
    const s = slot(day, Math.floor(visits.minute[i] / 60));
    const at = s - firstSlot;
    if (zone >= 0 && at >= 0 && at < slots && exposedInZone[at * zoneCount + zone] === 1) add(exposedVisits, visits.visitor[i]);
    else if (!played(day) && hourOfDay[(s % 24) + 24] === 1) add(baselineVisits, visits.visitor[i]);
  }
  suppress([exposedVisits, baselineVisits], [], input.k);
  const exposedRate = exposed.size ? exposedVisits.value / exposed.size : 0;
  const baselineRate = baselineHours ? baselineVisits.value / baselineHours : 0;
  const lift = exposedVisits.suppressed || baselineVisits.suppressed || !baselineRate || !exposed.size ? null : Math.round((exposedRate / baselineRate - 1) * 1000) / 1000;
  return {
    promotionId: input.promotionId,
    title: input.title,
    impressions,
    impressionsByDay: [...byDay.entries()].sort(([a], [b]) => a - b).map(([day, count]) => ({ day, count })),
    // Not suppressed: each one was made at the shop's own till (docs/shops.md).
    redemptions: { value: input.redeemedBy.length, suppressed: false },
    exposedVisits: toCell(exposedVisits),
    exposedHours: exposed.size,
    baselineVisits: toCell(baselineVisits),
    baselineHours,
    lift,
  };
}
