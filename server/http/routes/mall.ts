import type { MallInfo } from '#shared/schemas/mall.ts';
import type { PresenceUpdate } from '#shared/schemas/presence.ts';
import type { MallSettings } from '#shared/schemas/setup.ts';
import { toMallSettings } from '#server/domain/mall/wire.ts';
import { toPresenceUpdate } from '#server/domain/presence/wire.ts';
import { route } from '../route.ts';

export const mallRoutes = [
  route({
    method: 'get',
    path: '/api/mall',
    roles: ['operator', 'editor', 'tenant', 'kiosk', 'screen'],
    handler: ({ services }): MallInfo => services.mall.info(),
  }),
  route({
    method: 'get',
    path: '/api/mall/settings',
    roles: ['operator'],
    handler: ({ services }): MallSettings => toMallSettings(services.mall.record, services.config),
  }),
  route({
    method: 'get',
    path: '/api/presence',
    roles: ['operator', 'editor', 'screen'],
    handler: ({ services }): PresenceUpdate =>
      toPresenceUpdate(services.presence.counts(), services.config.k, services.mall.record.zones.map((z) => z.id), services.now()),
  }),
];
