import { AuditPageQuery, AuditQuery, type AuditEntry } from '#shared/schemas/audit.ts';
import type { ListPage } from '#shared/schemas/list.ts';
import type { AuditRecord } from '#server/storage/records.ts';
import { route } from '../route.ts';

const toWire = (e: AuditRecord): AuditEntry => ({
  id: e.id,
  at: e.at,
  actor: e.actor,
  action: e.action,
  ...(e.target ? { target: e.target } : {}),
  ...(e.from ? { from: e.from } : {}),
  ...(e.detail ? { detail: e.detail } : {}),
});

export const auditRoutes = [
  route({
    method: 'get',
    path: '/api/audit',
    roles: ['operator'],
    query: AuditQuery,
    handler: async ({ services, query }): Promise<AuditEntry[]> => (await services.audit.find(query)).map(toWire),
  }),
  route({
    // The panel's audit list: search, sort and pages on the hub, so the browser holds one page.
    method: 'get',
    path: '/api/audit/page',
    roles: ['operator'],
    query: AuditPageQuery,
    handler: async ({ services, query }): Promise<ListPage<AuditEntry>> => {
      const { from, to, actor, action, target, ...req } = query;
      const found = await services.audit.page({ from, to, actor, action, target }, req);
      return { ...found, rows: found.rows.map(toWire) };
    },
  }),
];
