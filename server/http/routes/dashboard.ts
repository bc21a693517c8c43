import type { Dashboard } from '#shared/schemas/dashboard.ts';
import { deviceTotals, kioskStatuses, screenStatuses } from '#server/domain/devices/ops-board.ts';
import { suppress } from '#server/domain/presence/wire.ts';
import { route } from '../route.ts';

export const dashboardRoutes = [
  route({
    method: 'get',
    path: '/api/dashboard',
    roles: ['operator'],
    handler: async ({ services }): Promise<Dashboard> => {
      const totals = deviceTotals(screenStatuses(services), kioskStatuses(services));
      return {
        k: services.config.k,
        present: suppress(services.presence.counts().mall.get('all'), services.config.k),
        checkins: await services.footfall.todayAgainstUsual(),
        screens: totals.screens,
        kiosks: totals.kiosks,
        warnings: [...services.warnings],
      };
    },
  }),
];
