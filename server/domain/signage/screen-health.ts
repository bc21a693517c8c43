import { HEARTBEAT_MS, MISSED_HEARTBEATS, type ScreenHeartbeat, type ScreenRendered } from '#shared/schemas/screens.ts';
import type { Playlist } from '#shared/schemas/promotions.ts';
import type { ScreenCacheReport, VideoStalled } from '#shared/schemas/media.ts';
import type { Partition } from '#server/storage/partition.ts';
import type { ScreenDeliveryRecord, SignageRecord } from '#server/storage/records.ts';

/**
 * What the hub knows of each screen's health: heartbeats (in memory: they are only worth
 * anything while fresh) and delivery marks (kept: what was sent, what the screen says it showed).
 */
export class ScreenHealth {
  readonly #beats = new Map<string, { at: number; beat: ScreenHeartbeat }>();
  /** Kept in memory like heartbeats: a screen reports its cache again on every connect and playlist. */
  readonly #caches = new Map<string, ScreenCacheReport>();
  readonly #stalls = new Map<string, VideoStalled>();

  /** `connected`: whether a screen's socket is open now (only changes sent to it are measured). */
  constructor(
    private readonly store: Partition<SignageRecord>,
    private readonly connected: (screenId: string) => boolean,
    private readonly now: () => number = Date.now,
  ) {}

  heartbeat(screenId: string, beat: ScreenHeartbeat): void {
    this.#beats.set(screenId, { at: this.now(), beat });
  }

  cacheReported(screenId: string, report: ScreenCacheReport): void {
    this.#caches.set(screenId, report);
  }

  /** The screen's last word on its offline cache; null before it said anything. */
  cache(screenId: string): ScreenCacheReport | null {
    return this.#caches.get(screenId) ?? null;
  }

  videoStalled(screenId: string, report: VideoStalled): void {
    this.#stalls.set(screenId, report);
  }

  /** The last video the screen skipped because it stalled; null if none since the hub started. */
  lastVideoStall(screenId: string): VideoStalled | null {
    return this.#stalls.get(screenId) ?? null;
  }

  lastHeartbeat(screenId: string): { at: number; beat: ScreenHeartbeat } | undefined {
    return this.#beats.get(screenId);
  }

  /** Online while heartbeats keep coming; missing a few marks the screen offline. */
  isOnline(screenId: string): boolean {
    const last = this.#beats.get(screenId);
    return !!last && this.now() - last.at < HEARTBEAT_MS * MISSED_HEARTBEATS;
  }

  delivery(screenId: string): ScreenDeliveryRecord {
    return this.store.data.screens[screenId] ?? {};
  }

  /**
   * A changed playlist was pushed to these screens. Only those connected now received it, so only
   * they get a delivery mark carrying the change's time: a screen that was away catches up when it
   * is back (see fetched), and the time it was away is no measure of change → on screen.
   * Written with the next commit, as losing one only loses a panel detail.
   */
  delivered(screenIds: readonly string[], playlist: Pick<Playlist, 'version' | 'hash' | 'changedAt'>): void {
    const at = new Date(this.now()).toISOString();
    for (const id of screenIds.filter(this.connected)) {
      const d = (this.store.data.screens[id] ??= {});
      d.delivered = { version: playlist.version, hash: playlist.hash, at, changedAt: playlist.changedAt };
    }
    void this.store.commit();
  }

  /**
   * A screen's socket opened. A change pushed before it (to an earlier connection) and not yet
   * painted is no longer measured: the screen may have been closed for minutes in between.
   */
  opened(screenId: string): void {
    const d = this.store.data.screens[screenId];
    if (d?.delivered?.changedAt && d.rendered?.hash !== d.delivered.hash) delete d.delivered.changedAt;
  }

  /**
   * The screen asked for its playlist (on every connect): it is sent now, but this is catching up,
   * not a change reaching it, so the mark carries no change time. The same playlist already pushed
   * on this connection keeps its mark.
   */
  fetched(screenId: string, playlist: Pick<Playlist, 'version' | 'hash' | 'changedAt'>): void {
    const d = (this.store.data.screens[screenId] ??= {});
    if (d.delivered?.hash === playlist.hash && d.delivered.version === playlist.version) return;
    d.delivered = { version: playlist.version, hash: playlist.hash, at: new Date(this.now()).toISOString() };
    void this.store.commit();
  }

  /**
   * The screen says it has painted a playlist. Latency (ms) runs from the change that made the
   * playlist to the hub hearing of the paint, one clock (the hub's) at both ends; null when the
   * paint was not of a change pushed to the screen while it was connected.
   */
  async rendered(screenId: string, report: ScreenRendered): Promise<ScreenDeliveryRecord> {
    const d = (this.store.data.screens[screenId] ??= {});
    const received = this.now();
    const changedAt = d.delivered && d.delivered.hash === report.hash ? d.delivered.changedAt : undefined;
    // The same paint reported again (after a reconnect) keeps the figure it was measured with.
    const again = d.rendered?.hash === report.hash && d.rendered.version === report.version;
    d.rendered = {
      version: report.version,
      hash: report.hash,
      at: report.renderedAt,
      latencyMs: changedAt ? received - Date.parse(changedAt) : again ? (d.rendered?.latencyMs ?? null) : null,
    };
    // Measured once: the change's time is spent (a report of an older paint leaves it be).
    if (changedAt) delete d.delivered!.changedAt;
    await this.store.commit();
    return d;
  }
}
