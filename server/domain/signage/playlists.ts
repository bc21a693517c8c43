import { createHash } from 'node:crypto';
import type { Playlist, PlaylistItem, PlaylistLines } from '#shared/schemas/promotions.ts';
import type { DeviceRecord, MediaRecord, PromotionRecord } from '#server/storage/records.ts';
import { mediaUrls } from '../media/library.ts';
import type { Mall } from '../mall/mall.ts';
import type { Presence } from '../presence/presence.ts';
import type { Promotions } from './promotions.ts';
import { rank, type Ranked } from './ranking.ts';
import { readLive, type Live } from '../core/live.ts';
import { toBrand } from '../mall/wire.ts';

const WELCOME_MS = 10_000;

export interface PlaylistChange {
  playlist: Playlist;
  screenIds: string[];
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
  // Starts from the clock so versions keep rising across hub restarts.
  #version = Date.now();

  constructor(
    private readonly mall: Mall,
    private readonly screens: () => readonly DeviceRecord[],
    private readonly promotions: Promotions,
    private readonly presence: Presence,
    private readonly kSetting: Live<number>,
    private readonly mediaOf: (id: string) => MediaRecord | undefined = () => undefined,
  ) {}

  /** The playlist a screen should be playing (computed now if it has none yet). */
  forScreen(screen: DeviceRecord): Playlist {
    const known = this.#current.get(screen.id);
    if (known) return known;
    const items = this.#items(screen, new Date());
    const playlist = this.#make(items, new Date());
    this.#current.set(screen.id, playlist);
    return playlist;
  }

  /**
   * Recomputes every screen's playlist; returns those that changed, grouped by new content
   * (`changes`), and those whose content is the same but for live audience lines (`lines`): a
   * playlist's hash leaves the lines out, so a count moving does not make a new playlist.
   */
  refreshAll(changedAt: Date, now = new Date()): { changes: PlaylistChange[]; lines: LinesChange[] } {
    const byGroup = new Map<string, { items: PlaylistItem[]; hash: string; said: string }>();
    const changes = new Map<string, PlaylistChange>();
    const lineChanges = new Map<string, LinesChange>();
    const promos = this.promotions.list();
    for (const screen of this.screens()) {
      if (screen.kind !== 'screen' || screen.revokedAt) continue;
      const group = groupKey(screen, promos);
      let computed = byGroup.get(group);
      if (!computed) {
        const items = this.#items(screen, now);
        computed = { items, hash: hashOf(items), said: linesOf(items) };
        byGroup.set(group, computed);
      }
      const current = this.#current.get(screen.id);
      if (current?.hash === computed.hash) {
        if (linesOf(current.items) === computed.said) continue;
        const key = `${screen.zoneId}|${computed.hash}|${computed.said}`;
        let change = lineChanges.get(key);
        if (!change) {
          change = { lines: { hash: computed.hash, lines: Object.fromEntries(computed.items.map((i) => [i.key, i.audienceLine])) }, zoneId: screen.zoneId, screenIds: [] };
          lineChanges.set(key, change);
        }
        change.screenIds.push(screen.id);
        // Same version: what the screen renders is the same playlist, its numbers moved.
        this.#current.set(screen.id, { ...current, items: computed.items });
        continue;
      }
      let change = changes.get(computed.hash);
      if (!change) {
        change = { playlist: { version: ++this.#version, hash: computed.hash, changedAt: changedAt.toISOString(), items: computed.items }, screenIds: [] };
        changes.set(computed.hash, change);
      }
      change.screenIds.push(screen.id);
      this.#current.set(screen.id, change.playlist);
    }
    return { changes: [...changes.values()], lines: [...lineChanges.values()] };
  }

  /** Recomputes every screen's playlist; returns those whose content changed (lines alone do not count: see refreshAll). */
  refresh(changedAt: Date, now = new Date()): PlaylistChange[] {
    return this.refreshAll(changedAt, now).changes;
  }

  forget(screenId: string): void {
    this.#current.delete(screenId);
  }

  #make(items: PlaylistItem[], changedAt: Date): Playlist {
    return { version: ++this.#version, hash: hashOf(items), changedAt: changedAt.toISOString(), items };
  }

  #items(screen: DeviceRecord, now: Date): PlaylistItem[] {
    const ranked = rank(this.promotions.list(), screen, this.presence.counts(), readLive(this.kSetting), this.mall.clock(now));
    if (!ranked.length) return [this.#welcome()];
    return ranked.map((r) => this.#item(r, screen));
  }

  #item({ promotion: p, audience }: Ranked, screen: DeviceRecord): PlaylistItem {
    const tenant = p.tenantId ? this.mall.record.tenants.find((t) => t.id === p.tenantId) : undefined;
    const media = p.media ? this.mediaOf(p.media.id) : undefined;
    const video = media?.kind === 'video' && media.durationMs ? { ...mediaUrls(media), loop: p.media!.play === 'loop', durationMs: media.durationMs } : null;
    const where = p.audienceScope === 'mall' ? 'in the mall' : screen.zoneId === tenant?.zoneId ? 'here' : 'nearby';
    return {
      key: p.id,
      promotionId: p.id,
      title: p.title,
      text: p.text,
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

/** Screens with the same zone and named by the same promotions always get the same playlist. */
function groupKey(screen: DeviceRecord, promos: readonly PromotionRecord[]): string {
  let key = screen.zoneId;
  for (const p of promos) if (p.screens.includes(screen.id)) key += `|${p.id}`;
  return key;
}

/** The content's hash, live audience lines left out (only whether an item has one counts): see refreshAll. */
const hashOf = (items: PlaylistItem[]) =>
  createHash('sha256')
    .update(JSON.stringify(items.map((i) => ({ ...i, audienceLine: i.audienceLine !== null }))))
    .digest('hex')
    .slice(0, 16);

const linesOf = (items: PlaylistItem[]) => JSON.stringify(items.map((i) => i.audienceLine));
