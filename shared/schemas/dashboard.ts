import { z } from 'zod';
import { SuppressedCount } from './presence.ts';

export const Dashboard = z.object({
  k: z.number().int(),
  present: SuppressedCount,
  /** Check-ins per local hour today, and the same weekday's average over recent weeks. */
  checkins: z.object({ today: z.array(z.number()), usual: z.array(z.number()), weeks: z.number().int() }),
  screens: z.object({ online: z.number().int(), offline: z.number().int() }),
  /** `queued`: check-ins waiting in kiosks' offline queues (offline kiosks: the last length they told). */
  kiosks: z.object({ online: z.number().int(), offline: z.number().int(), queued: z.number().int() }),
});
export type Dashboard = z.infer<typeof Dashboard>;
