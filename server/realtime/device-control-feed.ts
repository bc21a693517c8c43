import type { DeviceRecord } from '../storage/records.ts';
import type { Services } from '../services.ts';
import type { HubIo } from './io.ts';
import { helloFor } from './hello.ts';
import { rooms, send } from './send.ts';

/** How long a screen shows its name when an operator identifies it. */
export const IDENTIFY_SECONDS = 8;

/**
 * Carries an operator's changes to a device out to it: a renamed, moved or turned device is told
 * who it now is (and its sockets change zone rooms); identify flashes one screen's name; a change
 * to the mall (name, brand, lists, settings) sends every kiosk and screen `mall:changed`.
 */
export function startDeviceControlFeed(io: HubIo, services: Services): () => void {
  const onUpdated = ({ device, previousZoneId }: { device: DeviceRecord; previousZoneId: string }) => {
    const room = rooms.device(device.kind, device.id);
    if (previousZoneId !== device.zoneId) {
      io.in(room).socketsLeave(rooms.zone(previousZoneId));
      io.in(room).socketsJoin(rooms.zone(device.zoneId));
      if (device.kind === 'screen') {
        io.in(room).socketsLeave(rooms.zoneCount(previousZoneId));
        io.in(room).socketsJoin(rooms.zoneCount(device.zoneId));
      }
    }
    send(io, room, 'device:hello', helloFor(device, services.devices.isOnline(device.id), services));
  };
  const onIdentify = ({ screenId, name }: { screenId: string; name: string }) =>
    send(io, rooms.device('screen', screenId), 'screen:identify', { name, seconds: IDENTIFY_SECONDS });

  // The mall itself changed: kiosks and screens read it again, and kiosks hear the (maybe new) default language.
  const onMallChanged = () => {
    send(io, [rooms.kiosks, rooms.screens], 'mall:changed');
    for (const d of services.devices.list()) {
      if (d.kind === 'kiosk' && !d.revokedAt) send(io, rooms.device('kiosk', d.id), 'device:hello', helloFor(d, services.devices.isOnline(d.id), services));
    }
  };

  services.bus.on('device.updated', onUpdated);
  services.bus.on('screen.identify_requested', onIdentify);
  services.bus.on('mall.changed', onMallChanged);
  return () => {
    services.bus.off('mall.changed', onMallChanged);
    services.bus.off('device.updated', onUpdated);
    services.bus.off('screen.identify_requested', onIdentify);
  };
}
