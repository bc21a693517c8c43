import { z } from 'zod';

/**
 * How long the mall keeps each kind of data (docs/shoppers-and-privacy.md#how-long-data-is-kept).
 * Months are calendar months counted back from today on the mall clock.
 */
export const RetentionSettings = z.strictObject({
  /** A shopper with no visit (nor enrolment) for this many months is erased as if they had asked. */
  shopperMonths: z.number({ message: 'give a whole number of months' }).int('give a whole number of months').min(1, 'keep shoppers at least 1 month').max(120, 'at most 120 months (10 years)'),
  /**
   * The reporting horizon: raw visit rows older than this many months lose their link to a
   * shopper and stay only as anonymous counts. At least 13, so a year can be set beside the one before.
   */
  visitMonths: z.number({ message: 'give a whole number of months' }).int('give a whole number of months').min(13, 'keep visits at least 13 months, so reports can compare a year with the one before').max(120, 'at most 120 months (10 years)'),
  /** Audit log days older than this many months are deleted. */
  auditMonths: z.number({ message: 'give a whole number of months' }).int('give a whole number of months').min(6, 'keep the audit log at least 6 months').max(120, 'at most 120 months (10 years)'),
  /** Finished webhook and email deliveries older than this many days are dropped from their logs. */
  deliveryDays: z.number({ message: 'give a whole number of days' }).int('give a whole number of days').min(7, 'keep delivery logs at least 7 days').max(3650, 'at most 3650 days (10 years)'),
});
export type RetentionSettings = z.infer<typeof RetentionSettings>;

/** What a mall keeps until an operator says otherwise; stated in the docs. */
export const RETENTION_DEFAULTS: RetentionSettings = Object.freeze({
  shopperMonths: 24,
  visitMonths: 25,
  auditMonths: 24,
  deliveryDays: 90,
});

/** What the last daily run did: counts only, never who. */
export const RetentionRun = z.object({
  /** The mall-local day (YYYY-MM-DD) the run was for. */
  day: z.string(),
  /** When it ran (ISO time). */
  at: z.string(),
  shoppersErased: z.number(),
  visitsFolded: z.number(),
  auditEntriesDropped: z.number(),
  deliveriesDropped: z.number(),
  /** Feedback answers (comments with them) and loyalty report rows dropped; absent in runs from before it was counted. */
  loyaltyRowsDropped: z.number().optional(),
});
export type RetentionRun = z.infer<typeof RetentionRun>;

/** GET/PUT /api/retention: the settings in force, the defaults, and the last run. */
export const RetentionView = z.object({
  settings: RetentionSettings,
  defaults: RetentionSettings,
  /** The mall-local time (HH:MM) the daily run starts at. */
  runsAt: z.string(),
  lastRun: RetentionRun.nullable(),
});
export type RetentionView = z.infer<typeof RetentionView>;
