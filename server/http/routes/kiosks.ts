import { randomUUID } from 'node:crypto';
import { BridgeTap, type OfflineKey } from '#shared/schemas/pass.ts';
import { touchpointOf } from '#server/domain/enrolment/shoppers.ts';
import { toTapResult } from '#server/domain/enrolment/wire.ts';
import { HttpProblem } from '../errors.ts';
import { route } from '../route.ts';

export const kioskRoutes = [
  route({
    method: 'post',
    path: '/api/kiosks/:id/tap',
    roles: ['kiosk'],
    body: BridgeTap,
    /**
     * A local reader bridge (PC/SC) or payment terminal on the kiosk's PC hands over a card; the
     * same flow as a wedge tap then runs on that kiosk's screen, pushed through its socket. Only
     * the enrolment ticket and the greeting travel on; the card value stops here.
     */
    handler: async ({ services, principal, params, body }) => {
      if (!principal || !('device' in principal)) throw new Error('unreachable');
      if (principal.device.id !== params.id) throw new HttpProblem(403, 'a kiosk may only tap on its own screen', 'id');
      const tap = body as ReturnType<typeof BridgeTap.parse>;
      const format = tap.format === 'alias' ? { alias: true } : tap.format === 'uid-reversed' ? { uidReversed: true } : {};
      const result = toTapResult(
        await services.shoppers.tap({ card: tap.card, visitId: tap.visitId ?? randomUUID() }, touchpointOf(principal.device), format),
        (s) => services.offers.for(s, principal.device.zoneId),
      );
      services.bus.emit('kiosk.tapped', { kioskId: principal.device.id, result });
      return { status: result.status, delivered: services.devices.isOnline(principal.device.id) };
    },
  }),
  route({
    method: 'get',
    path: '/api/kiosk/offline-key',
    roles: ['kiosk'],
    handler: async ({ services }): Promise<OfflineKey> => ({ spki: await services.offlineSeal.publicKey() }),
  }),
];
