import type { PresenceUpdate } from '#shared/schemas/presence.ts';
import type { Services } from '../services.ts';
import type { HubIo } from './io.ts';
import { rooms, send } from './send.ts';

/** A tick's zone counts for the screens: the tick's time and K, and the zones whose own count changed. */
export interface ZoneCounts {
  update: PresenceUpdate;
  changed: readonly string[];
}

/**
 * What screens are sent after playlists are recomputed (`changedAt`: when the change that caused
 * it happened). A screen whose playlist changed gets it whole (playlist:update). With `zones`
 * (a count tick), every screen gets at most one message more, and only if a number it shows
 * moved: its zone's count (zone-count:update), carrying its slides' new audience lines when those
 * moved too. Without (an edit, the schedule), moved lines go alone (playlist:lines).
 *
 * One message per screen per tick rather than one per number is what keeps 2,000 screens within a
 * tick: the hub's fan-out costs a socket write per message, whatever its size.
 */
export function pushToScreens(io: HubIo, services: Services, changedAt: Date, zones?: ZoneCounts): void {
  const { changes, lines } = services.playlists.refreshAll(changedAt);
  for (const { playlist, screenIds } of changes) {
    send(io, screenIds.map((id) => rooms.device('screen', id)), 'playlist:update', playlist);
    services.screenHealth.delivered(screenIds, playlist);
  }
  if (!zones) {
    for (const change of lines) send(io, change.screenIds.map((id) => rooms.device('screen', id)), 'playlist:lines', change.lines);
    return;
  }
  const { update, changed } = zones;
  const told = new Map<string, string[]>();
  for (const change of lines) {
    const screens = change.screenIds.map((id) => rooms.device('screen', id));
    const zoneId = change.zoneId;
    send(io, screens, 'zone-count:update', { at: update.at, k: update.k, zoneId, count: update.zones[zoneId] ?? null, lines: change.lines });
    told.set(zoneId, [...(told.get(zoneId) ?? []), ...screens]);
  }
  for (const zoneId of changed) {
    const count = update.zones[zoneId] ?? null;
    io.to(rooms.zoneCount(zoneId)).except(told.get(zoneId) ?? []).emit('zone-count:update', { at: update.at, k: update.k, zoneId, count });
  }
}
