import { createHash } from 'node:crypto';
import type { Playlist, PlaylistItem, PlaylistLines } from '#shared/schemas/promotions.ts';
import { loopMediaIds, type LoopMedia, type NightState, type ScreenLayout } from '#shared/schemas/layouts.ts';
import type { PresenceCounts } from '../presence/presence.ts';
import type { ScreenGroups } from './screen-groups.ts';
import { isOpenAt } from '../mall/opening-hours.ts';
import type { DeviceRecord, MediaRecord, PromotionRecord } from '#server/storage/records.ts';
import { mediaUrls } from '../media/library.ts';
import type { Mall } from '../mall/mall.ts';
import type { Presence } from '../presence/presence.ts';
import type { Promotions } from './promotions.ts';
import { rank, type Ranked } from './ranking.ts';
import { readLive, type Live } from '../core/live.ts';
import { toBrand } from '../mall/wire.ts';

const WELCOME_MS = 10_000;

/** A screen's playlist before it is numbered: what it plays and how it frames it. */
type Content = Pick<Playlist, 'items' | 'layout' | 'night' | 'media' | 'timeZone' | 'locale' | 'language'>;

export interface PlaylistChange {
  playlist: Playlist;
  screenIds: string[];
}

/**
 * Screens that always get the same playlist, and what the last refresh gave them. `settled`: every
 * one of them holds exactly that content and those lines (a screen's own first playlist unsettles it).
 */
interface Share {
  screens: DeviceRecord[];
  hash: string;
  said: string;
  settled: boolean;
}

/** Screens whose playlist is the same but for its live audience lines: they get the lines alone. */
export interface LinesChange {
  lines: PlaylistLines;
  /** The zone all these screens stand in. */
  zoneId: string;
  screenIds: string[];
}

/**
 * Each screen's playlist, worked out by the hub. Screens that share a zone (and are not named by
 * any promotion) share one computation; `refresh` reports only the screens whose content changed,
 * grouped so each distinct playlist is sent once to all its screens.
 */
export class Playlists {
  readonly #current = new Map<string, Playlist>();
  /** linesOf() of each screen's current playlist, kept beside it so a tick need not re-serialise it. */
  readonly #said = new Map<string, string>();
  // Starts from the clock so versions keep rising across hub restarts.
  #version = Date.now();
  /** Screens that nothing tells apart, worked out once until something regroups them (null: not yet). */
  #shares: Share[] | null = null;
  readonly #shareOf = new Map<string, Share>();
  #sharesOf: { devices: readonly DeviceRecord[]; deviceCount: number; promos: readonly PromotionRecord[]; promoCount: number } | null = null;

  constructor(
    private readonly mall: Mall,
    private readonly screens: () => readonly DeviceRecord[],
    private readonly promotions: Promotions,
    private readonly presence: Presence,
    private readonly kSetting: Live<number>,
    private readonly groups: ScreenGroups,
    /** The hub's clock (epoch ms): schedules and opening hours are read at this moment. */
    private readonly now: () => number = () => Date.now(),
    /** The media library's item by id (undefined: no such item). */
    private readonly mediaOf: (id: string) => MediaRecord | undefined = () => undefined,
  ) {}

  /** The playlist a screen should be playing (computed now if it has none yet). */
  forScreen(screen: DeviceRecord): Playlist {
    const known = this.#current.get(screen.id);
    if (known) return known;
    const now = new Date(this.now());
    const playlist = this.#make(this.#content(screen, now), now);
    this.#keep(screen.id, playlist, linesOf(playlist.items));
    // Its share's screens no longer all hold one version: the next refresh looks at each again.
    const share = this.#shareOf.get(screen.id);
    if (share) share.settled = false;
    return playlist;
  }

