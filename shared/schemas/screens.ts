import { z } from 'zod';
import { Id, IsoTime } from './common.ts';
import { Rotation } from './devices.ts';
import { ScreenCacheReport, VideoStalled } from './media.ts';

import { MAX_IMPRESSION_BATCH } from '../signage-limits.ts';

export { HEARTBEAT_MS, MAX_IMPRESSION_BATCH, MISSED_HEARTBEATS } from '../signage-limits.ts';

export const ScreenRendered = z.strictObject({
  version: z.number().int().nonnegative(),
  hash: z.string().min(1).max(64),
  renderedAt: IsoTime,
});
export type ScreenRendered = z.infer<typeof ScreenRendered>;

export const ScreenHeartbeat = z.strictObject({
  uptimeMs: z.number().nonnegative(),
  heapUsedBytes: z.number().nonnegative().nullable(),
  /** Promotion id (or `house`) on screen now. */
  currentItem: z.string().max(64).nullable(),
  lastPaintAt: IsoTime.nullable(),
  appVersion: z.string().min(1).max(40),
  /** The screen's window in CSS pixels, for the panel's preview at its size; absent from older screens. */
  viewport: z.strictObject({ width: z.number().int().min(1).max(16_384), height: z.number().int().min(1).max(16_384) }).optional(),
});
export type ScreenHeartbeat = z.infer<typeof ScreenHeartbeat>;

/** One showing of a promotion. `seq` rises per screen, so a resent batch is recognised and counted once. */
export const Impression = z.strictObject({
  seq: z.number().int().positive(),
  promotionId: Id,
  startedAt: IsoTime,
  durationMs: z.number().int().min(0).max(3_600_000),
});
export type Impression = z.infer<typeof Impression>;

export const ImpressionBatch = z.strictObject({
  screenId: Id,
  impressions: z.array(Impression).min(1).max(MAX_IMPRESSION_BATCH, `at most ${MAX_IMPRESSION_BATCH} impressions per batch`),
});
export type ImpressionBatch = z.infer<typeof ImpressionBatch>;

export const ImpressionReceipt = z.object({ stored: z.number().int(), duplicates: z.number().int(), upToSeq: z.number().int() });
export type ImpressionReceipt = z.infer<typeof ImpressionReceipt>;

export const ScreenReload = z.object({ reason: z.string() });
export type ScreenReload = z.infer<typeof ScreenReload>;

const Mark = z.object({ version: z.number().int(), hash: z.string(), at: IsoTime });

/** A screen as a promotion's targeting names it (no health: content editors see this). */
export const ScreenName = z.object({ screenId: Id, name: z.string(), zoneId: Id });
export type ScreenName = z.infer<typeof ScreenName>;

/** A screen as the panel sees it: liveness, what was delivered, what it says it rendered. */
export const ScreenStatus = z.object({
  screenId: Id,
  name: z.string(),
  zoneId: Id,
  rotation: Rotation.default(0),
  online: z.boolean(),
  lastHeartbeatAt: IsoTime.nullable(),
  heartbeat: ScreenHeartbeat.nullable(),
  delivered: Mark.nullable(),
  rendered: Mark.nullable(),
  /**
   * The title of the promotion the screen's latest heartbeat says is on screen, as it is titled
   * now; null when it shows the welcome card, nothing, or is offline (its last beat is old news).
   */
  showingTitle: z.string().nullable(),
  /**
   * Milliseconds from a change to the hub hearing the screen painted it, for the latest change
   * pushed while the screen was connected; null when none was measured (it caught up after being away).
   */
  latencyMs: z.number().nullable(),
  /** What the screen holds offline of its playlist's media (its last report); null before any. */
  cache: ScreenCacheReport.nullable().default(null),
  /** The last video the screen skipped because it stopped advancing; null if none. */
  lastVideoStall: VideoStalled.nullable().default(null),
  /** The screen last reported another build than the one the hub serves: it has not reloaded since an upgrade. */
  outdated: z.boolean(),
});
export type ScreenStatus = z.infer<typeof ScreenStatus>;

export const PlayCount = z.object({ hour: IsoTime, promotionId: Id, screenId: Id, count: z.number().int() });
export type PlayCount = z.infer<typeof PlayCount>;
