/**
 * The floor: a bare Socket.io server in its own process, with none of the hub's work. Measured in
 * the same run as the hub, with the same screen sockets (same client processes), the same payload
 * and the same tick, so the hub's figures can be read as ratios to what Socket.io itself costs on
 * this machine at that moment.
 *
 * - Broadcast floor: every `tickMs` one `presence:update`-shaped payload (the hub's own shape and
 *   size, its `at` the send time) to every connected socket, as one plain `io.emit`.
 * - Ack floor: `checkin:tap` appends one journal-sized line to a file opened O_DSYNC (the write is
 *   its fdatasync, as the hub's journal does), and acks — the least a check-in that is acknowledged
 *   on disk can cost, plus the loopback socket round trip.
 *
 * Protocol over IPC: parent sends {start:{dir}} → {ready:{url}}; {tick:{ms,zones}} starts the
 * broadcasts; {stop:true} → exit. Same server options as the hub where they touch the wire.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { Server } from 'socket.io';

export type ToFloor = { start: { dir: string } } | { tick: { ms: number; k: number; zones: string[] } } | { untick: true } | { stop: true };
export type FromFloor = { ready: { url: string } } | { error: string } | { ticking: true };

const send = (m: FromFloor) => process.send!(m);

/** About the size of one of the hub's journal lines (a visit with its frame and checksum). */
const LINE = `${JSON.stringify({ t: 'visit', v: { id: '00000000-0000-4000-8000-000000000000', at: new Date().toISOString(), shopperId: '00000000-0000-4000-8000-000000000000', zoneId: 'food-court', touchpoint: 'kiosk:00000000-0000-4000-8000-000000000000' } })}\t00000000\n`;

let timer: NodeJS.Timeout | null = null;

async function start(dir: string): Promise<void> {
  const http = createServer();
  const io = new Server(http, { serveClient: false, maxHttpBufferSize: 64 * 1024 });
  const journal = await open(join(dir, 'floor-journal.log'), constants.O_APPEND | constants.O_CREAT | constants.O_WRONLY | constants.O_DSYNC);
  io.on('connection', (socket) => {
    socket.on('checkin:tap', async (_tap: unknown, ack: (a: unknown) => void) => {
      await journal.write(LINE);
      ack({ ok: true, data: { status: 'welcome' } });
    });
  });
  process.on('message', (m: ToFloor) => {
    if ('tick' in m) {
      const { ms, k, zones } = m.tick;
      let n = 1000;
      if (timer) clearInterval(timer);
      timer = setInterval(() => {
        n++;
        io.emit('presence:update', { at: new Date().toISOString(), k, present: n, zones: Object.fromEntries(zones.map((z, i) => [z, n + i])) });
      }, ms);
      send({ ticking: true });
    } else if ('untick' in m) {
      if (timer) clearInterval(timer);
      timer = null;
    } else if ('stop' in m) {
      if (timer) clearInterval(timer);
      io.close();
      void journal.close().then(() => process.exit(0));
    }
  });
  http.listen(0, '127.0.0.1', () => {
    const { port } = http.address() as { port: number };
    send({ ready: { url: `http://127.0.0.1:${port}` } });
  });
}

process.once('message', (m: ToFloor) => {
  if ('start' in m) start(m.start.dir).catch((e: Error) => send({ error: e.message }));
});
process.on('disconnect', () => process.exit(0));
