import { APP_BUILD, isOutdated } from '#shared/build.ts';
import { tick } from 'svelte';
import { DeviceLink, type DeviceSocket } from '#shared/client/device-link.svelte.ts';
import type { Playlist, PlaylistItem, PlaylistLines } from '#shared/schemas/promotions.ts';
import { ROTATIONS, rotationFromOrientation, type Rotation } from '#shared/rotation.ts';
import type { ScreenHeartbeat } from '#shared/schemas/screens.ts';
import { fetchDeviceMall, loadDeviceMall, saveDeviceMall, type DeviceMall } from '#shared/client/mall-look.ts';
import { ImpressionQueue } from './impressions.ts';
import { cacheMedia, cacheShell, loadPlaylist, mediaOf, preloadImage, registerServiceWorker, savePlaylist } from './offline-cache.ts';
import { Watchdog } from './watchdog.ts';
import { PlayCounter } from './play-count.ts';
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
/** A playing video with no `timeupdate` for this long is stalled: the screen skips to the next item. */
export const VIDEO_STALL_MS = 8_000;
/** A play-once slide waits this much past its video's length for `ended` before moving on anyway. */
const ENDED_GRACE_MS = 3_000;

/**
 * A signage screen: its pairing code until paired, then its playlist, played in a loop. The last
 * playlist is kept locally so the screen plays on while the hub is away, and after a reload.
 */
export class Screen {
  playlist = $state<Playlist | null>(withDefaults(loadPlaylist()));
  index = $state(0);
  /** The zone this screen stands in, as the hub last said (device:hello). */
  zoneId = $state<string | null>(null);
  /** Live counts per zone as last read (presence:get), each zone's kept current by zone-count:update; suppressed below K by the hub. */
  zoneCounts = $state<Record<string, number | null>>({});
  /** The headcount the strip shows: this screen's own zone's, null below K or before it is known. */
  readonly present = $derived(this.zoneId === null ? null : (this.zoneCounts[this.zoneId] ?? null));
  /** Degrees the content turns clockwise in the window (see shared/rotation.ts). */
  rotation = $state<Rotation>(keptRotation());
  /** The mall's name and brand (the page's frame and idle screen), as the hub last said them. */
  mall = $state<DeviceMall | null>(loadDeviceMall('screen'));
  /** The screen's name, shown large while an operator identifies it. */
  identifying = $state<string | null>(null);
  /** What the offline cache holds of the playlist's media, as last reported to the hub. */
  cache = $state<{ wanted: number; cached: number; cachedBytes: number; missing: string[] } | null>(null);
  /** Videos skipped for stalling since the page loaded. */
  stalls = $state(0);
  #identifyTimer: ReturnType<typeof setTimeout> | null = null;
  readonly current = $derived<PlaylistItem | null>(this.playlist?.items.length ? this.playlist.items[this.index % this.playlist.items.length] : null);
  /** What plays after the current item: its video is loaded ahead, so the switch shows no black frame. */
  readonly next = $derived<PlaylistItem | null>(this.playlist && this.playlist.items.length > 1 ? this.playlist.items[(this.index + 1) % this.playlist.items.length] : null);
  /**
   * Identifies the slide on screen: a new value mounts a new slide. A play-once video gets a new
   * slide each time round (so it starts from its beginning); everything else keeps its slide
   * while it is the only item.
   */
  readonly slideKey = $derived(
    this.playlist && this.current
      ? `${this.playlist.hash}:${this.index % this.playlist.items.length}${this.current.video && !this.current.video.loop ? `:${this.index}` : ''}`
      : '',
  );
  /** Outside opening hours with nothing to play: the night state shows, and the watchdog expects no slides. */
  readonly asleep = $derived(!!this.playlist?.night && !this.current);
  readonly link: DeviceLink;
  readonly impressions = new ImpressionQueue();
  /** Proof of play, slide by slide (see play-count.ts). */
  readonly #plays = new PlayCounter((promotionId, startedAt, durationMs) => this.impressions.record(promotionId, startedAt, durationMs));
  /** The slide on screen's play: its slide reports its video's end with it. */
  playId = $state(0);
  readonly watchdog: Watchdog;
  #slideTimer: ReturnType<typeof setTimeout> | null = null;
  #flushTimer: ReturnType<typeof setInterval> | null = null;
  /** Newest playlist asked to show; an older one whose images finish loading later is dropped. */
  #wanted: string | null = null;
  /** The last `timeupdate` of the current slide's video (ms since epoch). */
  #videoProgressAt = 0;
  #videoCheck: ReturnType<typeof setInterval> | null = null;

