import type { IncomingHttpHeaders } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { Namespace, Socket } from 'socket.io';
import type { ServerToClientEvents } from '#shared/events.ts';
import { RELAY_NAMESPACE, RelayArrive, RelayEvent, RelaySid, type RelayEmit, type RelayToFanoutEvents, type RelayToWriterEvents } from '#shared/relay.ts';
import type { Logger } from '../../logger.ts';
import type { Services } from '../../services.ts';
import type { SocketData } from '../event.ts';
import type { HubIo, Realtime } from '../io.ts';
import { identify } from '../io.ts';
import type { Peer } from '../peer.ts';

type Link = Socket<RelayToWriterEvents, RelayToFanoutEvents>;

/** A client held by a fan-out process: what the writer does to it goes down that process's link. */
class RemotePeer implements Peer {
  readonly rooms = new Set<string>();
  #gone: (() => void)[] = [];

  constructor(
    readonly id: string,
    readonly data: SocketData,
    readonly address: string,
    readonly headers: IncomingHttpHeaders,
    private readonly link: Link,
  ) {}

  join(rooms: string[]): void {
    for (const r of rooms) this.rooms.add(r);
    this.link.emit('relay:join', { sid: this.id, rooms });
  }

  emit<E extends keyof ServerToClientEvents>(event: E, ...args: Parameters<ServerToClientEvents[E]>): void {
    this.link.emit('relay:emit', { sid: this.id, event, args } as RelayEmit);
  }

  disconnect(): void {
    this.link.emit('relay:close', { sid: this.id });
  }

  onGone(fn: () => void): void {
    this.#gone.push(fn);
  }

  gone(): void {
    const fns = this.#gone;
    this.#gone = [];
    for (const fn of fns) fn();
  }
}

const sameKey = (given: unknown, key: string): boolean => {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(key);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * The writer's end of the relay (shared/relay.ts): fan-out processes connect to the `/relay`
 * namespace with the key the writer announced in Redis, and each client they hold becomes a
 * RemotePeer here. Admission, events, pairing and sessions then run exactly as for a local socket
 * (server/realtime/io.ts). When a link drops (its process died or restarts), its clients are gone
 * at once: their devices count as disconnected, as their sockets did. When Redis comes back after
 * an outage, every fan-out is told to resync its screens (pushes may have been lost meanwhile).
 */
export function attachWriterRelay(
  io: HubIo,
  { key, services, logger, realtime, onRedisBack }: { key: string; services: Services; logger: Logger; realtime: Realtime; onRedisBack: (fn: () => void) => void },
): { inRoom(room: string): number; stop(): void } {
  const nsp = io.of(RELAY_NAMESPACE) as unknown as Namespace<RelayToWriterEvents, RelayToFanoutEvents>;
  const all = new Set<Map<string, RemotePeer>>();
  let stopped = false;

  nsp.use((socket, next) => (sameKey((socket.handshake.auth as Record<string, unknown>).key, key) ? next() : next(new Error('wrong relay key'))));

  nsp.on('connection', (link: Link) => {
    const peers = new Map<string, RemotePeer>();
    all.add(peers);
    logger.info({ fanout: link.handshake.address, id: link.id }, 'a fan-out process linked');

    link.on('relay:hello', (_body, ack) => {
      if (typeof ack === 'function') ack({ ok: true, data: { publicUrl: services.config.publicUrl ?? null } });
    });
    link.on('relay:arrive', (body, ack) => {
      if (typeof ack !== 'function') return;
      const parsed = RelayArrive.safeParse(body);
      if (!parsed.success) return ack({ ok: false, error: 'bad relay message' });
      const { sid, auth, headers, address } = parsed.data;
      const found = identify(auth, headers, services);
      if ('error' in found) return ack({ ok: false, error: found.error });
      const data: SocketData = { principal: found.principal, ...(found.pairingKind ? { pairingKind: found.pairingKind } : {}) };
      peers.get(sid)?.gone();
      peers.set(sid, new RemotePeer(sid, data, address, headers, link));
      ack({ ok: true, data: { role: found.principal?.role ?? 'pairing' } });
    });
    link.on('relay:ready', (body) => {
      const parsed = RelaySid.safeParse(body);
      const peer = parsed.success ? peers.get(parsed.data.sid) : undefined;
      if (peer) realtime.admit(peer);
    });
    link.on('relay:event', (body, ack) => {
      const reply = typeof ack === 'function' ? ack : () => undefined;
      const parsed = RelayEvent.safeParse(body);
      if (!parsed.success) return reply({ ok: false, error: 'bad relay message' });
      const peer = peers.get(parsed.data.sid);
      if (!peer) return reply({ ok: false, error: 'this connection is not known to the hub; reconnect' });
      realtime.dispatch(peer, parsed.data.name, parsed.data.payload, reply);
    });
    link.on('relay:gone', (body) => {
      const parsed = RelaySid.safeParse(body);
      if (!parsed.success) return;
      peers.get(parsed.data.sid)?.gone();
      peers.delete(parsed.data.sid);
    });
    link.on('disconnect', (reason) => {
      all.delete(peers);
      for (const peer of peers.values()) peer.gone();
      if (!stopped) logger.warn({ id: link.id, reason, clients: peers.size }, 'a fan-out process’s link dropped; its clients count as gone');
      peers.clear();
    });
  });

  onRedisBack(() => {
    if (!stopped) nsp.local.emit('relay:resync');
  });

  return {
    inRoom: (room) => {
      let n = 0;
      for (const peers of all) for (const p of peers.values()) if (p.rooms.has(room)) n++;
      return n;
    },
    stop: () => {
      stopped = true;
      nsp.local.disconnectSockets(true);
    },
  };
}
