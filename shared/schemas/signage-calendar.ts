import { z } from 'zod';
import { Id } from './common.ts';

/** The most days one calendar request covers. */
export const MAX_CALENDAR_DAYS = 31;

/**
 * Which days and zones the promotions calendar shows: `days` local days from `from` (default:
 * today on the mall clock), every zone or one. A screen-group filter would sit beside `zoneId`.
 */
export const CalendarQuery = z.strictObject({
  from: z.iso.date().optional(),
  days: z.coerce.number().int().min(1).max(MAX_CALENDAR_DAYS).default(7),
  zoneId: Id.optional(),
});
export type CalendarQuery = z.output<typeof CalendarQuery>;

export const CalendarEntry = z.object({
  promotionId: Id,
  title: z.string(),
  priority: z.number().int(),
  /** House content plays only when nothing targeted qualifies. */
  house: z.boolean(),
  /** 'zone': every screen in the zone may play it; 'screens': only the screens it names there. */
  reach: z.enum(['zone', 'screens']),
  /** Needs an audience (segments or a minimum) before it plays; it may not play at all. */
  needsAudience: z.boolean(),
});
export type CalendarEntry = z.infer<typeof CalendarEntry>;

/** A stretch of one local day in which the same promotions are scheduled. `end` 24:00 is midnight. */
export const CalendarSlot = z.object({
  start: z.string(),
  end: z.string(),
  /** Best priority first. */
  entries: z.array(CalendarEntry),
  /** More than one non-house promotion is scheduled: they share the screens' loop, ranked live. */
  overlap: z.boolean(),
});
export type CalendarSlot = z.infer<typeof CalendarSlot>;

export const PromotionCalendar = z.object({
  from: z.iso.date(),
  days: z.number().int(),
  timeZone: z.string(),
  /** Today on the mall clock, so the panel can mark it. */
  today: z.iso.date(),
  zones: z.array(
    z.object({
      zoneId: Id,
      name: z.string(),
      days: z.array(z.object({ date: z.iso.date(), weekday: z.number().int().min(0).max(6), slots: z.array(CalendarSlot) })),
    }),
  ),
});
export type PromotionCalendar = z.infer<typeof PromotionCalendar>;
