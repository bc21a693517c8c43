import { APP_BUILD, isOutdated } from '#shared/build.ts';
import { tick } from 'svelte';
import { DeviceLink, type DeviceSocket } from '#shared/client/device-link.svelte.ts';
import type { PresenceUpdate } from '#shared/schemas/presence.ts';
import type { Playlist, PlaylistItem } from '#shared/schemas/promotions.ts';
import { ROTATIONS, rotationFromOrientation, type Rotation } from '#shared/rotation.ts';
import type { ScreenHeartbeat } from '#shared/schemas/screens.ts';
import { fetchDeviceMall, loadDeviceMall, saveDeviceMall, type DeviceMall } from '#shared/client/mall-look.ts';
import { ImpressionQueue } from './impressions.ts';
import { cacheShell, loadPlaylist, preloadImage, registerServiceWorker, savePlaylist } from './offline-cache.ts';
import { Watchdog } from './watchdog.ts';
import { withDefaults } from './playlist-defaults.ts';

const DEVICE_ID_KEY = 'atrium.screen.deviceId';
/** The hub build this screen last reloaded for (see #followBuild). */
const RELOADED_FOR_KEY = 'atrium.screen.reloadedFor';
/** Kept locally so a screen that reloads while the hub is away still faces the right way. */
const ROTATION_KEY = 'atrium.screen.rotation';
/** What screens kept before rotation existed: 'portrait' was a quarter turn. */
const OLD_ORIENTATION_KEY = 'atrium.screen.orientation';

/** The rotation this screen kept locally; one kept by an older build as an orientation still counts. */
function keptRotation(): Rotation {
  const kept = Number(localStorage.getItem(ROTATION_KEY) ?? NaN);
  return (ROTATIONS as readonly number[]).includes(kept) ? (kept as Rotation) : rotationFromOrientation(localStorage.getItem(OLD_ORIENTATION_KEY));
}
const FLUSH_MS = 3_000;

/**
 * A signage screen: its pairing code until paired, then its playlist, played in a loop. The last
 * playlist is kept locally so the screen plays on while the hub is away, and after a reload.
 */
export class Screen {
  playlist = $state<Playlist | null>(withDefaults(loadPlaylist()));
  index = $state(0);
  /** The mall-wide headcount strip; already suppressed below K by the hub. */
  presence = $state<PresenceUpdate | null>(null);
  /** Degrees the content turns clockwise in the window (see shared/rotation.ts). */
  rotation = $state<Rotation>(keptRotation());
  /** The mall's name and brand (the page's frame and idle screen), as the hub last said them. */
  mall = $state<DeviceMall | null>(loadDeviceMall('screen'));
  /** The screen's name, shown large while an operator identifies it. */
  identifying = $state<string | null>(null);
  #identifyTimer: ReturnType<typeof setTimeout> | null = null;
  readonly current = $derived<PlaylistItem | null>(this.playlist?.items.length ? this.playlist.items[this.index % this.playlist.items.length] : null);
  /** Outside opening hours with nothing to play: the night state shows, and the watchdog expects no slides. */
  readonly asleep = $derived(!!this.playlist?.night && !this.current);
  readonly link: DeviceLink;
  readonly impressions = new ImpressionQueue();
  readonly watchdog: Watchdog;
  #slideStartedAt = Date.now();
  #slideTimer: ReturnType<typeof setTimeout> | null = null;
  #flushTimer: ReturnType<typeof setInterval> | null = null;
  /** Newest playlist asked to show; an older one whose images finish loading later is dropped. */
  #wanted: string | null = null;

