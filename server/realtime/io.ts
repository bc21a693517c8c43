import type { Server as HttpServer } from 'node:http';
import { Server, type ServerOptions } from 'socket.io';
import type { IncomingHttpHeaders } from 'node:http';
import type { ClientToServerEvents, ServerToClientEvents } from '#shared/events.ts';
import type { Ack } from '#shared/schemas/common.ts';
import { DomainError } from '../domain/core/errors.ts';
import { CorruptDataFileError, DAMAGED_DATA_MESSAGE } from '../storage/durable-json-file.ts';
import { hasRole, type Principal } from '../domain/accounts/principal.ts';
import { foreignRequest } from '../http/origin.ts';
import { principalOf } from '../http/principal.ts';
import { firstIssue } from '../http/validation.ts';
import type { Logger } from '../logger.ts';
import type { Services } from '../services.ts';
import type { EventDef, HubSocket, SocketData } from './event.ts';
import { startFeeds } from './feeds.ts';
import { PairingOffers } from './pairing.ts';
import { startPlaylistFeed } from './playlist-feed.ts';
import { slicedAdapter } from './sliced-adapter.ts';
import { startDeviceControlFeed } from './device-control-feed.ts';
import { startOpsFeed } from './ops-feed.ts';
import { socketEvents } from './registry.ts';
import { helloFor } from './hello.ts';
import { MAX_PAYLOAD_BYTES, rooms } from './send.ts';
import { SessionSockets } from './session-sockets.ts';
import { localPeer, type Peer } from './peer.ts';
import { attachWriterRelay } from './relay/writer-relay.ts';

export type HubIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;


/** For a writer in a cluster (docs/cluster.md): the Redis adapter, and the key fan-out processes' relay links give. */
export interface WriterCluster {
  adapter: ServerOptions['adapter'];
  relayKey: string;
  /** Registers what to do when Redis comes back after an outage. */
  onRedisBack(fn: () => void): void;
}

/** Who a handshake is from: a device, a signed-in user, a device asking to pair; or why not. */
export type Identified = { principal: Principal; pairingKind?: undefined } | { principal: null; pairingKind: 'kiosk' | 'screen' } | { error: string };

/** Reads a handshake's auth object and headers (a device token, a session cookie, a wish to pair). */
export function identify(auth: Record<string, unknown>, headers: IncomingHttpHeaders, services: Services): Identified {
  if (typeof auth.token === 'string') {
    const device = services.devices.authenticate(auth.token);
    if (!device) return { error: 'unknown or revoked device token' };
    return { principal: { role: device.kind, device } };
  }
  if (auth.pair === 'kiosk' || auth.pair === 'screen') return { principal: null, pairingKind: auth.pair };
  const principal = principalOf({ headers }, services);
  if (!principal) return { error: 'sign in or pair this device first' };
  return { principal };
}

/** What the hub does for a client once it is connected, and how it answers its events: the same for a socket here and one a fan-out process holds. */
export interface Realtime {
  admit(peer: Peer): void;
  dispatch(peer: Peer, name: string, payload: unknown, reply: (answer: Ack<unknown>) => void): void;
}

