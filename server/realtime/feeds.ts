import type { Services } from '../services.ts';
import { toGreeting, toPresenceUpdate } from '../wire.ts';
import type { HubIo } from './io.ts';
import { rooms, send } from './send.ts';

/**
 * Pushes from the domain to connected clients. Count changes are gathered for one tick and sent
 * once, so a burst of check-ins costs one broadcast, not one per check-in.
 */
export function startFeeds(io: HubIo, services: Services): () => void {
  let pending: NodeJS.Timeout | null = null;
  const zoneIds = () => services.mall.record.zones.map((z) => z.id);

  const onPresence = () => {
    pending ??= setTimeout(() => {
      pending = null;
      const update = toPresenceUpdate(services.presence.counts(), services.config.k, zoneIds());
      send(io, [rooms.screens, rooms.kiosks, rooms.operators], 'presence:update', update);
    }, services.config.countTickMs);
  };

  const onRevoked = ({ deviceId }: { deviceId: string }) => {
    const device = services.devices.get(deviceId);
    if (!device) return;
    const room = rooms.device(device.kind, device.id);
    send(io, room, 'device:revoked');
    io.in(room).disconnectSockets(true);
  };

  const onKioskTap = ({ kioskId, result }: { kioskId: string; result: import('../../shared/schemas/shoppers.ts').TapResult }) => {
    send(io, rooms.device('kiosk', kioskId), 'kiosk:tap', result);
  };
  const onJoined = ({ nonce, kioskId, shopperId }: { nonce: string; kioskId: string; shopperId: string }) => {
    const s = services.shoppers.get(shopperId);
    if (!s) return;
    send(io, rooms.device('kiosk', kioskId), 'join:done', { nonce, ...toGreeting(s) });
  };

  services.bus.on('presence.changed', onPresence);
  services.bus.on('kiosk.tapped', onKioskTap);
  services.bus.on('join.completed', onJoined);
  services.bus.on('device.revoked', onRevoked);
  return () => {
    if (pending) clearTimeout(pending);
    services.bus.off('presence.changed', onPresence);
    services.bus.off('device.revoked', onRevoked);
    services.bus.off('kiosk.tapped', onKioskTap);
    services.bus.off('join.completed', onJoined);
  };
}