  /**
   * Recomputes every screen's playlist; returns those that changed, grouped by new content
   * (`changes`), and those whose content is the same but for live audience lines (`lines`): a
   * playlist's hash leaves the lines out, so a count moving does not make a new playlist.
   */
  refreshAll(changedAt: Date, now = new Date(this.now())): { changes: PlaylistChange[]; lines: LinesChange[] } {
    const changes = new Map<string, PlaylistChange>();
    const lineChanges = new Map<string, LinesChange>();
    for (const share of this.#sharesNow()) {
      const content = this.#content(share.screens[0], now);
      const hash = hashOf(content);
      const said = linesOf(content.items);
      // Runs every count tick (50 ms): a share whose screens all hold this content already costs
      // one computation, not a look at each of its screens (4,000 screens, most zones unchanged).
      if (share.settled && share.hash === hash && share.said === said) continue;
      // A share's screens stand in one zone (the zone leads its key): they share one lines change,
      // and screens holding one playlist get one updated copy of it.
      let lineChange: LinesChange | undefined;
      const updated = new Map<Playlist, Playlist>();
      for (const screen of share.screens) {
        const current = this.#current.get(screen.id);
        if (current?.hash === hash) {
          if (this.#saidOf(screen.id, current) === said) continue;
          if (!lineChange) {
            const key = `${screen.zoneId}|${hash}|${said}`;
            lineChange = lineChanges.get(key);
            if (!lineChange) {
              lineChange = { lines: { hash, lines: Object.fromEntries(content.items.map((i) => [i.key, i.audienceLine])) }, zoneId: screen.zoneId, screenIds: [] };
              lineChanges.set(key, lineChange);
            }
          }
          lineChange.screenIds.push(screen.id);
          // Same version: what the screen renders is the same playlist, its numbers moved.
          let next = updated.get(current);
          if (!next) updated.set(current, (next = { ...current, items: content.items }));
          this.#keep(screen.id, next, said);
          continue;
        }
        let change = changes.get(hash);
        if (!change) {
          change = { playlist: { version: ++this.#version, hash, changedAt: changedAt.toISOString(), ...content }, screenIds: [] };
          changes.set(hash, change);
        }
        change.screenIds.push(screen.id);
        this.#keep(screen.id, change.playlist, said);
      }
      Object.assign(share, { hash, said, settled: true });
    }
    return { changes: [...changes.values()], lines: [...lineChanges.values()] };
  }

  /**
   * Forgets which screens share a playlist: call when a screen is paired, moved, revoked or turned,
   * or a group, own layout or promotion's screen list changes (the hub wires this to its bus).
   */
  regroup(): void {
    this.#shares = null;
  }

  /**
   * The screens split into shares (see #groupKeys), worked out again after `regroup` or when the
   * device or promotion lists were replaced or grew or shrank (a cheap guard beside the bus).
   */
  #sharesNow(): Share[] {
    const devices = this.screens();
    const promos = this.promotions.list();
    const seen = this.#sharesOf;
    if (this.#shares && seen && seen.devices === devices && seen.deviceCount === devices.length && seen.promos === promos && seen.promoCount === promos.length) return this.#shares;
    const keyOf = this.#groupKeys(promos);
    const byKey = new Map<string, Share>();
    this.#shareOf.clear();
    for (const screen of devices) {
      if (screen.kind !== 'screen' || screen.revokedAt) continue;
      const key = keyOf(screen);
      let share = byKey.get(key);
      if (!share) byKey.set(key, (share = { screens: [], hash: '', said: '', settled: false }));
      share.screens.push(screen);
      this.#shareOf.set(screen.id, share);
    }
    this.#sharesOf = { devices, deviceCount: devices.length, promos, promoCount: promos.length };
    return (this.#shares = [...byKey.values()]);
  }

  /** Recomputes every screen's playlist; returns those whose content changed (lines alone do not count: see refreshAll). */
  refresh(changedAt: Date, now = new Date()): PlaylistChange[] {
    return this.refreshAll(changedAt, now).changes;
  }

  forget(screenId: string): void {
    this.#current.delete(screenId);
    this.#said.delete(screenId);
    this.regroup();
  }

  #keep(screenId: string, playlist: Playlist, said: string): void {
    this.#current.set(screenId, playlist);
    this.#said.set(screenId, said);
  }

  #saidOf(screenId: string, current: Playlist): string {
    let said = this.#said.get(screenId);
    if (said === undefined) this.#said.set(screenId, (said = linesOf(current.items)));
    return said;
  }

  /** Whether the mall is open now. A mall that keeps no settings of its own (the demo mall) never sleeps. */
  isOpen(now = new Date(this.now())): boolean {
    const settings = this.mall.exists ? this.mall.record.settings : undefined;
    return !settings || isOpenAt(settings.openingHours, this.mall.clock(now));
  }

  #make(content: Content, changedAt: Date): Playlist {
    return { version: ++this.#version, hash: hashOf(content), changedAt: changedAt.toISOString(), ...content };
  }

  #content(screen: DeviceRecord, now: Date): Content {
    const counts = this.presence.counts();
    const k = readLive(this.kSetting);
    const settings = this.mall.exists ? this.mall.settings() : null;
    const language = crowdLanguage(counts, screen.zoneId, k, settings?.defaultLanguage ?? 'en');
    const open = this.isOpen(now);
    const place = { id: screen.id, zoneId: screen.zoneId, groups: this.groups.groupsOf(screen.id) };
    // Outside opening hours only promotions marked for it play; with none, the night state shows.
    const field = open ? this.promotions.list() : this.promotions.list().filter((p) => p.outsideHours);
    const ranked = rank(field, place, counts, k, this.mall.clock(now));
    const items = ranked.length ? ranked.map((r) => this.#item(r, screen, language)) : open ? [this.#welcome()] : [];
    const layout = this.groups.layoutOf(screen.id).layout as ScreenLayout;
    const night = open ? null : (this.groups.nightOf(screen.id) as NightState);
    return {
      items,
      layout,
      night,
      media: this.#loopMedia(layout, night),
      timeZone: this.mall.timeZone,
      locale: settings?.locale ?? 'en-GB',
      language,
    };
  }

  /** The library's files for the loops the layout and night state name, by media id: a replaced item's new file follows at once. */
  #loopMedia(layout: ScreenLayout, night: NightState | null): Record<string, LoopMedia> {
    const out: Record<string, LoopMedia> = {};
    for (const id of loopMediaIds(layout, night)) {
      const m = this.mediaOf(id);
      if (!m) continue;
      const { url, posterUrl } = mediaUrls(m);
      out[id] = { kind: m.kind, url, posterUrl, durationMs: m.durationMs };
    }
    return out;
  }

  /**
   * Screens with the same zone, groups, own layout and naming promotions always get the same
   * playlist: returns the key of a screen's share, with the groups and promotions that name
   * screens looked up once for all screens.
   */
  #groupKeys(promos: readonly PromotionRecord[]): (screen: DeviceRecord) => string {
    const named = new Map<string, string>();
    for (const g of this.groups.list()) for (const id of new Set(g.screens)) named.set(id, named.has(id) ? `${named.get(id)},${g.id}` : g.id);
    const promoted = new Map<string, string>();
    for (const p of promos) for (const id of new Set(p.screens)) promoted.set(id, `${promoted.get(id) ?? ''}|${p.id}`);
    return (screen) => {
      let key = `${screen.zoneId}|${named.get(screen.id) ?? ''}`;
      if (this.groups.ownLayout(screen.id)) key += `|own:${screen.id}`;
      return key + (promoted.get(screen.id) ?? '');
    };
  }

