import type { HourlyCheckins } from '#shared/schemas/dashboard.ts';
import type { DeviceTotals, KioskStatus, LiveSegments, OpsUpdate } from '#shared/schemas/ops.ts';
import type { ScreenStatus } from '#shared/schemas/screens.ts';
import { api } from '../api.ts';
import { HubClock } from './hub-clock.svelte.ts';

/** Only while the socket is down: the board is pushed otherwise. */
const FALLBACK_MS = 30_000;

/**
 * The operators' live board as the hub pushes it: screens, kiosks, totals and segment counts.
 * The socket brings the whole board on connect and then only changes; while it is down the
 * board is fetched over HTTP every half minute so the panel is never frozen for long.
 */
export class LiveBoard {
  connected = $state(false);
  /**
   * The socket was up or tried and is now down: what the "paused" note shows on. Not merely
   * "not connected yet": the board loads over HTTP while the first connection is still opening,
   * and a note then would say something is wrong when nothing is.
   */
  down = $state(false);
  loaded = $state(false);
  screens = $state<Record<string, ScreenStatus>>({});
  kiosks = $state<Record<string, KioskStatus>>({});
  totals = $state<DeviceTotals | null>(null);
  segments = $state<LiveSegments | null>(null);
  checkins = $state<HourlyCheckins | null>(null);
  /** The hub's time, set from each update's `at`: "… ago" labels read it and tick with it. */
  readonly clock = new HubClock();
  #fallback: ReturnType<typeof setInterval> | null = null;
  readonly #watchers = new Set<(u: OpsUpdate) => void>();

  constructor(private readonly onNewDevice: () => void = () => undefined) {}

  /**
   * Calls `fn` with each update just before it is applied, so it can compare each pushed screen with
   * the board's copy (still the old one). Returns the function that stops it.
   */
  watch(fn: (u: OpsUpdate) => void): () => void {
    this.#watchers.add(fn);
    return () => this.#watchers.delete(fn);
  }

  apply(u: OpsUpdate): void {
    for (const fn of this.#watchers) fn(u);
    const known = new Set([...Object.keys(this.screens), ...Object.keys(this.kiosks)]);
    const wasLoaded = this.loaded;
    if (u.full) {
      this.screens = {};
      this.kiosks = {};
    }
    for (const s of u.screens) this.screens[s.screenId] = s;
    for (const k of u.kiosks) this.kiosks[k.kioskId] = k;
    for (const id of u.removed) {
      delete this.screens[id];
      delete this.kiosks[id];
    }
    if (u.totals) this.totals = u.totals;
    if (u.segments) this.segments = u.segments;
    if (u.checkins) this.checkins = u.checkins;
    this.clock.heard(u.at);
    this.loaded = true;
    // A device paired elsewhere (another operator's panel): the device list needs it too.
    if (wasLoaded && [...u.screens.map((s) => s.screenId), ...u.kiosks.map((k) => k.kioskId)].some((id) => !known.has(id))) this.onNewDevice();
  }

  socketUp(): void {
    this.connected = true;
    this.down = false;
    if (this.#fallback) clearInterval(this.#fallback);
    this.#fallback = null;
  }

  socketDown(): void {
    this.connected = false;
    this.down = true;
    this.#fallback ??= setInterval(() => void this.refresh(), FALLBACK_MS);
  }

  /** The whole board over HTTP: the fallback, and right after an operator's own change. */
  async refresh(): Promise<void> {
    try {
      this.apply(await api<OpsUpdate>('/api/ops/status'));
    } catch {
      /* the hub is out of reach; the next try or the socket brings it */
    }
  }

  stop(): void {
    if (this.#fallback) clearInterval(this.#fallback);
    this.#fallback = null;
  }
}
