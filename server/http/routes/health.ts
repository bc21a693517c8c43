import type { Health } from '#shared/schemas/health.ts';
import { route } from '../route.ts';

export const healthRoutes = [
  route({
    method: 'get',
    path: '/api/health',
    roles: 'public',
    // Up/ready and versions for anyone (load balancers, the bench); counts for operators only.
    handler: ({ services, principal }): Health => ({
      status: 'ok',
      version: process.env.npm_package_version ?? '0.1.0',
      mall: services.config.mall,
      uptimeSeconds: Math.round((Date.now() - services.startedAt.getTime()) / 1000),
      reports: services.reports.warm ? 'ready' : 'warming',
      ...(principal?.role === 'operator'
        ? {
            counts: {
              shoppers: services.shoppers.count,
              visits: services.shoppers.visitCount,
              devices: services.devices.list().filter((d) => !d.revokedAt).length,
              present: services.presence.size,
            },
          }
        : {}),
    }),
  }),
];
