/**
 * One-question feedback (issue 19): "How likely are you to recommend <mall> to a friend?" 0–10,
 * tied to a visit, reported only as K-safe NPS aggregates.
 */
import { z } from 'zod';
import { PassId } from './common.ts';
import { VisitId } from './shoppers.ts';

/** A recommend score: a whole number 0..10 (a string such as "ten" or 11 is refused naming `score`). */
export const Score = z.number('must be a whole number from 0 to 10').int('must be a whole number from 0 to 10').min(0, 'must be from 0 to 10').max(10, 'must be from 0 to 10');

/** The kiosk's answer, for the visit it just welcomed. */
export const KioskFeedback = z.strictObject({
  visitId: VisitId,
  passId: PassId,
  score: Score,
});
export type KioskFeedback = z.infer<typeof KioskFeedback>;

/** The pass page's answer from a feedback message's one-tap link (`?feedback=<token>&score=<n>`). */
export const PassFeedback = z.strictObject({
  token: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'must be the link’s feedback token'),
  score: Score,
});
export type PassFeedback = z.infer<typeof PassFeedback>;

/** NPS of a group of answers: promoters (9–10) minus detractors (0–6), in % of answers; null below K answers. */
export const NpsCell = z.object({
  answers: z.number().int().nullable(),
  nps: z.number().nullable(),
  suppressed: z.boolean(),
});
export type NpsCell = z.infer<typeof NpsCell>;

export const NpsReport = z.object({
  from: z.string(),
  to: z.string(),
  k: z.number(),
  total: NpsCell,
  /** ISO weeks of the mall clock (`2026-W48`). */
  byWeek: z.array(z.object({ week: z.string(), cell: NpsCell })),
  byZone: z.array(z.object({ zoneId: z.string(), zone: z.string(), cell: NpsCell })),
  /** Shops visited (till scans) on the day of the visit answered about. */
  byShop: z.array(z.object({ tenantId: z.string(), shop: z.string(), cell: NpsCell })),
  /** Answers by channel (kiosk, email link, SMS link); free-text comments are not taken. */
  byChannel: z.array(z.object({ channel: z.string(), cell: NpsCell })),
});
export type NpsReport = z.infer<typeof NpsReport>;
