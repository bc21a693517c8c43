import { z } from 'zod';
import { IsoTime } from './common.ts';
import { PlaylistLines } from './promotions.ts';

/** A count shown to screens: null when fewer than K shoppers, so a small number never leaks. */
export const SuppressedCount = z.number().int().nonnegative().nullable();

export const PresenceUpdate = z.object({
  at: IsoTime,
  k: z.number().int(),
  present: SuppressedCount,
  zones: z.record(z.string(), SuppressedCount),
});
export type PresenceUpdate = z.infer<typeof PresenceUpdate>;

/**
 * One zone's live count, sent only to that zone's screens and only when its number changed: a
 * screen shows its own zone's headcount, so a check-in elsewhere sends it nothing. `at` is the
 * tick's time, the same as the mall-wide `presence:update` of that tick.
 */
export const ZoneCountUpdate = z.object({
  at: IsoTime,
  k: z.number().int(),
  zoneId: z.string(),
  count: SuppressedCount,
  /**
   * When the same tick also moved a live audience number on the playlist this screen plays: the
   * new lines ride along, so a screen gets one message per tick with every number it shows.
   */
  lines: PlaylistLines.optional(),
});
export type ZoneCountUpdate = z.infer<typeof ZoneCountUpdate>;
