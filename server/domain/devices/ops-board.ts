/** The operators' live board: every screen and kiosk, the totals, and segment counts, from domain state. */
import type { DeviceTotals, KioskStatus, LiveSegments, OpsUpdate } from '#shared/schemas/ops.ts';
import type { ScreenStatus } from '#shared/schemas/screens.ts';
import { BUILT_IN_SEGMENTS } from '#shared/schemas/segment-preview.ts';
import type { Services } from '#server/services.ts';
import { suppress } from '../presence/wire.ts';
import { toKioskStatus } from './wire.ts';
import { toScreenStatus } from '../signage/wire.ts';

const BUILT_IN_NAMES: Record<string, string> = {
  all: 'Everyone present',
  new: 'New shoppers',
  returning: 'Returning shoppers',
  frequent: 'Frequent shoppers',
  lapsed: 'Lapsed shoppers',
};

const liveDevices = (services: Services, kind: 'kiosk' | 'screen') => services.devices.list().filter((d) => d.kind === kind && !d.revokedAt);

export const screenStatuses = (services: Services): ScreenStatus[] =>
  liveDevices(services, 'screen').map((d) =>
    toScreenStatus(d, services.screenHealth, services.devices.isOnline(d.id), services.build(), (id) => services.promotions.get(id)?.title),
  );

export const kioskStatuses = (services: Services): KioskStatus[] =>
  liveDevices(services, 'kiosk').map((d) => toKioskStatus(d, services.kioskHealth, services.devices.isOnline(d.id), services.build()));

export function deviceTotals(screens: readonly ScreenStatus[], kiosks: readonly KioskStatus[]): DeviceTotals {
  const online = (list: readonly { online: boolean }[]) => list.filter((d) => d.online).length;
  return {
    screens: { online: online(screens), offline: screens.length - online(screens) },
    kiosks: { online: online(kiosks), offline: kiosks.length - online(kiosks), queued: kiosks.reduce((n, k) => n + (k.queued ?? 0), 0) },
  };
}

/** Every segment a promotion can target, each count null below K, as on the screens. */
export function liveSegments(services: Services): LiveSegments {
  const k = services.config.k;
  const mall = services.presence.counts().mall;
  const m = services.mall.record;
  const names: Record<string, string> = {
    ...BUILT_IN_NAMES,
    ...Object.fromEntries(m.interests.map((i) => [`interest:${i.id}`, `Likes ${i.name}`])),
    ...Object.fromEntries(m.areas.map((a) => [`area:${a.id}`, `Lives in ${a.name}`])),
    ...Object.fromEntries(services.promotions.customSegments.map((c) => [c.id, c.name])),
  };
  const ids = ['all', ...BUILT_IN_SEGMENTS, ...Object.keys(names).filter((id) => !(id in BUILT_IN_NAMES))];
  return { k, at: new Date().toISOString(), counts: Object.fromEntries(ids.map((id) => [id, suppress(mall.get(id), k)])), names };
}

export function opsSnapshot(services: Services): OpsUpdate {
  const screens = screenStatuses(services);
  const kiosks = kioskStatuses(services);
  const checkins = services.checkinsToday.current();
  return {
    at: new Date().toISOString(),
    full: true,
    screens,
    kiosks,
    removed: [],
    totals: deviceTotals(screens, kiosks),
    segments: liveSegments(services),
    ...(checkins ? { checkins } : {}),
  };
}

/**
 * Remembers what was last pushed and turns a fresh snapshot into only what differs from it, or
 * null when nothing does. Compared as JSON: the objects are small and flat, and this runs once a tick.
 */
export class OpsChanges {
  #screens = new Map<string, string>();
  #kiosks = new Map<string, string>();
  #totals = '';
  #segments = '';
  #checkins = '';

  since(snapshot: OpsUpdate): OpsUpdate | null {
    const screens = changed(this.#screens, snapshot.screens, (s) => s.screenId);
    const kiosks = changed(this.#kiosks, snapshot.kiosks, (k) => k.kioskId);
    const ids = new Set([...snapshot.screens.map((s) => s.screenId), ...snapshot.kiosks.map((k) => k.kioskId)]);
    const removed = [...this.#screens.keys(), ...this.#kiosks.keys()].filter((id) => !ids.has(id));
    for (const id of removed) this.#screens.delete(id) || this.#kiosks.delete(id);
    const totals = JSON.stringify(snapshot.totals);
    const { at: _at, ...counts } = snapshot.segments ?? {};
    const segments = JSON.stringify(counts);
    const update: OpsUpdate = { at: snapshot.at, full: false, screens, kiosks, removed };
    if (totals !== this.#totals) update.totals = snapshot.totals;
    if (segments !== this.#segments) update.segments = snapshot.segments;
    // Not read yet (null) is not a change: the counts follow in a later tick.
    const checkins = snapshot.checkins ? JSON.stringify(snapshot.checkins) : this.#checkins;
    if (checkins !== this.#checkins) update.checkins = snapshot.checkins;
    this.#totals = totals;
    this.#segments = segments;
    this.#checkins = checkins;
    const empty = !screens.length && !kiosks.length && !removed.length && !update.totals && !update.segments && !update.checkins;
    return empty ? null : update;
  }

  /** Forget everything sent: with nobody watching, the next push starts from scratch. */
  reset(): void {
    this.#screens.clear();
    this.#kiosks.clear();
    this.#totals = '';
    this.#segments = '';
    this.#checkins = '';
  }
}

function changed<T>(last: Map<string, string>, now: readonly T[], idOf: (t: T) => string): T[] {
  const out: T[] = [];
  for (const item of now) {
    const json = JSON.stringify(item);
    if (last.get(idOf(item)) === json) continue;
    last.set(idOf(item), json);
    out.push(item);
  }
  return out;
}
