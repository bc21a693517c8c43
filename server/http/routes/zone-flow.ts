import { ZoneFlowQuery, type ZoneFlowReport } from '#shared/schemas/zone-flow.ts';
import { route } from '../route.ts';

/** Where people go next: the operators' zone-to-zone flow (domain/reports/zone-flow.ts). */
export const zoneFlowRoutes = [
  route({
    method: 'get',
    path: '/api/reports/zone-flow',
    roles: ['operator'],
    query: ZoneFlowQuery,
    handler: ({ services, query }): Promise<ZoneFlowReport> => services.zoneFlows.report(query),
  }),
];
