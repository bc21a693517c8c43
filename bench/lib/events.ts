import type { ServerToClientEvents } from '#shared/events.ts';

/**
 * The pushes a screen receives when a check-in changes a count it shows: the mall-wide live count
 * (kiosks, panels, and before screens were sent only their own counts, every screen), and a zone's
 * own count, sent to that zone's screens. Change them here and every fan-out figure follows.
 */
export const SCREEN_UPDATE_EVENT = 'presence:update' satisfies keyof ServerToClientEvents;
export const ZONE_UPDATE_EVENT = 'zone-count:update' satisfies keyof ServerToClientEvents;

/** Each screen update carries the hub's time of sending; it also identifies one broadcast. */
export const updateKey = (payload: unknown): string => String((payload as { at?: unknown }).at);

/** One broadcast as the screens of one scope ('mall', or a zone's id) received it. */
export const receiptKey = (at: string, scope: string): string => `${at}|${scope}`;
