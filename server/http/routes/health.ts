import type { Health } from '#shared/schemas/health.ts';
import { route } from '../route.ts';

export const healthRoutes = [
  route({
    method: 'get',
    path: '/api/health',
    roles: 'public',
    handler: ({ services }): Health => ({
      status: 'ok',
      version: process.env.npm_package_version ?? '0.1.0',
      mall: services.config.mall,
      uptimeSeconds: Math.round((Date.now() - services.startedAt.getTime()) / 1000),
      reports: services.reports.warm ? 'ready' : 'warming',
      counts: {
        shoppers: services.shoppers.count,
        visits: services.shoppers.visitCount,
        devices: services.devices.list().filter((d) => !d.revokedAt).length,
        present: services.presence.size,
      },
    }),
  }),
];
