import { HEARTBEAT_MS, MISSED_HEARTBEATS, type ScreenHeartbeat, type ScreenRendered } from '#shared/schemas/screens.ts';
import type { Playlist } from '#shared/schemas/promotions.ts';
import type { Partition } from '#server/storage/partition.ts';
import type { ScreenDeliveryRecord, SignageRecord } from '#server/storage/records.ts';

/**
 * What the hub knows of each screen's health: heartbeats (in memory: they are only worth
 * anything while fresh) and delivery marks (kept: what was sent, what the screen says it showed).
 */
export class ScreenHealth {
  readonly #beats = new Map<string, { at: number; beat: ScreenHeartbeat }>();

  constructor(
    private readonly store: Partition<SignageRecord>,
    private readonly now: () => number = Date.now,
  ) {}

  heartbeat(screenId: string, beat: ScreenHeartbeat): void {
    this.#beats.set(screenId, { at: this.now(), beat });
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

  /** Marks sent playlists; written with the next commit, as losing one only loses a panel detail. */
  delivered(screenIds: readonly string[], playlist: Playlist): void {
    const at = new Date(this.now()).toISOString();
    for (const id of screenIds) {
      const d = (this.store.data.screens[id] ??= {});
      d.delivered = { version: playlist.version, hash: playlist.hash, at, changedAt: playlist.changedAt };
    }
    void this.store.commit();
  }

  /** The screen says it has painted a playlist; latency runs from the change that made it. */
  async rendered(screenId: string, report: ScreenRendered): Promise<ScreenDeliveryRecord> {
    const d = (this.store.data.screens[screenId] ??= {});
    const received = this.now();
    const matches = d.delivered && d.delivered.hash === report.hash;
    d.rendered = {
      version: report.version,
      hash: report.hash,
      at: report.renderedAt,
      latencyMs: matches ? received - Date.parse(d.delivered!.changedAt) : null,
    };
    await this.store.commit();
    return d;
  }
}
