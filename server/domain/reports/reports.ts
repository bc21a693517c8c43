import type { ReportQuery, TenantReport } from '#shared/schemas/reports.ts';
import { isoToDay } from '../mall/local-time.ts';
import type { Shoppers } from '../enrolment/shoppers.ts';
import type { StoreVisits } from '../shops/store-visits.ts';
import type { RedemptionRecord, ShopperRecord } from '#server/storage/records.ts';
import { dayToIso } from '../mall/local-time.ts';
import { reportFromTables, type VisitorProfile } from './compute.ts';
import { isWholeMonth, previousPeriod } from './periods.ts';
import type { NextPlaces } from './next-place.ts';
import { staffingWindow } from './week-units.ts';
import { promotionEffectOfTable, type Play } from './promotion-effect.ts';
import { setAt, VisitTable } from './visit-table.ts';
import { Scratch } from './scratch.ts';
import { VisitorProfiles } from './visitor-profiles.ts';
import { readLive, type Live } from '../core/live.ts';

/** What reports need to know of promotions, kept as functions so this module stays small. */
export interface PromotionFacts {
  /** The shop's promotions (archived ones too: last month's report still shows them). */
  ofTenant(tenantId: string): { id: string; title: string }[];
  /** Where and when it played, in the mall's local days and hours. */
  plays(promotionId: string): Play[];
  redemptions(tenantId: string, fromDay: number, toDay: number): Promise<RedemptionRecord[]>;
}

/** The longest a background warm-up holds the event loop at a time. */
const WARM_SLICE_MS = 4;
/** Lets timers and I/O (a check-in, a socket) run before going on. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Whether each visitor counts, per report: reused (scratch.ts), as no await comes between its first use and its last. */
const COUNTED = new Scratch((n) => new Uint8Array(n));
/** The period's counted visits, written over the same table each report (scratch.ts). */
const PERIOD = new VisitTable();

const STAFFING_WEEKS = 8;
const LAPSE_WINDOW_DAYS = 60;

/** Shops' visit reports, from the precomputed per-shop rows. */
export class Reports {
  readonly #profiles = new VisitorProfiles();
  /**
   * The shopper id behind each visitor number, once found. A pseudonym belongs to one id for good
   * (ids are never reused), so this needs no upkeep: an erased shopper's record is simply gone.
   */
  readonly #shopperIds: (string | undefined)[] = [];
  #warm = false;

  constructor(
    private readonly storeVisits: StoreVisits,
    private readonly shoppers: Shoppers,
    private readonly kSetting: Live<number>,
    private readonly promotions: PromotionFacts,
    /** Where visitors went next (read from the mall's visit files); absent: the report leaves "went to next" empty. */
    private readonly nextPlaces?: NextPlaces,
  ) {
    // A kept profile goes as soon as its shopper's record changes (a visit, consent, language, erasure).
    shoppers.onChange((s) => {
      const visitor = storeVisits.find(s.visitor ?? storeVisits.visitorOf(s.id));
      if (visitor !== undefined) this.#profiles.forget(visitor);
    });
  }

  /** The record of the shopper behind a visitor number; undefined once they are erased. */
  #shopperOf(visitor: number): ShopperRecord | undefined {
    let id = this.#shopperIds[visitor];
    if (id === undefined) {
      id = this.shoppers.byVisitor(this.storeVisits.pseudonymOf(visitor));
      if (id !== undefined) setAt(this.#shopperIds, visitor, id);
    }
    return id === undefined ? undefined : this.shoppers.get(id);
  }