  constructor() {
    this.link = new DeviceLink('screen', (socket: DeviceSocket) => {
      socket.on('device:hello', (d) => {
        // Paired anew (after a revocation): the old screen's playlist and queue are not ours.
        const before = localStorage.getItem(DEVICE_ID_KEY);
        if (before && before !== d.id) this.impressions.clear();
        localStorage.setItem(DEVICE_ID_KEY, d.id);
        this.rotation = d.rotation;
        localStorage.setItem(ROTATION_KEY, String(d.rotation));
        localStorage.removeItem(OLD_ORIENTATION_KEY);
        this.#followBuild(d.hubBuild);
      });
      socket.on('screen:identify', ({ name, seconds }) => this.identify(name, seconds));
      socket.on('mall:changed', () => void this.#fetchMall());
      socket.on('playlist:update', (p) => void this.show(p));
      socket.on('screen:reload', ({ reason }) => this.reload(reason));
      socket.on('presence:update', (u) => (this.presence = u));
      socket.on('connect', () => {
        this.watchdog.beatNow();
        // Resync on every (re)connect: the hub may have changed the playlist while we were away.
        socket.emit('playlist:get', {}, (ack) => {
          if (ack.ok) void this.show(ack.data);
        });
        socket.emit('presence:get', {}, (ack) => {
          if (ack.ok) this.presence = ack.data;
        });
        void this.flush();
        void this.#fetchMall();
      });
    });
    this.watchdog = new Watchdog({
      currentItem: () => this.current?.key ?? (this.asleep ? 'night' : null),
      slideDueAt: () => (this.current ? this.#slideStartedAt + this.current.durationMs : null),
      beat: (b: ScreenHeartbeat) => void this.link.call('screen:heartbeat', b),
      reload: (why) => this.reload(why),
    });
  }

  async #fetchMall(): Promise<void> {
    const token = this.link.token;
    if (!token) return;
    const mall = await fetchDeviceMall(token).catch(() => null);
    if (!mall) return;
    this.mall = mall;
    saveDeviceMall('screen', mall);
  }

  start(): void {
    registerServiceWorker();
    this.link.start();
    this.watchdog.start();
    this.#schedule();
    this.#flushTimer = setInterval(() => void this.flush(), FLUSH_MS);
    setTimeout(() => void cacheShell(), 1000);
  }

  /** Shows a new playlist once its images are ready, from its first (best-ranked) item. */
  async show(p: Playlist): Promise<void> {
    if (p.hash === this.playlist?.hash) {
      if (p.version !== this.playlist.version) this.playlist = p;
      void this.#reportRendered(p);
      return;
    }
    this.#wanted = p.hash;
    await Promise.all(p.items.filter((i) => i.imageUrl).map((i) => preloadImage(i.imageUrl!)));
    if (this.#wanted !== p.hash) return;
    this.#endSlide();
    savePlaylist(p);
    this.playlist = p;
    this.index = 0;
    this.#schedule();
    await tick();
    // Two frames: the first lays out the new slide, the second runs after it has been painted.
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    void this.#reportRendered(p);
  }

  identify(name: string, seconds: number): void {
    if (this.#identifyTimer) clearTimeout(this.#identifyTimer);
    this.identifying = name;
    this.#identifyTimer = setTimeout(() => (this.identifying = null), seconds * 1000);
  }

  /**
   * The hub serves another build than this page's (it was upgraded): reload to run it. Once per
   * hub build, so a hub whose build.json does not match its files cannot make the screen loop.
   */
  #followBuild(hubBuild: string): void {
    if (!isOutdated(APP_BUILD, hubBuild) || localStorage.getItem(RELOADED_FOR_KEY) === hubBuild) return;
    localStorage.setItem(RELOADED_FOR_KEY, hubBuild);
    this.reload(`the hub serves build ${hubBuild}; this page is ${APP_BUILD}`);
  }

  reload(why: string): void {
    console.warn('screen reloading:', why);
    this.#endSlide();
    location.reload();
  }

  flush(): Promise<void> {
    return this.impressions.flush(localStorage.getItem(DEVICE_ID_KEY), (batch) => this.link.call('impressions:report', batch));
  }

  async #reportRendered(p: Playlist): Promise<void> {
    await this.link.call('screen:rendered', { version: p.version, hash: p.hash, renderedAt: new Date().toISOString() });
  }

  #schedule(): void {
    if (this.#slideTimer) clearTimeout(this.#slideTimer);
    this.#slideStartedAt = Date.now();
    const item = this.current;
    // The hub hears of the new slide at once (while offline the beat is dropped, not queued).
    this.watchdog.beatNow();
    if (!item) return;
    this.#slideTimer = setTimeout(() => {
      this.#endSlide();
      this.index = this.index + 1;
      this.#schedule();
    }, item.durationMs);
  }

  /** The slide on screen ends (its time is up, or a new playlist replaces it): one impression. */
  #endSlide(): void {
    const item = this.current;
    const now = Date.now();
    if (item?.promotionId && now > this.#slideStartedAt) this.impressions.record(item.promotionId, this.#slideStartedAt, now - this.#slideStartedAt);
    this.#slideStartedAt = now;
  }
}
