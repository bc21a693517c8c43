import { AuditQuery, type AuditEntry } from '#shared/schemas/audit.ts';
import { route } from '../route.ts';

export const auditRoutes = [
  route({
    method: 'get',
    path: '/api/audit',
    roles: ['operator'],
    query: AuditQuery,
    handler: async ({ services, query }): Promise<AuditEntry[]> =>
      (await services.audit.find(query)).map((e) => ({
        id: e.id,
        at: e.at,
        actor: e.actor,
        action: e.action,
        ...(e.target ? { target: e.target } : {}),
        ...(e.from ? { from: e.from } : {}),
        ...(e.detail ? { detail: e.detail } : {}),
      })),
  }),
];
