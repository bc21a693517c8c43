import type { Services } from '../services.ts';
import { toPresenceUpdate } from '../wire.ts';
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

  services.bus.on('presence.changed', onPresence);
  services.bus.on('device.revoked', onRevoked);
  return () => {
    if (pending) clearTimeout(pending);
    services.bus.off('presence.changed', onPresence);
    services.bus.off('device.revoked', onRevoked);
  };
}
