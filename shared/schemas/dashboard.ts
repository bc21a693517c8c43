import { z } from 'zod';
import { SuppressedCount } from './presence.ts';

/**
 * Check-ins in each local hour (0–23) of one local day of the mall: every touchpoint, shoppers
 * enrolled or since erased. Operators only, like the rest of the dashboard.
 */
export const HourlyCheckins = z.object({
  day: z.iso.date(),
  hours: z.array(z.number().int().nonnegative()).length(24),
  /** The mall's local hour now (0–23), so a browser in another zone marks the right row. */
  hour: z.number().int().min(0).max(23),
});
export type HourlyCheckins = z.infer<typeof HourlyCheckins>;

export const Dashboard = z.object({
  k: z.number().int(),
  present: SuppressedCount,
  /** Check-ins per local hour today (`day`, the mall's date), and the same weekday's average over recent weeks. */
  checkins: z.object({ day: z.iso.date(), hour: z.number().int().min(0).max(23), today: z.array(z.number()), usual: z.array(z.number()), weeks: z.number().int() }),
  screens: z.object({ online: z.number().int(), offline: z.number().int() }),
  /** `queued`: check-ins waiting in kiosks' offline queues (offline kiosks: the last length they told). */
  kiosks: z.object({ online: z.number().int(), offline: z.number().int(), queued: z.number().int() }),
  /** Set-up problems to fix (e.g. no public URL for links and QR codes). */
  warnings: z.array(z.string()),
});
export type Dashboard = z.infer<typeof Dashboard>;
