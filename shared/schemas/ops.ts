import { z } from 'zod';
import { Id, IsoTime } from './common.ts';
import { HourlyCheckins } from './dashboard.ts';
import { ScreenStatus } from './screens.ts';
import { SegmentCounts } from './segment-preview.ts';

/** A kiosk tells the hub how many check-ins wait in its offline queue: on connect and on every change. */
export const KioskStatusReport = z.strictObject({
  queued: z.number().int().min(0).max(1_000_000),
  /** The kiosk page's build (shared/build.ts); older kiosks do not send it. */
  build: z.string().min(1).max(40).optional(),
  /** Check-ins this kiosk could not keep since its page loaded: its storage refused them (full). */
  notKept: z.number().int().min(0).max(1_000_000).optional(),
});
export type KioskStatusReport = z.infer<typeof KioskStatusReport>;

/** A kiosk as the operators' board sees it. `queued` is the last length it reported (null: never). */
export const KioskStatus = z.object({
  kioskId: Id,
  name: z.string(),
  zoneId: Id,
  online: z.boolean(),
  /** The last sign of life: connecting, reporting, or going away. Null when not seen since the hub started. */
  lastSeenAt: IsoTime.nullable(),
  queued: z.number().int().nullable(),
  /** The build the kiosk last reported (null: never), and whether it is not the hub's. */
  build: z.string().nullable(),
  outdated: z.boolean(),
  /** Check-ins the kiosk could not keep (its offline storage is full), as it last reported; 0 when none. */
  notKept: z.number().int(),
});
export type KioskStatus = z.infer<typeof KioskStatus>;

export const DeviceTotals = z.object({
  screens: z.object({ online: z.number().int(), offline: z.number().int() }),
  /** `queued`: check-ins waiting in every kiosk's offline queue, offline kiosks' last known included. */
  kiosks: z.object({ online: z.number().int(), offline: z.number().int(), queued: z.number().int() }),
});
export type DeviceTotals = z.infer<typeof DeviceTotals>;

/** Live segment counts (K-suppressed) with the name an operator knows each segment by. */
export const LiveSegments = SegmentCounts.extend({ names: z.record(z.string(), z.string()) });
export type LiveSegments = z.infer<typeof LiveSegments>;

/**
 * The operators' live board, pushed to the `operators` room. `full` replaces everything held;
 * otherwise it carries only what changed since the last push (absolute values, never deltas),
 * gathered over one tick so a hundred heartbeating screens make one message, not a hundred.
 */
export const OpsUpdate = z.object({
  at: IsoTime,
  full: z.boolean(),
  screens: z.array(ScreenStatus),
  kiosks: z.array(KioskStatus),
  /** Devices gone from the board (revoked) since the last push. */
  removed: z.array(Id),
  totals: DeviceTotals.optional(),
  segments: LiveSegments.optional(),
  /** Today's check-ins by hour, so the dashboard's chart moves without fetching it again. */
  checkins: HourlyCheckins.optional(),
});
export type OpsUpdate = z.infer<typeof OpsUpdate>;
