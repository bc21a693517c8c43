import type { Services } from '../services.ts';
import { toGreeting } from '#server/domain/enrolment/wire.ts';
import { toPresenceUpdate } from '#server/domain/presence/wire.ts';
import type { HubIo } from './io.ts';
import { countTick } from './count-tick.ts';
import { rooms, send } from './send.ts';

/**
 * Pushes from the domain to connected clients. Count changes are gathered by the count tick and
 * sent once, to one room every count watcher is in, so a burst of check-ins costs one broadcast.
 */
export function startFeeds(io: HubIo, services: Services): () => void {
  const zoneIds = () => services.mall.record.zones.map((z) => z.id);
  // What the last update said; a tick whose counts read the same (a present shopper checking in
  // again, changes that cancel out) sends nothing to the hundreds of screens.
  let lastSent = '';
  const tick = countTick(services.config.countTickMs, () => {
    const update = toPresenceUpdate(services.presence.counts(), services.config.k, zoneIds());
    const said = JSON.stringify([update.k, update.present, update.zones]);
    if (said === lastSent) return;
    lastSent = said;
    send(io, rooms.counts, 'presence:update', update);
  });
  const onPresence = () => tick.changed();

  const onRevoked = ({ deviceId }: { deviceId: string }) => {
    const device = services.devices.get(deviceId);
    if (!device) return;
    const room = rooms.device(device.kind, device.id);
    send(io, room, 'device:revoked');
    io.in(room).disconnectSockets(true);
  };

  // A closed shop's users lose access at once, open sockets included.
  const onShopClosed = ({ tenantId }: { tenantId: string }) => io.in(rooms.tenant(tenantId)).disconnectSockets(true);

  const onKioskTap = ({ kioskId, result }: { kioskId: string; result: import('#shared/schemas/shoppers.ts').TapResult }) => {
    send(io, rooms.device('kiosk', kioskId), 'kiosk:tap', result);
  };
  const onReader = ({ kioskId, notice }: { kioskId: string; notice: import('#shared/schemas/pass.ts').ReaderNotice }) => {
    send(io, rooms.device('kiosk', kioskId), 'kiosk:reader', notice);
  };
  const onJoined = ({ nonce, kioskId, shopperId }: { nonce: string; kioskId: string; shopperId: string }) => {
    const s = services.shoppers.get(shopperId);
    if (!s) return;
    send(io, rooms.device('kiosk', kioskId), 'join:done', { nonce, ...toGreeting(s) });
  };

  services.bus.on('presence.changed', onPresence);
  services.bus.on('kiosk.tapped', onKioskTap);
  services.bus.on('kiosk.reader', onReader);
  services.bus.on('join.completed', onJoined);
  services.bus.on('device.revoked', onRevoked);
  services.bus.on('tenant.closed', onShopClosed);
  return () => {
    services.bus.off('tenant.closed', onShopClosed);
    tick.stop();
    services.bus.off('presence.changed', onPresence);
    services.bus.off('device.revoked', onRevoked);
    services.bus.off('kiosk.tapped', onKioskTap);
    services.bus.off('kiosk.reader', onReader);
    services.bus.off('join.completed', onJoined);
  };
}
