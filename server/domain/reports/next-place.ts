/**
 * "Went to next" for a shop's report: after a visit to the shop's till, the next check-in of the
 * same shopper in the same mall visit on the same local day (the mall clock) — the rule zone flow
 * uses for a move (zone-flow.ts), so "next" means one thing in every report. The next read is
 * keyed by where it was: another shop's till as `shop:<shop id>`, anything else by its zone id;
 * `none` when the visit ended there (no later read, a new mall visit, or another local day).
 */
import type { DailyLog } from '#server/storage/daily-log.ts';
import type { VisitRecord } from '#server/storage/records.ts';
import { SHOP_KEY_PREFIX } from '#shared/reports/mix-names.ts';
import { dayToIso, localMoment } from '../mall/local-time.ts';

/** The touchpoint id of a shop's till (shops/till.ts records visits there under this id). */
export const tillTouchpoint = (tenantId: string): string => `till:${tenantId}`;

/** One visit to the shop: its local day and minute (as the shop's own index has them) and where the shopper went next. */
export interface NextPlace {
  shopperId: string;
  day: number;
  minute: number;
  next: string;
}

type Read = Pick<VisitRecord, 'shopperId' | 'zoneId' | 'at' | 'kind' | 'touchpoint'>;

/** Where a read was, as a key of "went to next". */
function placeOf(read: Read): string {
  return read.touchpoint.startsWith('till:') ? `${SHOP_KEY_PREFIX}${read.touchpoint.slice('till:'.length)}` : read.zoneId;
}

/**
 * Each visit to `tenantId`'s till in `visits` (any order) with where that shopper went next.
 * Erased shoppers' visits (no shopper) are left out; consent is the caller's to check.
 */
export function nextPlacesOf(visits: readonly Read[], tenantId: string, timeZone: string): NextPlace[] {
  const till = tillTouchpoint(tenantId);
  // Only the shop's own visitors' reads are grouped: a month of the mall's reads is mostly others'.
  const visitors = new Set<string>();
  for (const v of visits) if (v.touchpoint === till && v.shopperId) visitors.add(v.shopperId);
  const byShopper = new Map<string, Read[]>();
  for (const v of visits) {
    if (!v.shopperId || !visitors.has(v.shopperId)) continue;
    const list = byShopper.get(v.shopperId);
    if (list) list.push(v);
    else byShopper.set(v.shopperId, [v]);
  }
  const out: NextPlace[] = [];
  for (const [shopperId, reads] of byShopper) {
    reads.sort((a, b) => a.at.localeCompare(b.at));
    for (let i = 0; i < reads.length; i++) {
      if (reads[i].touchpoint !== till) continue;
      const here = localMoment(new Date(reads[i].at), timeZone);
      const after = reads[i + 1];
      // The next read belongs to this visit only if it is no new mall visit and on the same local day.
      const sameVisit = after !== undefined && after.kind !== undefined && localMoment(new Date(after.at), timeZone).day === here.day;
      out.push({ shopperId, day: here.day, minute: here.minute, next: sameVisit ? placeOf(after) : 'none' });
    }
  }
  return out;
}

/** Reads the mall's visit files for a shop's "went to next". */
export class NextPlaces {
  constructor(
    private readonly o: {
      visits: DailyLog<VisitRecord>;
      timeZone: () => string;
    },
  ) {}

  /**
   * The shop's till visits on local days fromDay..toDay (inclusive) with where each shopper went
   * next. Reads the visit files of those days and one either side (a local day overlaps up to three
   * UTC days, and the next read may fall just after midnight UTC).
   */
  async forShop(tenantId: string, fromDay: number, toDay: number): Promise<NextPlace[]> {
    const rows: VisitRecord[] = [];
    for (let d = fromDay - 1; d <= toDay + 1; d++) rows.push(...(await this.o.visits.read(dayToIso(d))));
    return nextPlacesOf(rows, tenantId, this.o.timeZone()).filter((p) => p.day >= fromDay && p.day <= toDay);
  }
}
