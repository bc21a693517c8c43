import { z } from 'zod';

export const GRANULARITIES = ['day', 'week', 'month', 'year'] as const;
export const Granularity = z.enum(GRANULARITIES);
export type Granularity = z.infer<typeof Granularity>;

const IsoDate = z.iso.date();

/** The longest range one report may cover: two years of whole days. */
export const MAX_REPORT_DAYS = 731;

/**
 * A report period: whole local days from..to inclusive, cut into fixed calendar buckets
 * (ISO weeks from Monday, calendar months and years).
 */
const ReportPeriod = z.strictObject({
  from: IsoDate,
  to: IsoDate,
  granularity: Granularity.default('day'),
  /** A promotion's lift counts shop visits within this many hours after it played (default 4). */
  liftHours: z.coerce.number().int().min(1).max(24).default(4),
});

function checkRange(q: { from: string; to: string }, ctx: z.RefinementCtx): void {
  const days = (Date.parse(q.to) - Date.parse(q.from)) / 86400_000 + 1;
  if (days < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
  else if (days > MAX_REPORT_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: `a report covers at most ${MAX_REPORT_DAYS} days` });
}

export const ReportQuery = ReportPeriod.superRefine(checkRange);
export const REPORT_TABLES = ['summary', 'series', 'hours', 'weekdays', 'heatmap', 'frequency', 'mix', 'staffing', 'promotions'] as const;
export const ReportCsvQuery = ReportPeriod.extend({ table: z.enum(REPORT_TABLES) }).superRefine(checkRange);
export type ReportCsvQuery = z.output<typeof ReportCsvQuery>;
export type ReportQuery = z.output<typeof ReportQuery>;

/** A number of shoppers (or their visits); null and suppressed when it would describe fewer than K people. */
export const Cell = z.object({ value: z.number().nullable(), suppressed: z.boolean() });
export type Cell = z.infer<typeof Cell>;

export const Summary = z.object({
  visits: Cell,
  uniqueVisitors: Cell,
  newVisitors: Cell,
  returningVisitors: Cell,
  /** Share (0–1) of visitors with two or more visits in the period. */
  repeatRate: z.number().nullable(),
  averageDaysBetweenVisits: z.number().nullable(),
  /** Visitors back after 60 or more days away. */
  lapsedWonBack: Cell,
  /**
   * Whether the period is one whole calendar month. New, returning and won-back visitors, the repeat
   * rate and the days between visits depend on where the period starts and ends, so two overlapping
   * periods could be subtracted to single shoppers out: they are measured for whole months only
   * (hidden otherwise). See server/domain/reports/differencing.ts.
   */
  wholeMonth: z.boolean(),
});
export type Summary = z.infer<typeof Summary>;

const Keyed = z.object({ key: z.string(), visitors: Cell });

export const PromotionEffect = z.object({
  promotionId: z.string(),
  title: z.string(),
  impressions: z.number().int(),
  impressionsByDay: z.array(z.object({ date: IsoDate, count: z.number().int() })),
  redemptions: Cell,
  exposedVisits: Cell,
  exposedHours: z.number().int(),
  baselineVisits: Cell,
  baselineHours: z.number().int(),
  lift: z.number().nullable(),
});
export type PromotionEffect = z.infer<typeof PromotionEffect>;

export const TenantReport = z.object({
  tenantId: z.string(),
  from: IsoDate,
  to: IsoDate,
  granularity: Granularity,
  k: z.number().int(),
  summary: Summary,
  previous: z.object({ from: IsoDate, to: IsoDate, summary: Summary }),
  series: z.array(z.object({ label: z.string(), from: IsoDate, to: IsoDate, visits: Cell, uniqueVisitors: Cell })),
  /**
   * The whole ISO weeks (Monday to Sunday) inside the period that byHour and heatmap cover, or null
   * when it holds none: the time-of-day tables add up whole weeks so they cannot be differenced.
   */
  hoursCover: z.object({ from: IsoDate, to: IsoDate }).nullable(),
  /** Visits by local hour 0–23 and weekday × hour (over hoursCover), and by weekday Monday=0 (the whole period). */
  byHour: z.array(Cell),
  byWeekday: z.array(Cell),
  heatmap: z.array(z.array(Cell)),
  /** Visitors by their number of visits in the period; empty unless the period is a whole month (summary.wholeMonth). */
  frequency: z.array(z.object({ label: z.string(), visitors: Cell })),
  mix: z.object({
    ageBand: z.array(Keyed),
    homeArea: z.array(Keyed),
    language: z.array(Keyed),
    /** The zone of each visitor's first visit in the period; empty unless the period is a whole month. */
    priorZone: z.array(Keyed),
    /**
     * Where each visitor went next after their first visit to the shop in the period: the next
     * check-in of that mall visit on that local day, keyed by zone id, `shop:<shop id>` for another
     * shop's till, or `none` (see NEXT_PLACE_DEFINITION); empty unless the period is a whole month.
     */
    nextPlace: z.array(Keyed),
    /** Behavioural and interest segments; a visitor can be in several, so these do not add up. */
    segment: z.array(Keyed),
  }),
  liftHours: z.number().int(),
  promotions: z.array(PromotionEffect),
  /** Average visitors per hour for each weekday over the weeks before `to`, peaks and quiet hours marked. */
  staffing: z.object({
    weeks: z.number().int(),
    days: z.array(z.object({ weekday: z.number().int(), hours: z.array(z.number().nullable()), peak: z.array(z.number().int()), quiet: z.array(z.number().int()) })),
  }),
});
export type TenantReport = z.infer<typeof TenantReport>;
