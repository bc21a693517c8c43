import type { Services } from '../services.ts';
import type { HubIo } from './io.ts';
import { countTick } from './count-tick.ts';
import { rooms, send } from './send.ts';
import { pushToScreens } from './screen-push.ts';

/** Schedules have minute resolution: day-parts start and end on a minute. */
const SCHEDULE_CHECK_MS = 30_000;

/**
 * Pushes playlists to screens when promotions are edited, a screen is moved, the mall changes or
 * the schedule turns (gathered by a tick like counts). Every playlist is recomputed — once per
 * share of screens (Playlists.regroup), not per screen — and each changed playlist is sent once, to exactly the screens that must
 * switch; a playlist whose live audience lines alone moved sends those lines (playlist:lines).
 * Count changes go through the count feed's own tick (feeds.ts), which sends each screen one
 * message with every number it shows. Unchanged screens get nothing.
 */
export function startPlaylistFeed(io: HubIo, services: Services): () => void {
  let firstChangeAt = 0;
  // Kiosks hear when the mall opens or closes (the same schedule check turns screens to their night state).
  const hoursSaying = () => JSON.stringify(services.hours());
  let hoursSaid = hoursSaying();

  const push = () => {
    const changedAt = new Date(firstChangeAt || Date.now());
    firstChangeAt = 0;
    pushToScreens(io, services, changedAt);
    const said = hoursSaying();
    if (said !== hoursSaid) {
      hoursSaid = said;
      send(io, rooms.kiosks, 'mall:hours', services.hours());
    }
  };

  const tick = countTick(services.config.countTickMs, push);
  const schedule = () => {
    firstChangeAt ||= Date.now();
    tick.changed();
  };

  const onRevoked = ({ deviceId }: { deviceId: string }) => services.playlists.forget(deviceId);
  const onReload = ({ screenId, reason }: { screenId: string; reason: string }) =>
    send(io, rooms.device('screen', screenId), 'screen:reload', { reason });

  const clock = setInterval(schedule, SCHEDULE_CHECK_MS);
  clock.unref();
  services.bus.on('promotions.changed', schedule);
  // A screen moved to another zone plays that zone's playlist.
  services.bus.on('device.updated', schedule);
  // The house slide carries the mall's name, logo and accent colour.
  services.bus.on('mall.changed', schedule);
  services.bus.on('device.revoked', onRevoked);
  services.bus.on('screen.reload_requested', onReload);
  return () => {
    clearInterval(clock);
    tick.stop();
    services.bus.off('promotions.changed', schedule);
    services.bus.off('device.updated', schedule);
    services.bus.off('mall.changed', schedule);
    services.bus.off('device.revoked', onRevoked);
    services.bus.off('screen.reload_requested', onReload);
  };
}
