import { z } from 'zod';
import { Id } from './common.ts';
import { PromotionInput } from './promotions.ts';

/** A draft promotion to try against the live mall; `id` when it is an edit of a saved one. */
export const PromotionPreviewBody = z.strictObject({
  id: Id.optional(),
  promotion: PromotionInput,
});
export type PromotionPreviewBody = z.input<typeof PromotionPreviewBody>;

export const PREVIEW_REASONS = ['shows', 'not_targeted', 'not_scheduled', 'below_minimum', 'below_k', 'outranked', 'house_waits'] as const;

export const ScreenPreview = z.object({
  screenId: Id,
  name: z.string(),
  zoneId: Id,
  reason: z.enum(PREVIEW_REASONS),
  /** The draft's audience at that screen, null below K. */
  audience: z.number().int().nullable(),
});
export type ScreenPreview = z.infer<typeof ScreenPreview>;

/** The offer email as a shopper would get it (English, a stand-in pass link): both parts. */
export const OfferEmailPreview = z.object({
  subject: z.string(),
  text: z.string(),
  /** The HTML part as the hub sends it (MJML output); shown in a sandboxed frame. */
  html: z.string(),
});
export type OfferEmailPreview = z.infer<typeof OfferEmailPreview>;

export const PromotionPreview = z.object({
  k: z.number().int(),
  showing: z.number().int(),
  screens: z.array(ScreenPreview),
  /** Present when the draft sends an offer email. */
  email: OfferEmailPreview.optional(),
});
export type PromotionPreview = z.infer<typeof PromotionPreview>;
