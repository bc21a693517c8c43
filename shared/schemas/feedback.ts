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

/** The longest comment the pass page takes after a link's score (characters, after trimming). */
export const COMMENT_MAX = 280;

/**
 * An optional short comment sent from the pass page after the link's score, with the same token
 * (within an hour of the score). Never shown one by one: operators see how many there are.
 */
export const PassFeedbackComment = z.strictObject({
  token: PassFeedback.shape.token,
  comment: z
    .string('must be text')
    .trim()
    .min(1, 'write something, or leave it')
    .max(COMMENT_MAX, `must be at most ${COMMENT_MAX} characters`)
    // Line breaks are fine; other control characters have no place in a comment.
    .refine((c) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(c), 'must not hold control characters'),
});
export type PassFeedbackComment = z.infer<typeof PassFeedbackComment>;

/** NPS of a group of answers: promoters (9–10) minus detractors (0–6), in % of answers; null below K answers. */
export const NpsCell = z.object({
  answers: z.number().int().nullable(),
  nps: z.number().nullable(),
  /** How many of the answers came with a comment (never their text); null when the cell is hidden. */
  comments: z.number().int().nullable(),
  suppressed: z.boolean(),
});
export type NpsCell = z.infer<typeof NpsCell>;

export const NpsReport = z.object({
  /** The whole ISO weeks counted: the Monday on or before the day asked for, and the Sunday on or after. */
  from: z.string(),
  to: z.string(),
  k: z.number(),
  total: NpsCell,
  /** ISO weeks of the mall clock (`2026-W48`). */
  byWeek: z.array(z.object({ week: z.string(), cell: NpsCell })),
  byZone: z.array(z.object({ zoneId: z.string(), zone: z.string(), cell: NpsCell })),
  /** Shops visited (till scans) on the day of the visit answered about. */
  byShop: z.array(z.object({ tenantId: z.string(), shop: z.string(), cell: NpsCell })),
  /** Answers by channel (kiosk, pass-page link). */
  byChannel: z.array(z.object({ channel: z.string(), cell: NpsCell })),
});
export type NpsReport = z.infer<typeof NpsReport>;
