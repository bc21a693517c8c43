import { z } from 'zod';

export const Health = z.object({
  status: z.literal('ok'),
  version: z.string(),
  mall: z.string(),
  uptimeSeconds: z.number(),
  /** `warming` for the first seconds after a start, while shops' report data is read ahead. */
  reports: z.enum(['warming', 'ready']),
  /**
   * Exact totals, only for a signed-in operator: the number present includes shoppers who did not
   * allow `analytics`, so it is not for a load balancer or a passer-by.
   */
  counts: z.object({ shoppers: z.number(), visits: z.number(), devices: z.number(), present: z.number() }).optional(),
});
export type Health = z.infer<typeof Health>;