  constructor() {
    this.link = new DeviceLink('screen', (socket: DeviceSocket) => {
      socket.on('device:hello', (d) => {
        // Paired anew (after a revocation): the old screen's playlist and queue are not ours.
        const before = localStorage.getItem(DEVICE_ID_KEY);
        if (before && before !== d.id) this.impressions.clear();
        localStorage.setItem(DEVICE_ID_KEY, d.id);
        // Moved to another zone while connected: read that zone's count now, its updates follow.
        if (this.zoneId !== null && this.zoneId !== d.zoneId) this.#readCounts(socket);
        this.zoneId = d.zoneId;
        this.rotation = d.rotation;
        localStorage.setItem(ROTATION_KEY, String(d.rotation));
        localStorage.removeItem(OLD_ORIENTATION_KEY);
        this.#followBuild(d.hubBuild);
      });
      socket.on('screen:identify', ({ name, seconds }) => this.identify(name, seconds));
      socket.on('mall:changed', () => void this.#fetchMall());
      socket.on('playlist:update', (p) => void this.show(p));
      socket.on('playlist:lines', (u) => this.relabel(u));
      socket.on('screen:reload', ({ reason }) => this.reload(reason));
      socket.on('zone-count:update', (u) => {
        this.zoneCounts = { ...this.zoneCounts, [u.zoneId]: u.count };
        if (u.lines) this.relabel(u.lines);
      });
      socket.on('connect', () => {
        this.watchdog.beatNow();
        // Resync on every (re)connect: the hub may have changed the playlist while we were away.
        socket.emit('playlist:get', {}, (ack) => {
          if (ack.ok) void this.show(ack.data);
        });
        this.#readCounts(socket);
        void this.flush();
        void this.#fetchMall();
        if (this.playlist) void this.#cacheAndReport(this.playlist);
      });
    });
    this.watchdog = new Watchdog({
      currentItem: () => this.current?.key ?? (this.asleep ? 'night' : null),
      slideDueAt: () => (this.current ? this.#plays.startedAt + this.current.durationMs : null),
      beat: (b: ScreenHeartbeat) => void this.link.call('screen:heartbeat', b),
      reload: (why) => this.reload(why),
    });
  }

  #readCounts(socket: DeviceSocket): void {
    socket.emit('presence:get', {}, (ack) => {
      if (ack.ok) this.zoneCounts = ack.data.zones;
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
    this.#videoCheck = setInterval(() => this.#checkVideo(), 1000);
    if (this.playlist) void this.#cacheAndReport(this.playlist);
    setTimeout(() => void cacheShell(), 1000);
  }

  /** Shows a new playlist once its images are ready, from its first (best-ranked) item. */
  async show(p: Playlist): Promise<void> {
    if (p.hash === this.playlist?.hash) {
      // The same content: a newer version, or new live audience lines, is taken without starting over.
      if (p.version !== this.playlist.version || JSON.stringify(p.items) !== JSON.stringify(this.playlist.items)) this.playlist = p;
      void this.#reportRendered(p);
      return;
    }
    this.#wanted = p.hash;
    // Images and video posters are decoded before the switch; the videos themselves go into the
    // cache after it (they can be large), the poster standing in until their first frame.
    const stills = [
      ...p.items.flatMap((i) => [i.imageUrl, i.video?.posterUrl]),
      // The loops' first frames too (layout and night), so a loop starts drawn, never blank.
      ...Object.values(p.media ?? {}).map((m) => (m.kind === 'image' ? m.url : m.posterUrl)),
    ].filter((u): u is string => !!u);
    await Promise.all(stills.map((u) => preloadImage(u)));
    if (this.#wanted !== p.hash) return;
    this.#endSlide(false);
    savePlaylist(p);
    this.playlist = p;
    this.index = 0;
    this.#schedule();
    await tick();
    // Two frames: the first lays out the new slide, the second runs after it has been painted.
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    void this.#reportRendered(p);
    void this.#cacheAndReport(p);
  }

  /** Caches the playlist's media (videos whole) and tells the hub how much it holds offline. */
  async #cacheAndReport(p: Playlist): Promise<void> {
    const report = await cacheMedia(mediaOf(p));
    if (this.playlist?.hash !== p.hash) return;
    this.cache = report;
    void this.link.call('screen:cache', { ...report, at: new Date().toISOString() });
  }

  /** The current slide's video advanced. */
  videoProgress(): void {
    this.#videoProgressAt = Date.now();
  }

  /**
   * The video of play `play` reached its end. The slide on screen's: it is done, counted, and the
   * next one starts. One a new playlist just replaced (fading out, still playing): counted alone.
   */
  videoEnded(play: number): void {
    if (this.#plays.videoEnded(play, Date.now()) !== 'current') return;
    if (!this.current?.video || this.current.video.loop) return;
    this.#advance();
  }

  /**
   * The watchdog for video: the current slide's video has not advanced for VIDEO_STALL_MS (from
   * its start or its last timeupdate) — skip to the next item and tell the hub which file stalled.
   * Not counted as played.
   */
  #checkVideo(): void {
    const item = this.current;
    if (!item?.video || document.visibilityState !== 'visible') return;
    const since = Math.max(this.#videoProgressAt, this.#plays.startedAt);
    const stalledFor = Date.now() - since;
    if (stalledFor < VIDEO_STALL_MS) return;
    console.warn('video stalled, skipping', item.video.url);
    void this.link.call('screen:video-stalled', { promotionId: item.promotionId, url: item.video.url, stalledForMs: stalledFor, at: new Date().toISOString() });
    this.stalls++;
    this.#endSlide(false);
    this.index = this.index + 1;
    this.#schedule();
  }

  /** New live audience numbers for the playlist playing: the slides keep their place in the loop. */
  relabel(u: PlaylistLines): void {
    if (!this.playlist || u.hash !== this.playlist.hash) return;
    this.playlist = { ...this.playlist, items: this.playlist.items.map((i) => (i.key in u.lines ? { ...i, audienceLine: u.lines[i.key] } : i)) };
    savePlaylist(this.playlist);
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
    this.#endSlide(false);
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
    const item = this.current;
    this.playId = this.#plays.begin(item, Date.now());
    // The hub hears of the new slide at once (while offline the beat is dropped, not queued).
    this.watchdog.beatNow();
    this.#videoProgressAt = 0;
    if (!item) return;
    // A play-once video ends the slide itself (videoEnded); the timer is only its safety net.
    const once = item.video && !item.video.loop;
    this.#slideTimer = setTimeout(() => this.#advance(), item.durationMs + (once ? ENDED_GRACE_MS : 0));
  }

  /** The slide played its full time (or its video to the end): counted, and the next one starts. */
  #advance(): void {
    this.#endSlide(true);
    this.index = this.index + 1;
    this.#schedule();
  }

  /** The slide on screen ends: `completed` when it ran its time or its video to the end (see PlayCounter). */
  #endSlide(completed: boolean): void {
    this.#plays.end(completed, Date.now());
  }
}
