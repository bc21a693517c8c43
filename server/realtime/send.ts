import type { ServerToClientEvents } from '#shared/events.ts';
import type { HubIo } from './io.ts';

/** Room names: one per device, per zone, per role, per tenant. */
export const rooms = {
  device: (kind: 'kiosk' | 'screen', id: string) => `${kind}:${id}`,
  zone: (id: string) => `zone:${id}`,
  tenant: (id: string) => `tenant:${id}`,
  screens: 'screens',
  kiosks: 'kiosks',
  operators: 'operators',
  /** Everyone shown live counts (screens, kiosks, operators): one room, so a count update is one plain broadcast. */
  counts: 'counts',
} as const;

/** The one way the hub pushes to clients: a typed event to one or more rooms. */
export function send<E extends keyof ServerToClientEvents>(
  io: HubIo,
  room: string | string[],
  event: E,
  ...args: Parameters<ServerToClientEvents[E]>
): void {
  io.to(room).emit(event, ...args);
}
