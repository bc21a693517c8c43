import type { Dashboard } from '../../../shared/schemas/dashboard.ts';
import { suppress } from '../../wire.ts';
import { route } from '../route.ts';

export const dashboardRoutes = [
  route({
    method: 'get',
    path: '/api/dashboard',
    roles: ['operator'],
    handler: async ({ services }): Promise<Dashboard> => {
      const live = services.devices.list().filter((d) => !d.revokedAt);
      const tally = (kind: 'kiosk' | 'screen') => {
        const mine = live.filter((d) => d.kind === kind);
        const online = mine.filter((d) => services.devices.isOnline(d.id)).length;
        return { online, offline: mine.length - online };
      };
      return {
        k: services.config.k,
        present: suppress(services.presence.counts().mall.get('all'), services.config.k),
        checkins: await services.footfall.todayAgainstUsual(),
        screens: tally('screen'),
        kiosks: tally('kiosk'),
      };
    },
  }),
];
