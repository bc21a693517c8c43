import { z } from 'zod';
import { toPresenceUpdate } from '#server/domain/presence/wire.ts';
import { event } from '../event.ts';

export const presenceEvents = [
  event({
    name: 'presence:get',
    roles: ['operator', 'editor', 'screen', 'kiosk'],
    schema: z.strictObject({}),
    handler: ({ services }) =>
      toPresenceUpdate(services.presence.counts(), services.config.k, services.mall.record.zones.map((z) => z.id), services.now()),
  }),
];
