/**
 * A separate process holding many screen sockets (real Socket.io clients, one connection each), so
 * receiving a copy of every update does not share an event loop with the load generator. The
 * bench spreads its screens over two or more of these, as the clients of the floor are spread.
 *
 * Receipts are kept per broadcast (the payload's `at`) and per scope: 'mall' for the mall-wide
 * `presence:update`, the zone's id for a zone's own count (`zone-count:update`), so a check-in's
 * "last screen that needs the change" can be read for the screens that were sent it.
 *
 * Protocol over IPC: parent sends {start:{url,screens}} → 'ready'; {collect:true} → the receipts
 * so far; {stop:true} → exit.
 */
import { io, type Socket } from 'socket.io-client';
import { SCREEN_UPDATE_EVENT, ZONE_UPDATE_EVENT, receiptKey, updateKey } from '../lib/events.ts';
import { now } from '../lib/stats.ts';

export interface Receipt {
  key: string;
  count: number;
  first: number;
  last: number;
}

export interface ScreenSpec {
  token: string;
  zoneId: string;
}

export type ToScreens = { start: { url: string; screens: ScreenSpec[] } } | { collect: true } | { stop: true };
export type FromScreens = { ready: number } | { error: string } | { receipts: Receipt[]; events: Record<string, number> };

const send = (m: FromScreens) => process.send!(m);
let sockets: Socket[] = [];
let receipts = new Map<string, Receipt>();
/** Every message the screens received since the last collect, by event: what the fan-out cost in socket writes. */
let events: Record<string, number> = {};

function note(key: string): void {
  const t = now();
  const r = receipts.get(key);
  if (r) {
    r.count++;
    r.last = t;
  } else receipts.set(key, { key, count: 1, first: t, last: t });
}

async function start(url: string, screens: ScreenSpec[]): Promise<void> {
  // Connect in batches so the server is not hit by hundreds of handshakes in one burst.
  for (let i = 0; i < screens.length; i += 50) {
    await Promise.all(
      screens.slice(i, i + 50).map(
        ({ token, zoneId }) =>
          new Promise<void>((resolve, reject) => {
            const s = io(url, { auth: { token }, forceNew: true, transports: ['websocket'], reconnection: false });
            sockets.push(s);
            s.onAny((event: string) => (events[event] = (events[event] ?? 0) + 1));
            s.on(SCREEN_UPDATE_EVENT, (payload: unknown) => note(receiptKey(updateKey(payload), 'mall')));
            s.on(ZONE_UPDATE_EVENT, (payload: unknown) => note(receiptKey(updateKey(payload), zoneId)));
            s.once('connect', () => resolve());
            s.once('connect_error', (e) => reject(e));
          }),
      ),
    );
  }
  send({ ready: sockets.filter((s) => s.connected).length });
}

process.on('message', (m: ToScreens) => {
  if ('start' in m) start(m.start.url, m.start.screens).catch((e: Error) => send({ error: e.message }));
  else if ('collect' in m) {
    send({ receipts: [...receipts.values()], events });
    receipts = new Map();
    events = {};
  } else if ('stop' in m) {
    for (const s of sockets) s.close();
    sockets = [];
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
