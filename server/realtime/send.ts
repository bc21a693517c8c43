import type { ServerToClientEvents } from '#shared/events.ts';
import type { HubIo } from './io.ts';

/** The largest message a client may send (a socket event's payload), in bytes. */
export const MAX_PAYLOAD_BYTES = 64 * 1024;

/** Room names: one per device, per zone, per role, per tenant. */
export const rooms = {
  device: (kind: 'kiosk' | 'screen', id: string) => `${kind}:${id}`,
  zone: (id: string) => `zone:${id}`,
  /** A zone's screens, sent that zone's live count (zone-count:update) and nothing of the others. */
  zoneCount: (id: string) => `zone-count:${id}`,
  tenant: (id: string) => `tenant:${id}`,
  screens: 'screens',
  kiosks: 'kiosks',
  /** The operators' panels: the live board of devices and check-ins (ops:update). */
  operators: 'operators',
  /** Content editors' panels: nothing people-, device- or shopper-related is sent here. */
  editors: 'editors',
  /** Everyone shown the mall-wide live counts (kiosks, operators, content editors): one room, so that update is one plain broadcast. Screens are not in it: each hears only its zone's count. */
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
