import type { Services } from '../services.ts';
import type { HubIo } from './io.ts';
import { countTick } from './count-tick.ts';
import { rooms, send } from './send.ts';

/** Schedules have minute resolution: day-parts start and end on a minute. */
const SCHEDULE_CHECK_MS = 30_000;

/**
 * Pushes playlists to screens. Count changes are gathered by the count tick (like presence updates);
 * then every playlist is recomputed — once per zone, not per screen — and each changed playlist
 * is sent once, to exactly the screens that must switch. A playlist whose live audience numbers
 * alone moved is not a new playlist: its screens get the new lines (playlist:lines). Unchanged
 * screens get nothing.
 */
export function startPlaylistFeed(io: HubIo, services: Services): () => void {
  let firstChangeAt = 0;

  const push = () => {
    const changedAt = new Date(firstChangeAt || Date.now());
    firstChangeAt = 0;
    const { changes, lines } = services.playlists.refreshAll(changedAt);
    for (const { playlist, screenIds } of changes) {
      send(io, screenIds.map((id) => rooms.device('screen', id)), 'playlist:update', playlist);
      services.screenHealth.delivered(screenIds, playlist);
    }
    // A live audience number moved: those screens get the new lines alone (a few dozen bytes, not the playlist).
    for (const change of lines) send(io, change.screenIds.map((id) => rooms.device('screen', id)), 'playlist:lines', change.lines);
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
  services.bus.on('presence.changed', schedule);
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
    services.bus.off('presence.changed', schedule);
    services.bus.off('promotions.changed', schedule);
    services.bus.off('device.updated', schedule);
    services.bus.off('mall.changed', schedule);
    services.bus.off('device.revoked', onRevoked);
    services.bus.off('screen.reload_requested', onReload);
  };
}
