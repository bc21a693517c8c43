import type { ReportQuery, TenantReport } from '../../../shared/schemas/reports.ts';
import { isoToDay } from '../local-time.ts';
import type { Shoppers } from '../shoppers.ts';
import type { StoreVisits } from '../store-visits.ts';
import { builtinSegments } from '../../../shared/segments/index.ts';
import type { RedemptionRecord } from '../../storage/records.ts';
import { summaryOf } from '../segments.ts';
import { dayToIso } from '../local-time.ts';
import { computeReport, type VisitorProfile } from './compute.ts';
import { previousPeriod } from './periods.ts';
import { promotionEffect, type Play } from './promotion-effect.ts';

/** What reports need to know of promotions, kept as functions so this module stays small. */
export interface PromotionFacts {
  /** The shop's promotions (archived ones too: last month's report still shows them). */
  ofTenant(tenantId: string): { id: string; title: string }[];
  /** Where and when it played, in the mall's local days and hours. */
  plays(promotionId: string): Play[];
  redemptions(tenantId: string, fromDay: number, toDay: number): Promise<RedemptionRecord[]>;
}

/** Segments a report mixes by: behaviour and interests (age, area and language have their own tables). */
const MIXED_SEGMENT = /^(new|returning|frequent|lapsed|interest:.*)$/;

const STAFFING_WEEKS = 8;
const LAPSE_WINDOW_DAYS = 60;

/** Shops' visit reports, from the precomputed per-shop rows. */
export class Reports {
  constructor(
    private readonly storeVisits: StoreVisits,
    private readonly shoppers: Shoppers,
    private readonly k: number,
    private readonly promotions: PromotionFacts,
  ) {}

  async forTenant(tenantId: string, query: ReportQuery): Promise<TenantReport> {
    const fromDay = isoToDay(query.from);
    const toDay = isoToDay(query.to);
    const previous = previousPeriod(fromDay, toDay);
    const staffingFrom = toDay - STAFFING_WEEKS * 7 + 1;
    const earliest = Math.min(previous.fromDay, fromDay - LAPSE_WINDOW_DAYS, staffingFrom);
    const all = await this.storeVisits.between(tenantId, earliest, toDay);
    const firstSeen = await this.storeVisits.firstSeen(tenantId);
    const profiles = new Map<string, VisitorProfile | null>();
    const now = Date.now();
    const profileOf = (visitor: string): VisitorProfile | null => {
      let p = profiles.get(visitor);
      if (p === undefined) {
        const id = this.storeVisits.shopperOf(visitor, () => this.shoppers.ids());
        const s = id ? this.shoppers.get(id) : undefined;
        // An erased shopper's visits stay as anonymous counts; a withdrawn consent removes them.
        p = !s
          ? {}
          : s.consent.analytics
            ? { ageBand: s.ageBand, homeArea: s.homeArea, language: s.language, segments: builtinSegments(summaryOf(s), now).filter((id) => MIXED_SEGMENT.test(id)) }
            : null;
        profiles.set(visitor, p);
      }
      return p;
    };
    const periodVisits = all.filter((r) => r[0] >= fromDay && r[0] <= toDay && profileOf(r[2]) !== null);
    const redemptions = (await this.promotions.redemptions(tenantId, fromDay, toDay)).filter((r) => profileOf(r[2]) !== null);
    const promotions = this.promotions.ofTenant(tenantId).map((p) => {
      const effect = promotionEffect({
        promotionId: p.id,
        title: p.title,
        plays: this.promotions.plays(p.id),
        visits: periodVisits,
        redeemedBy: redemptions.filter((r) => r[3] === p.id).map((r) => r[2]),
        fromDay,
        toDay,
        windowHours: query.liftHours,
        k: this.k,
      });
      return { ...effect, impressionsByDay: effect.impressionsByDay.map((d) => ({ date: dayToIso(d.day), count: d.count })) };
    });
    return computeReport({
      liftHours: query.liftHours,
      promotions,
      tenantId,
      fromDay,
      toDay,
      granularity: query.granularity,
      k: this.k,
      rows: all.filter((r) => r[0] >= fromDay - LAPSE_WINDOW_DAYS),
      previousRows: all.filter((r) => r[0] >= previous.fromDay && r[0] <= previous.toDay),
      previous,
      firstSeen,
      staffingRows: all.filter((r) => r[0] >= staffingFrom),
      staffingWeeks: STAFFING_WEEKS,
      profileOf,
    });
  }
}
