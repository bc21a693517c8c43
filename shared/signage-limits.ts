/** Signage timings and sizes both sides rely on; kept free of zod so the screen bundle stays small. */
export const HEARTBEAT_MS = 5_000;
/** A screen is offline after this many heartbeats missed. */
export const MISSED_HEARTBEATS = 3;
export const MAX_IMPRESSION_BATCH = 100;