export function attachRealtime(http: HttpServer, services: Services, logger: Logger, cluster?: WriterCluster): { io: HubIo; stop: () => void } {
  const io: HubIo = new Server(http, {
    maxHttpBufferSize: MAX_PAYLOAD_BYTES,
    serveClient: false,
    // One process: broadcasts are sliced so acks go out between them (sliced-adapter.ts).
    ...(cluster ? { adapter: cluster.adapter } : services.config.socketsPerTurn > 0 ? { adapter: slicedAdapter(services.config.socketsPerTurn) } : {}),
    // Rule 9: no socket from another origin, whatever cookie rides along (see http/origin.ts).
    // Any method: the handshake is a GET, but it opens a channel that can change state.
    allowRequest: (req, callback) => {
      const refused = foreignRequest(req, services.config.publicUrl);
      callback(refused, refused === null);
    },
  });

  // Who is connecting: a device token, a signed-in user's cookie, or a device asking to pair.
  io.use((socket, next) => {
    const found = identify((socket.handshake.auth ?? {}) as Record<string, unknown>, socket.request.headers, services);
    if ('error' in found) return next(new Error(found.error));
    socket.data.principal = found.principal;
    if (found.pairingKind) socket.data.pairingKind = found.pairingKind;
    next();
  });

  const events = new Map<string, EventDef>(socketEvents.map((e) => [e.name, e]));
  const sessions = new SessionSockets(services);
  const pairings = new PairingOffers(services, logger);

  const realtime: Realtime = {
    admit(peer) {
      const principal = peer.data.principal;
      if (!principal) {
        void pairings.offer(peer);
      } else if ('device' in principal) {
        const d = principal.device;
        // A screen shows its own zone's count and hears only that; a kiosk shows the mall's.
        peer.join([rooms.device(d.kind, d.id), rooms.zone(d.zoneId), ...(d.kind === 'screen' ? [rooms.screens, rooms.zoneCount(d.zoneId)] : [rooms.kiosks, rooms.counts])]);
        services.devices.connected(d.id, 1);
        if (d.kind === 'kiosk') services.kioskHealth.seen(d.id);
        if (d.kind === 'screen') services.screenHealth.opened(d.id);
        // Tells the device who it is, so a reloaded page knows its own id without another round trip.
        peer.emit('device:hello', helloFor(d, true, services));
        peer.onGone(() => {
          services.devices.connected(d.id, -1);
          if (d.kind === 'kiosk') services.kioskHealth.seen(d.id);
        });
      } else if (principal.role === 'tenant') {
        sessions.bind(peer);
        peer.join([rooms.tenant(principal.tenantId)]);
      } else if (principal.role === 'operator') {
        sessions.bind(peer);
        peer.join([rooms.operators, rooms.counts]);
      } else {
        // A content editor hears live counts (K-safe, for promotions' audiences), never the
        // operators' board of screens, kiosks and check-ins.
        sessions.bind(peer);
        peer.join([rooms.editors, rooms.counts]);
      }
    },
    dispatch(peer, name, payload, reply) {
      const def = events.get(name);
      if (!def) return reply({ ok: false, error: `unknown event ${name}` });
      // The session may have ended since the handshake: check again before every event.
      if (!sessions.stillSignedIn(peer)) return reply({ ok: false, error: 'your session has ended; sign in again' });
      const started = performance.now();
      void handle(def, peer, services, payload, logger).then((answer) => {
        services.metrics.socketEvent(name, (performance.now() - started) / 1000, answer.ok);
        reply(answer);
      });
    },
  };

  io.on('connection', (socket: HubSocket) => {
    const peer = localPeer(socket);
    realtime.admit(peer);
    socket.onAny((name: string, ...args: unknown[]) => {
      const ack = args.at(-1);
      const reply = typeof ack === 'function' ? (ack as (a: Ack<unknown>) => void) : () => undefined;
      realtime.dispatch(peer, name, args.length > 1 ? args[0] : undefined, reply);
    });
  });

  // Fan-out processes' sockets, relayed here (server/realtime/relay/writer-relay.ts).
  const relay = cluster ? attachWriterRelay(io, { key: cluster.relayKey, services, logger, realtime, onRedisBack: cluster.onRedisBack }) : null;
  const listening = (room: string) => (io.sockets.adapter.rooms.get(room)?.size ?? 0) + (relay?.inRoom(room) ?? 0);

  const stopFeeds = startFeeds(io, services);
  const stopPlaylists = startPlaylistFeed(io, services);
  const stopDeviceControl = startDeviceControlFeed(io, services);
  const stopOps = startOpsFeed(io, services, listening);
  return {
    io,
    stop: () => {
      relay?.stop();
      sessions.stop();
      pairings.stop();
      stopFeeds();
      stopPlaylists();
      stopDeviceControl();
      stopOps();
    },
  };
}

async function handle(def: EventDef, socket: Peer, services: Services, payload: unknown, logger: Logger): Promise<Ack<unknown>> {
  const principal = socket.data.principal;
  if (!principal) return { ok: false, error: 'pair this device first' };
  if (!hasRole(principal, def.roles)) return { ok: false, error: 'not allowed for your role' };
  // A device revoked while connected loses every right at once, even before its socket closes.
  if ('device' in principal && (services.devices.get(principal.device.id)?.revokedAt ?? null) !== null) {
    return { ok: false, error: 'this device has been revoked' };
  }
  const parsed = def.schema.safeParse(payload);
  if (!parsed.success) {
    const { message, field } = firstIssue(parsed.error);
    return { ok: false, error: message, ...(field ? { field } : {}) };
  }
  try {
    return { ok: true, data: await def.handler({ services, principal, socket }, parsed.data as never) };
  } catch (e) {
    if (e instanceof DomainError) return { ok: false, error: e.message, ...(e.field ? { field: e.field } : {}) };
    if (e instanceof CorruptDataFileError) {
      logger.error({ file: e.file, event: def.name, reason: e.message }, 'data file damaged');
      return { ok: false, error: DAMAGED_DATA_MESSAGE };
    }
    logger.error({ err: e, event: def.name }, 'socket event failed');
    return { ok: false, error: 'something went wrong on the hub' };
  }
}
