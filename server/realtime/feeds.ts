import type { Services } from '../services.ts';
import { toGreeting } from '#server/domain/enrolment/wire.ts';
import type { PresenceUpdate } from '#shared/schemas/presence.ts';
import { toPresenceUpdate } from '#server/domain/presence/wire.ts';
import type { HubIo } from './io.ts';
import { countTick } from './count-tick.ts';
import { rooms, send } from './send.ts';
import { pushToScreens } from './screen-push.ts';

/**
 * Pushes from the domain to connected clients. Count changes are gathered by the count tick and
 * sent once per tick: the mall-wide update to one room every kiosk and panel is in, and to the
 * screens of each zone whose own count changed, that zone's count alone — a screen shows its own
 * zone's headcount, so a check-in in another zone sends it nothing (at 2,000 screens the fan-out
 * is what a tick costs).
 */
export function startFeeds(io: HubIo, services: Services): () => void {
  const zoneIds = () => services.mall.record.zones.map((z) => z.id);
  // What the last update said; a tick whose counts read the same (a present shopper checking in
  // again, changes that cancel out) sends nothing, and a zone whose count reads the same sends its screens nothing.
  // Both start from the counts as they are now: what a device that connects reads by presence:get.
  const now = () => toPresenceUpdate(services.presence.counts(), services.config.k, zoneIds(), services.now());
  const saying = (u: PresenceUpdate) => JSON.stringify([u.k, u.present, u.zones]);
  let last = now();
  let lastSent = saying(last);
  let firstChangeAt = 0;
  // One tick for everything a count change sends: the mall-wide update, and each screen's one
  // message (its zone's count, its slides' live lines) with the same time, or its new playlist.
  const tick = countTick(services.config.countTickMs, () => {
    const changedAt = new Date(firstChangeAt || Date.now());
    firstChangeAt = 0;
    const update = now();
    const said = saying(update);
    const changed: string[] = [];
    if (said !== lastSent) {
      lastSent = said;
      send(io, rooms.counts, 'presence:update', update);
      // K changed: every zone's screens are told, as what a null means changed with it.
      for (const [zoneId, count] of Object.entries(update.zones)) if (update.k !== last.k || last.zones[zoneId] !== count) changed.push(zoneId);
      last = update;
    }
    pushToScreens(io, services, changedAt, { update, changed });
  });
  const onPresence = () => {
    firstChangeAt ||= Date.now();
    tick.changed();
  };

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
