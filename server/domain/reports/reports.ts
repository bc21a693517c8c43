import type { ReportQuery, TenantReport } from '../../../shared/schemas/reports.ts';
import { isoToDay } from '../local-time.ts';
import type { Shoppers } from '../shoppers.ts';
import type { StoreVisits } from '../store-visits.ts';
import { computeReport, type VisitorProfile } from './compute.ts';
import { previousPeriod } from './periods.ts';

const STAFFING_WEEKS = 8;
const LAPSE_WINDOW_DAYS = 60;

/** Shops' visit reports, from the precomputed per-shop rows. */
export class Reports {
  constructor(
    private readonly storeVisits: StoreVisits,
    private readonly shoppers: Shoppers,
    private readonly k: number,
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
    const profileOf = (visitor: string): VisitorProfile | null => {
      let p = profiles.get(visitor);
      if (p === undefined) {
        const id = this.storeVisits.shopperOf(visitor, () => this.shoppers.ids());
        const s = id ? this.shoppers.get(id) : undefined;
        // An erased shopper's visits stay as anonymous counts; a withdrawn consent removes them.
        p = !s ? {} : s.consent.analytics ? { ageBand: s.ageBand, homeArea: s.homeArea, language: s.language } : null;
        profiles.set(visitor, p);
      }
      return p;
    };
    return computeReport({
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
