import { z } from 'zod';
import { Id } from './common.ts';

/** What a profile field condition may look at; values are ids from the mall's lists (or language codes). */
export const PROFILE_FIELDS = ['language', 'interests', 'ageBand', 'homeArea'] as const;

/**
 * One condition of an operator's own segment. Kinds are few and closed so every rule can be
 * evaluated from a shopper's summary alone, without reading raw visits.
 */
export const SegmentCondition = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('profile'), field: z.enum(PROFILE_FIELDS), anyOf: z.array(z.string().min(1).max(40)).min(1).max(20) }),
  z.strictObject({
    kind: z.literal('visits'),
    /** Counted in the last `withinDays` days; summaries keep 60 days of visit times. */
    withinDays: z.number().int().min(1).max(60),
    min: z.number().int().min(0).max(1000).optional(),
    max: z.number().int().min(0).max(1000).optional(),
  }),
  z.strictObject({
    kind: z.literal('daysSinceLastVisit'),
    min: z.number().min(0).max(3650).optional(),
    max: z.number().min(0).max(3650).optional(),
  }),
  z.strictObject({ kind: z.literal('zoneVisited'), zoneId: Id }),
]);
export type SegmentCondition = z.infer<typeof SegmentCondition>;

/** Custom segment ids carry a prefix so they can never collide with a built-in one. */
export const CustomSegmentId = z.string().regex(/^custom:[a-z0-9-]{1,40}$/, 'must be custom:<lower-case-name>');

export const CustomSegment = z.strictObject({
  id: CustomSegmentId,
  name: z.string().trim().min(1).max(60),
  match: z.enum(['all', 'any']),
  conditions: z.array(SegmentCondition).min(1).max(20),
});
export type CustomSegment = z.infer<typeof CustomSegment>;

/** A segment a promotion may target: a built-in, a profile-derived one, or a custom one. */
export const SegmentId = z
  .string()
  .regex(/^(all|new|returning|frequent|lapsed|(interest|age|area|lang):[A-Za-z0-9+_-]{1,40}|custom:[a-z0-9-]{1,40})$/, 'is not a known kind of segment');
export type SegmentId = z.infer<typeof SegmentId>;

/** An edit of a custom segment: its name and rule. The id stays, so promotions keep their targeting. */
export const CustomSegmentEdit = CustomSegment.omit({ id: true });
export type CustomSegmentEdit = z.infer<typeof CustomSegmentEdit>;
