/**
 * A separate process holding many screen sockets (real Socket.io clients, one connection each), so
 * receiving 500 copies of every update does not share an event loop with the load generator.
 * Protocol over IPC: parent sends {start:{url,tokens}} → 'ready'; {collect:true} → the receipts
 * so far; {stop:true} → exit.
 */
import { io, type Socket } from 'socket.io-client';
import { SCREEN_UPDATE_EVENT, updateKey } from '../lib/events.ts';
import { now } from '../lib/stats.ts';

export interface Receipt {
  key: string;
  count: number;
  first: number;
  last: number;
}

export type ToScreens = { start: { url: string; tokens: string[] } } | { collect: true } | { stop: true };
export type FromScreens = { ready: number } | { error: string } | { receipts: Receipt[] };

const send = (m: FromScreens) => process.send!(m);
let sockets: Socket[] = [];
let receipts = new Map<string, Receipt>();

function onUpdate(payload: unknown): void {
  const t = now();
  const key = updateKey(payload);
  const r = receipts.get(key);
  if (r) {
    r.count++;
    r.last = t;
  } else receipts.set(key, { key, count: 1, first: t, last: t });
}

async function start(url: string, tokens: string[]): Promise<void> {
  // Connect in batches so the hub is not hit by 500 handshakes in one burst.
  for (let i = 0; i < tokens.length; i += 50) {
    await Promise.all(
      tokens.slice(i, i + 50).map(
        (token) =>
          new Promise<void>((resolve, reject) => {
            const s = io(url, { auth: { token }, forceNew: true, transports: ['websocket'], reconnection: false });
            sockets.push(s);
            s.on(SCREEN_UPDATE_EVENT, onUpdate);
            s.once('connect', () => resolve());
            s.once('connect_error', (e) => reject(e));
          }),
      ),
    );
  }
  send({ ready: sockets.filter((s) => s.connected).length });
}

process.on('message', (m: ToScreens) => {
  if ('start' in m) start(m.start.url, m.start.tokens).catch((e: Error) => send({ error: e.message }));
  else if ('collect' in m) {
    send({ receipts: [...receipts.values()] });
    receipts = new Map();
  } else if ('stop' in m) {
    for (const s of sockets) s.close();
    sockets = [];
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
