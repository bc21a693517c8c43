import type { Server as HttpServer, IncomingMessage } from 'node:http';
import ipaddr from 'ipaddr.js';
import { Server, type ServerOptions, type Socket } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '#shared/events.ts';
import type { Ack } from '#shared/schemas/common.ts';
import { RELAY_NAMESPACE, type RelayAdmitted, type RelayArrive, type RelayWelcome, type RelayToFanoutEvents, type RelayToWriterEvents } from '#shared/relay.ts';
import type { PresenceUpdate } from '#shared/schemas/presence.ts';
import type { Playlist } from '#shared/schemas/promotions.ts';
import { foreignRequest } from '../../http/origin.ts';
import type { Logger } from '../../logger.ts';
import { MAX_PAYLOAD_BYTES, rooms } from '../send.ts';

type Link = ClientSocket<RelayToFanoutEvents, RelayToWriterEvents>;
interface FanoutData {
  /** The role the writer found for this socket ('screen', 'kiosk', 'operator', …, or 'pairing'). */
  role: string;
  arrive: RelayArrive;
}
export type FanoutIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, FanoutData>;
type FanoutSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, FanoutData>;

/** How long a device's event may wait for the writer's answer before the device is told to try again. */
const EVENT_TIMEOUT_MS = 10_000;
/** The headers of a handshake the writer reads (shared/relay.ts). */
const FORWARDED_HEADERS = ['cookie', 'authorization'] as const;

/** How long after the writer refused the link it is asked again (ms): about its reconnection delay. */
const REFUSED_RETRY_MS = 1000;

const UNREACHABLE = 'the hub is out of reach for a moment; try again';

/**
 * The device's own address: behind the load balancer on this machine every socket comes from
 * loopback, so the first X-Forwarded-For entry names the device (the same trust as Express's
 * `trust proxy: 'loopback'`). The writer limits pairing attempts per address.
 */
function clientAddress(req: IncomingMessage): string {
  const remote = req.socket.remoteAddress ?? '';
  const forwarded = req.headers['x-forwarded-for'];
  if (typeof forwarded === 'string' && ipaddr.isValid(remote) && ipaddr.process(remote).range() === 'loopback') {
    const first = forwarded.split(',')[0].trim();
    if (ipaddr.isValid(first)) return first;
  }
  return remote;
}

/**
 * A fan-out process's sockets (docs/cluster.md). Screens, kiosks and panels connect here through
 * the load balancer; this process decides nothing. Each handshake is passed to the writer over
 * one relay link (shared/relay.ts) and refused with the writer's reason; each event a socket sends
 * is passed on and the writer's answer is its ack. The writer's pushes arrive through the Redis
 * adapter (rooms) or down the link (one socket: its hello, a pairing code, a close).
 *
 * When the link drops, sockets here stay connected (screens keep playing) but events are answered
 * with "try again" and new sockets are refused until it is back; then every socket here is
 * introduced to the writer again. When Redis comes back after an outage (here or at the writer),
 * every screen here is sent its playlist and the counts afresh, as pushes may have been lost.
 */