  /**
   * Does ahead, in the background, what a shop's first report after a start would otherwise do in
   * its own time: reads each shop's months into columns and works out the profile of every
   * visitor in them. Works in slices of a few milliseconds so check-ins are not held up; stops
   * early once `stopped()` says so. Resolves with how many profiles it worked out.
   */
  async warmUp(tenantIds: readonly string[], stopped: () => boolean): Promise<number> {
    const seen: ((visitor: number) => number | undefined)[] = [];
    for (const tenantId of tenantIds) {
      if (stopped()) return 0;
      seen.push(await this.storeVisits.firstSeen(tenantId));
      await nextTurn();
    }
    const now = Date.now();
    const recordOf = (visitor: number) => this.#shopperOf(visitor);
    let worked = 0;
    for (let v = 0; v < this.storeVisits.visitorCount && !stopped(); ) {
      const sliceEnd = performance.now() + WARM_SLICE_MS;
      for (; v < this.storeVisits.visitorCount && (v % 64 || performance.now() < sliceEnd); v++) {
        if (this.#profiles.has(v, now) || !seen.some((first) => first(v) !== undefined)) continue;
        this.#profiles.of(v, recordOf, now);
        worked++;
      }
      await nextTurn();
    }
    if (!stopped()) this.#warm = true;
    return worked;
  }

  /** Whether the warm-up after start has finished: from then on no report reads every profile. */
  get warm(): boolean {
    return this.#warm;
  }

  async forTenant(tenantId: string, query: ReportQuery): Promise<TenantReport> {
    const fromDay = isoToDay(query.from);
    const toDay = isoToDay(query.to);
    const previous = previousPeriod(fromDay, toDay);
    const staffingFrom = staffingWindow(toDay, STAFFING_WEEKS).fromDay;
    const earliest = Math.min(previous.fromDay, fromDay - LAPSE_WINDOW_DAYS, staffingFrom);
    const all = await this.storeVisits.between(tenantId, earliest, toDay);
    const firstSeen = await this.storeVisits.firstSeen(tenantId);
    const redemptionRows = await this.promotions.redemptions(tenantId, fromDay, toDay);
    for (const r of redemptionRows) this.storeVisits.numberOf(r[2]);
    const visitorCount = this.storeVisits.visitorCount;
    // Kept profiles are dropped whenever a record changes; the time-dependent part follows `now`.
    const now = Date.now();
    const recordOf = (visitor: number) => this.#shopperOf(visitor);
    const profileOf = (visitor: number): VisitorProfile | null => this.#profiles.of(visitor, recordOf, now);
    // Every redemption at the shop's till counts: the shop saw each one there, so its number tells
    // the shop nothing it does not know (and is neither limited to consenting shoppers nor hidden below K).
    const redemptions = redemptionRows;
    const ofTenant = this.promotions.ofTenant(tenantId);
    // Whether each visitor counts, asked once per visitor: 0 not asked yet, 1 counts, 2 does not.
    const status = COUNTED.take(visitorCount, 0);
    const counted = (v: number) => (status[v] ||= profileOf(v) === null ? 2 : 1) === 1;
    // The period's counted visits by visitor: the promotions' lift reads them, and the report itself, made once.
    const periodVisits = all.selectGrouped(fromDay, toDay, visitorCount, counted, PERIOD);
    const promotions = ofTenant.map((p) => {
      const effect = promotionEffectOfTable({
        promotionId: p.id,
        title: p.title,
        plays: this.promotions.plays(p.id),
        visits: periodVisits,
        zoneNumber: (z) => this.storeVisits.zoneNumber(z),
        zoneCount: this.storeVisits.zoneCount,
        redeemedBy: redemptions.filter((r) => r[3] === p.id).map((r) => r[2]),
        fromDay,
        toDay,
        windowHours: query.liftHours,
        k: readLive(this.kSetting),
      });
      return { ...effect, impressionsByDay: effect.impressionsByDay.map((d) => ({ date: dayToIso(d.day), count: d.count })) };
    });
    const nextPlace = await this.#nextPlaceLookup(tenantId, fromDay, toDay);
    return reportFromTables({
      ...(nextPlace ? { nextPlace } : {}),
      liftHours: query.liftHours,
      promotions,
      tenantId,
      fromDay,
      toDay,
      granularity: query.granularity,
      k: readLive(this.kSetting),
      rows: all,
      inPeriod: periodVisits,
      previousRows: all.within(previous.fromDay, previous.toDay),
      previous,
      firstSeen,
      staffingRows: all.within(staffingFrom, Infinity),
      staffingWeeks: STAFFING_WEEKS,
      visitorCount,
      zoneName: (z) => this.storeVisits.zoneName(z),
      profileOf,
    });
  }

  /**
   * "Went to next" by visitor number and visit time, for a whole month only (the measure moves
   * with the period's ends, like the zone visitors came from): the month's visit files are read
   * only then. A visit the files do not hold reads as `none`.
   */
  async #nextPlaceLookup(tenantId: string, fromDay: number, toDay: number): Promise<((visitor: number, day: number, minute: number) => string) | null> {
    if (!this.nextPlaces || !isWholeMonth(fromDay, toDay)) return null;
    const byVisit = new Map<string, string>();
    const pseudonyms = new Map<string, number | undefined>();
    for (const p of await this.nextPlaces.forShop(tenantId, fromDay, toDay)) {
      let visitor = pseudonyms.get(p.shopperId);
      if (!pseudonyms.has(p.shopperId)) pseudonyms.set(p.shopperId, (visitor = this.storeVisits.find(this.storeVisits.visitorOf(p.shopperId))));
      if (visitor === undefined) continue;
      const key = `${visitor}/${p.day}/${p.minute}`;
      // Two arrivals at the till in one minute: the first one's next place.
      if (!byVisit.has(key)) byVisit.set(key, p.next);
    }
    return (visitor, day, minute) => byVisit.get(`${visitor}/${day}/${minute}`) ?? 'none';
  }
}
