import { z } from 'zod';
import { CustomSegment } from './segments.ts';
import { SuppressedCount } from './presence.ts';

/** A rule being built: the conditions and how they combine; its name and id come at save time. */
export const SegmentDraft = CustomSegment.pick({ match: true, conditions: true });
export type SegmentDraft = z.infer<typeof SegmentDraft>;

/** Present, consenting shoppers a draft would match now; null below K. */
export const SegmentPreview = z.object({ k: z.number().int(), count: SuppressedCount });
export type SegmentPreview = z.infer<typeof SegmentPreview>;

/** Live counts of every segment a promotion can target, each null below K. */
export const SegmentCounts = z.object({ k: z.number().int(), at: z.string(), counts: z.record(z.string(), SuppressedCount) });
export type SegmentCounts = z.infer<typeof SegmentCounts>;

/** The behavioural segments every mall has, in the order the panel lists them. */
export const BUILT_IN_SEGMENTS = ['new', 'returning', 'frequent', 'lapsed'] as const;
