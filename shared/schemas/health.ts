import { z } from 'zod';

export const Health = z.object({
  status: z.literal('ok'),
  version: z.string(),
  mall: z.string(),
  uptimeSeconds: z.number(),
  /** `warming` for the first seconds after a start, while shops' report data is read ahead. */
  reports: z.enum(['warming', 'ready']),
  counts: z.object({ shoppers: z.number(), visits: z.number(), devices: z.number(), present: z.number() }),
});
export type Health = z.infer<typeof Health>;
