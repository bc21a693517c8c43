import type { ServerToClientEvents } from '../../shared/events.ts';
import type { HubIo } from './io.ts';

/** Room names: one per device, per zone, per role, per tenant. */
export const rooms = {
  device: (kind: 'kiosk' | 'screen', id: string) => `${kind}:${id}`,
  zone: (id: string) => `zone:${id}`,
  tenant: (id: string) => `tenant:${id}`,
  screens: 'screens',
  kiosks: 'kiosks',
  operators: 'operators',
  /**
   * Everyone shown live counts (screens, kiosks, operators), spread over COUNT_PARTS rooms so a
   * count update goes out in parts (see sendInTurns); each part is one plain broadcast.
   */
  counts: (part: number) => `counts:${part % COUNT_PARTS}`,
} as const;

/** How many rooms the count watchers are spread over: ~60 sockets each with 500 screens. */
export const COUNT_PARTS = 8;
export const allCountRooms = Array.from({ length: COUNT_PARTS }, (_, i) => rooms.counts(i));

/** The one way the hub pushes to clients: a typed event to one or more rooms. */
export function send<E extends keyof ServerToClientEvents>(
  io: HubIo,
  room: string | string[],
  event: E,
  ...args: Parameters<ServerToClientEvents[E]>
): void {
  io.to(room).emit(event, ...args);
}

/**
 * The same event to several rooms, one room per turn of the event loop. One broadcast to 500
 * sockets holds the loop for ~10 ms (see DESIGN.md, measured facts): every check-in arriving
 * meanwhile waits that long for its ack. In parts, check-ins that arrive are read and answered
 * between them (setImmediate runs after the loop has polled for I/O).
 */
export function sendInTurns<E extends keyof ServerToClientEvents>(
  io: HubIo,
  roomsInTurn: readonly string[],
  event: E,
  ...args: Parameters<ServerToClientEvents[E]>
): void {
  let i = 0;
  const next = () => {
    send(io, roomsInTurn[i++], event, ...args);
    if (i < roomsInTurn.length) setImmediate(next);
  };
  if (roomsInTurn.length) next();
}
