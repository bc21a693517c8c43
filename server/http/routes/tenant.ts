import { z } from 'zod';
import { ReportCsvQuery, ReportQuery, type TenantReport } from '#shared/schemas/reports.ts';
import { CreateApiToken, TillScan, type CreatedApiToken, type TillOffer, type TillScanResult } from '#shared/schemas/tenants.ts';
import { dayToIso } from '#server/domain/mall/local-time.ts';
import { reportCsv } from '#server/domain/reports/csv.ts';
import type { Principal } from '#server/domain/accounts/principal.ts';
import { toApiToken } from '#server/domain/shops/wire.ts';
import { HttpProblem } from '../errors.ts';
import { route } from '../route.ts';

/** The shop a tenant principal belongs to; every tenant route is scoped by it, never by the URL. */
function tenantOf(p: Principal | null): string {
  if (!p || p.role !== 'tenant') throw new HttpProblem(403, 'not allowed for your role');
  return p.tenantId;
}

export const tenantRoutes = [
  route({
    method: 'post',
    path: '/api/till/visits',
    roles: ['tenant'],
    body: TillScan,
    handler: ({ services, principal, body }): Promise<TillScanResult> => services.till.scan(tenantOf(principal), body),
  }),
  route({
    method: 'get',
    path: '/api/till/offers',
    roles: ['tenant'],
    handler: ({ services, principal }): TillOffer[] => {
      const today = dayToIso(services.footfall.today());
      return services.till.runningOffers(tenantOf(principal), services.promotions.list(), today).map((p) => ({ id: p.id, title: p.title }));
    },
  }),
  route({
    method: 'get',
    path: '/api/tenant/reports',
    roles: ['tenant'],
    query: ReportQuery,
    handler: ({ services, principal, query }): Promise<TenantReport> => services.reports.forTenant(tenantOf(principal), query),
  }),
  route({
    method: 'get',
    path: '/api/tenant/reports.csv',
    roles: ['tenant'],
    query: ReportCsvQuery,
    handler: async ({ services, principal, query, res }) => {
      const tenantId = tenantOf(principal);
      const report = await services.reports.forTenant(tenantId, query);
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="${tenantId}-${query.table}-${query.from}-to-${query.to}.csv"`);
      res.send(reportCsv(report, query.table, services.mall.info()));
      return undefined;
    },
  }),
  route({
    method: 'get',
    path: '/api/tenant/tokens',
    roles: ['tenant'],
    handler: ({ services, principal }) => services.apiTokens.list(tenantOf(principal)).map(toApiToken),
  }),
  route({
    method: 'post',
    path: '/api/tenant/tokens',
    roles: ['tenant'],
    body: CreateApiToken,
    audit: { action: 'api-token.create', targetOfResult: (_ctx, result) => (result as CreatedApiToken).apiToken.id },
    handler: async ({ services, principal, body }): Promise<CreatedApiToken> => {
      const { token, record } = await services.apiTokens.create(tenantOf(principal), body.name);
      return { token, apiToken: toApiToken(record) };
    },
  }),
  route({
    method: 'post',
    path: '/api/tenant/tokens/:id/revoke',
    roles: ['tenant'],
    audit: { action: 'api-token.revoke' },
    handler: async ({ services, principal, params }) => {
      const id = z.uuid().safeParse(params.id);
      if (!id.success) throw new HttpProblem(404, 'no such token', 'id');
      return toApiToken(await services.apiTokens.revoke(tenantOf(principal), id.data));
    },
  }),
];
