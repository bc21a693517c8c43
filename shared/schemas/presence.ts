import { z } from 'zod';
import { IsoTime } from './common.ts';

/** A count shown to screens: null when fewer than K shoppers, so a small number never leaks. */
export const SuppressedCount = z.number().int().nonnegative().nullable();

export const PresenceUpdate = z.object({
  at: IsoTime,
  k: z.number().int(),
  present: SuppressedCount,
  zones: z.record(z.string(), SuppressedCount),
});
export type PresenceUpdate = z.infer<typeof PresenceUpdate>;
