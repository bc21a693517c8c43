import type { ServerToClientEvents } from '#shared/events.ts';

/**
 * The push a screen receives when a check-in changes what it shows. Today that is the live count;
 * when signage lands it becomes 'playlist:update' — change it here and every fan-out figure follows.
 */
export const SCREEN_UPDATE_EVENT = 'presence:update' satisfies keyof ServerToClientEvents;

/** Each screen update carries the hub's time of sending; it also identifies one broadcast. */
export const updateKey = (payload: unknown): string => String((payload as { at?: unknown }).at);