  #item({ promotion: p, audience }: Ranked, screen: DeviceRecord, language: string): PlaylistItem {
    const tenant = p.tenantId ? this.mall.record.tenants.find((t) => t.id === p.tenantId) : undefined;
    const media = p.media ? this.mediaOf(p.media.id) : undefined;
    const video = media?.kind === 'video' && media.durationMs ? { ...mediaUrls(media), loop: p.media!.play === 'loop', durationMs: media.durationMs } : null;
    const where = p.audienceScope === 'mall' ? 'in the mall' : screen.zoneId === tenant?.zoneId ? 'here' : 'nearby';
    const words = p.translations?.[language];
    return {
      key: p.id,
      promotionId: p.id,
      title: words?.title ?? p.title,
      text: words ? words.text : p.text,
      ...(words ? { lang: language } : {}),
      imageUrl: media?.kind === 'image' ? mediaUrls(media).url : (p.imageUrl ?? null),
      video: video && { url: video.url, posterUrl: video.posterUrl, loop: video.loop, durationMs: video.durationMs },
      tenantName: tenant?.name ?? null,
      background: p.colours.background,
      foreground: p.colours.text,
      // Played once, the slide lasts as long as its video.
      durationMs: video && !video.loop ? video.durationMs : p.durationSeconds * 1000,
      // Rule 2 on screens: a live number only from K up (house items carry audience 0).
      audienceLine: p.audienceLabel && !p.house && audience >= readLive(this.kSetting) ? `${audience} ${p.audienceLabel} are ${where} right now` : null,
    };
  }

  /** The house slide when nothing else plays: the mall's name and logo on its accent colour. */
  #welcome(): PlaylistItem {
    const brand = this.mall.exists ? toBrand(this.mall.record) : null;
    return {
      key: 'welcome',
      promotionId: null,
      title: `Welcome to ${this.mall.exists ? this.mall.record.name : 'the mall'}`,
      text: 'Enjoy your visit',
      imageUrl: brand?.logoUrl ?? null,
      tenantName: null,
      background: brand?.accent ?? '#20324a',
      foreground: brand?.accentInk ?? '#fdf8ef',
      durationMs: WELCOME_MS,
      audienceLine: null,
    };
  }
}

/**
 * The crowd's language in a zone: the `lang:*` segment with the most present shoppers, if it has
 * at least K (a smaller one would tell a passer-by who is here); the mall's default otherwise.
 * A tie goes to the mall's default, then to the first language in order.
 */
export function crowdLanguage(counts: PresenceCounts, zoneId: string, k: number, fallback: string): string {
  const table = counts.zones.get(zoneId);
  let best = fallback;
  let bestCount = k - 1;
  if (!table) return fallback;
  for (const [key, n] of table) {
    if (!key.startsWith('lang:')) continue;
    const lang = key.slice(5);
    if (n > bestCount || (n === bestCount && n >= k && lang === fallback)) {
      best = lang;
      bestCount = n;
    }
  }
  return best;
}

/** The content's hash, live audience lines left out (only whether an item has one counts): see refreshAll. */
const hashOf = (content: Content) =>
  createHash('sha256')
    .update(JSON.stringify({ ...content, items: content.items.map((i) => ({ ...i, audienceLine: i.audienceLine !== null })) }))
    .digest('hex')
    .slice(0, 16);

const linesOf = (items: PlaylistItem[]) => JSON.stringify(items.map((i) => i.audienceLine));
