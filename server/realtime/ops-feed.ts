import { OpsChanges, opsSnapshot } from '../domain/devices/ops-board.ts';
import type { Services } from '../services.ts';
import type { HubIo } from './io.ts';
import { rooms, send } from './send.ts';

/**
 * Pushes the operators' live board. Once a tick it compares the board with what was last sent
 * and sends one `ops:update` with only the screens, kiosks, totals and counts that differ — so a
 * hundred screens heartbeating make one small message a tick, and a screen whose heartbeats stop
 * shows offline within a tick of it being judged so, without anyone asking. With no operator
 * connected it does nothing; an operator who connects asks for the whole board (`ops:get`).
 */
export function startOpsFeed(io: HubIo, services: Services, listening: (room: string) => number = (room) => io.sockets.adapter.rooms.get(room)?.size ?? 0): () => void {
  const changes = new OpsChanges();
  const tick = () => {
    // Operators' panels connected here or, in a cluster, to a fan-out process (server/realtime/io.ts).
    if (!listening(rooms.operators)) return changes.reset();
    const update = changes.since(opsSnapshot(services));
    if (update) send(io, rooms.operators, 'ops:update', update);
  };
  const timer = setInterval(tick, services.config.statusTickMs);
  timer.unref();
  return () => clearInterval(timer);
}
