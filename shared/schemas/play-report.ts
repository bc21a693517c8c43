import { z } from 'zod';
import { Id } from './common.ts';

const IsoDate = z.iso.date();

/** The longest range one proof-of-play report may cover: a year and a day (a leap year). */
export const MAX_PLAY_REPORT_DAYS = 366;

/**
 * Which impressions a proof-of-play report counts: whole local days from..to inclusive (the mall's
 * time zone), optionally one promotion, one screen and/or one zone. A screen-group filter slots in
 * beside `zoneId` (a set of screens, matched in the same place in play-report.ts).
 */
export const PlayReportQuery = z
  .strictObject({
    from: IsoDate,
    to: IsoDate,
    promotionId: Id.optional(),
    screenId: Id.optional(),
    zoneId: Id.optional(),
  })
  .superRefine((q, ctx) => {
    const days = (Date.parse(q.to) - Date.parse(q.from)) / 86400_000 + 1;
    if (days < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
    else if (days > MAX_PLAY_REPORT_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: `a report covers at most ${MAX_PLAY_REPORT_DAYS} days` });
  });
export type PlayReportQuery = z.output<typeof PlayReportQuery>;

/** One line of the report's detail (its CSV; the JSON report carries only the totals): impressions in one local hour of one day. */
export const PlayReportRow = z.object({
  /** Local date, YYYY-MM-DD. */
  date: z.string(),
  /** Local hour of the day, 0–23. */
  hour: z.number().int().min(0).max(23),
  promotionId: Id,
  screenId: Id,
  /** The screen's zone now; null for a screen no longer paired (its plays still count in totals). */
  zoneId: Id.nullable(),
  count: z.number().int().nonnegative(),
});
export type PlayReportRow = z.infer<typeof PlayReportRow>;

const Named = z.object({ id: z.string(), name: z.string(), count: z.number().int().nonnegative() });

/**
 * Impressions (slides shown, as screens reported them) per promotion, screen, zone and local hour.
 * Impressions are plays, not people: nothing here counts shoppers, so no cell is held back below K.
 */
export const PlayReport = z.object({
  from: IsoDate,
  to: IsoDate,
  timeZone: z.string(),
  total: z.number().int().nonnegative(),
  byPromotion: z.array(Named),
  byScreen: z.array(Named.extend({ zoneId: Id.nullable() })),
  byZone: z.array(Named),
  /** Impressions in each local hour of the day, 0–23, over the whole range. */
  byHour: z.array(z.number().int().nonnegative()).length(24),
  /** Every day of the range, with its impressions (0 too, so a chart has no gaps). */
  byDay: z.array(z.object({ date: z.string(), count: z.number().int().nonnegative() })),
});
export type PlayReport = z.infer<typeof PlayReport>;