export function attachFanoutRealtime(
  http: HttpServer,
  { writerUrl, relayKey, adapter, logger }: { writerUrl: string; relayKey: () => Promise<string>; adapter: ServerOptions['adapter']; logger: Logger },
): { io: FanoutIo; linked(): boolean; resync(): Promise<void>; close(): Promise<void> } {
  let publicUrl: string | undefined;
  const io: FanoutIo = new Server(http, {
    maxHttpBufferSize: MAX_PAYLOAD_BYTES,
    serveClient: false,
    adapter,
    // Rule 9, as on the writer, with the mall's public address the writer gave.
    allowRequest: (req, callback) => {
      // Without the writer nothing can be admitted. Refused here, at the transport, a client
      // retries on its own (a refusal by the handshake's middleware would leave it waiting).
      if (!link.connected) return callback(UNREACHABLE, false);
      const refused = foreignRequest(req, publicUrl);
      callback(refused, refused === null);
    },
  });

  const link: Link = connect(`${writerUrl}${RELAY_NAMESPACE}`, {
    transports: ['websocket'],
    auth: (cb) => void relayKey().then((key) => cb({ key }), () => cb({})),
    reconnectionDelay: 200,
    reconnectionDelayMax: 2000,
  });
  let firstLink = true;
  let closed = false;
  let refusedRetry: NodeJS.Timeout | undefined;

  /** One question to the writer; "try again" when the link is down or the answer is late. */
  const ask = async <T>(question: Promise<Ack<T>>): Promise<Ack<T>> => {
    try {
      return await question;
    } catch {
      return { ok: false, error: UNREACHABLE };
    }
  };
  const offline = <T>(): Promise<Ack<T>> => Promise.resolve({ ok: false, error: UNREACHABLE });
  const arrive = (body: RelayArrive) => (link.connected ? (ask(link.timeout(5000).emitWithAck('relay:arrive', body)) as Promise<Ack<RelayAdmitted>>) : offline<RelayAdmitted>());
  const relayEvent = <T>(sid: string, name: string, payload: unknown): Promise<Ack<T>> =>
    link.connected ? (ask(link.timeout(EVENT_TIMEOUT_MS).emitWithAck('relay:event', { sid, name, payload })) as Promise<Ack<T>>) : offline<T>();

  io.use((socket, next) => {
    const headers: Record<string, string> = {};
    for (const h of FORWARDED_HEADERS) {
      const v = socket.request.headers[h];
      if (typeof v === 'string') headers[h] = v;
    }
    const body: RelayArrive = { sid: socket.id, auth: (socket.handshake.auth ?? {}) as Record<string, unknown>, headers, address: clientAddress(socket.request) };
    void arrive(body).then((answer) => {
      if (!answer.ok) return next(new Error(answer.error));
      socket.data.role = answer.data.role;
      socket.data.arrive = body;
      next();
    });
  });

  io.on('connection', (socket: FanoutSocket) => {
    link.emit('relay:ready', { sid: socket.id });
    socket.onAny((name: string, ...args: unknown[]) => {
      const ack = args.at(-1);
      const reply = typeof ack === 'function' ? (ack as (a: Ack<unknown>) => void) : () => undefined;
      void relayEvent(socket.id, name, args.length > 1 ? args[0] : undefined).then(reply);
    });
    socket.on('disconnect', () => {
      if (link.connected) link.emit('relay:gone', { sid: socket.id });
    });
  });

  const local = (sid: string) => io.sockets.sockets.get(sid);
  link.on('relay:join', ({ sid, rooms: joined }) => void local(sid)?.join(joined));
  link.on('relay:emit', ({ sid, event, args }) => {
    const socket = local(sid);
    if (socket) (socket.emit as (e: string, ...a: unknown[]) => boolean)(event, ...args);
  });
  link.on('relay:close', ({ sid }) => void local(sid)?.disconnect(true));
  link.on('relay:resync', () => void resync());

  link.on('connect', () => {
    void (ask(link.timeout(5000).emitWithAck('relay:hello', {})) as Promise<Ack<RelayWelcome>>).then((welcome) => {
      if (welcome.ok) publicUrl = welcome.data.publicUrl ?? undefined;
    });
    if (firstLink) {
      firstLink = false;
      logger.info({ writer: writerUrl }, 'linked to the writer');
      return;
    }
    // The writer forgot this process's sockets when the link dropped (or it restarted): introduce them again.
    logger.info({ writer: writerUrl, sockets: io.sockets.sockets.size }, 'link to the writer back; re-introducing this process’s sockets');
    void reintroduce();
  });
  link.on('disconnect', (reason) => logger.warn({ reason }, 'link to the writer dropped; new sockets are refused until it is back'));
  link.on('connect_error', (e) => {
    // A refusal by the writer's relay (a key it no longer holds: it restarted and has not yet
    // announced the new one) is final to Socket.io's client, which retries only lost transports.
    // Ask again, reading the key afresh, for as long as this process runs.
    if (!link.active && !closed) {
      logger.warn({ err: e.message }, 'the writer refused the link; asking again with the key it announces');
      refusedRetry = setTimeout(() => !closed && link.connect(), REFUSED_RETRY_MS);
    } else logger.debug({ err: e.message }, 'cannot reach the writer yet');
  });

  async function reintroduce(): Promise<void> {
    for (const socket of io.sockets.sockets.values()) {
      const answer = await arrive(socket.data.arrive);
      if (!answer.ok) {
        socket.disconnect(true);
        continue;
      }
      socket.data.role = answer.data.role;
      link.emit('relay:ready', { sid: socket.id });
    }
    await resync();
  }

  /** Every screen here gets its playlist again, and every count watcher the counts. */
  async function resync(): Promise<void> {
    const sockets = [...io.sockets.sockets.values()];
    const watcher = sockets.find((s) => ['screen', 'kiosk', 'operator', 'editor'].includes(s.data.role));
    if (watcher) {
      const counts = await relayEvent<PresenceUpdate>(watcher.id, 'presence:get', {});
      if (counts.ok) {
        io.local.to(rooms.counts).emit('presence:update', counts.data);
        // Screens hear only their own zone's count (zone-count:update), so each zone's goes to its room.
        const { at, k, zones } = counts.data;
        for (const [zoneId, count] of Object.entries(zones)) io.local.to(rooms.zoneCount(zoneId)).emit('zone-count:update', { at, k, zoneId, count });
      }
    }
    await Promise.all(
      sockets
        .filter((s) => s.data.role === 'screen')
        .map(async (s) => {
          const playlist = await relayEvent<Playlist>(s.id, 'playlist:get', {});
          if (playlist.ok) s.emit('playlist:update', playlist.data);
        }),
    );
  }

  return {
    io,
    linked: () => link.connected,
    resync,
    close: async () => {
      closed = true;
      clearTimeout(refusedRetry);
      link.close();
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}
