import { RETENTION_DEFAULTS, RetentionSettings, type RetentionView } from '#shared/schemas/retention.ts';
import type { Services } from '../../services.ts';
import { route } from '../route.ts';

const view = (services: Services): RetentionView => ({
  settings: services.retention.settings,
  defaults: { ...RETENTION_DEFAULTS },
  runsAt: services.retention.runsAt,
  lastRun: services.retention.lastRun,
});

/** How long the mall keeps each kind of data: read and changed by operators; each change audited. */
export const retentionRoutes = [
  route({
    method: 'get',
    path: '/api/retention',
    roles: ['operator'],
    handler: ({ services }): RetentionView => view(services),
  }),
  route({
    method: 'put',
    path: '/api/retention',
    roles: ['operator'],
    body: RetentionSettings,
    audit: {
      action: 'retention.update',
      // From the body (the settings asked for), so the line kept with the change names them too.
      target: (ctx) => {
        const s = ctx.body as RetentionSettings;
        return `shoppers ${s.shopperMonths} months, visits ${s.visitMonths} months, audit ${s.auditMonths} months, deliveries ${s.deliveryDays} days`;
      },
    },
    handler: async ({ services, body }): Promise<RetentionView> => {
      await services.retention.update(body as RetentionSettings);
      return view(services);
    },
  }),
];
