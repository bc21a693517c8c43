import { z } from 'zod';

export const AuditQuery = z
  .strictObject({
    from: z.iso.date(),
    to: z.iso.date(),
    actor: z.string().max(120).optional(),
    action: z.string().max(60).optional(),
    /** What the action was done to: a username for sign-ins and user changes. */
    target: z.string().max(120).optional(),
  })
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'must not be before from' });
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditEntry = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  target: z.string().optional(),
  from: z.string().optional(),
  detail: z.string().optional(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;
