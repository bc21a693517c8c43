import { z } from 'zod';
import { ListPageQuery } from './list.ts';

const AuditFilter = {
  from: z.iso.date(),
  to: z.iso.date(),
  actor: z.string().max(120).optional(),
  action: z.string().max(60).optional(),
  /** What the action was done to: a username for sign-ins and user changes. */
  target: z.string().max(120).optional(),
};
const fromNotAfterTo: [(q: { from: string; to: string }) => boolean, { path: string[]; message: string }] = [(q) => q.from <= q.to, { path: ['to'], message: 'must not be before from' }];

export const AuditQuery = z.strictObject(AuditFilter).refine(...fromNotAfterTo);
export type AuditQuery = z.infer<typeof AuditQuery>;

/** The columns the audit log sorts by on the hub. */
export const AUDIT_SORTS = ['at', 'actor', 'action', 'target', 'from'] as const;
export type AuditSort = (typeof AUDIT_SORTS)[number];

/** GET /api/audit/page: the filters above, plus search, sort and one page (see list.ts). */
export const AuditPageQuery = z
  .strictObject({ ...AuditFilter, ...ListPageQuery, sort: z.enum(AUDIT_SORTS).optional() })
  .refine(...fromNotAfterTo);
export type AuditPageQuery = z.infer<typeof AuditPageQuery>;

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
