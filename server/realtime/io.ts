import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '#shared/events.ts';
import type { Ack } from '#shared/schemas/common.ts';
import { DomainError } from '../domain/core/errors.ts';
import { CorruptDataFileError, DAMAGED_DATA_MESSAGE } from '../storage/durable-json-file.ts';
import { hasRole } from '../domain/accounts/principal.ts';
import { foreignRequest } from '../http/origin.ts';
import { principalOf } from '../http/principal.ts';
import { firstIssue } from '../http/validation.ts';
import type { Logger } from '../logger.ts';
import type { Services } from '../services.ts';
import type { EventDef, HubSocket, SocketData } from './event.ts';
import { startFeeds } from './feeds.ts';
import { offerPairing } from './pairing.ts';
import { startPlaylistFeed } from './playlist-feed.ts';
import { startDeviceControlFeed } from './device-control-feed.ts';
import { startOpsFeed } from './ops-feed.ts';
import { socketEvents } from './registry.ts';
import { helloFor } from './hello.ts';
import { rooms } from './send.ts';
import { SessionSockets } from './session-sockets.ts';

export type HubIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const MAX_PAYLOAD_BYTES = 64 * 1024;

export function attachRealtime(http: HttpServer, services: Services, logger: Logger): { io: HubIo; stop: () => void } {
  const io: HubIo = new Server(http, {
    maxHttpBufferSize: MAX_PAYLOAD_BYTES,
    serveClient: false,
    // Rule 9: no socket from another origin, whatever cookie rides along (see http/origin.ts).
    // Any method: the handshake is a GET, but it opens a channel that can change state.
    allowRequest: (req, callback) => {
      const refused = foreignRequest(req, services.config.publicUrl);
      callback(refused, refused === null);
    },
  });

  // Who is connecting: a device token, a signed-in user's cookie, or a device asking to pair.
  io.use((socket, next) => {
    const auth = (socket.handshake.auth ?? {}) as Record<string, unknown>;
    if (typeof auth.token === 'string') {
      const device = services.devices.authenticate(auth.token);
      if (!device) return next(new Error('unknown or revoked device token'));
      socket.data.principal = { role: device.kind, device };
      return next();
    }
    if (auth.pair === 'kiosk' || auth.pair === 'screen') {
      socket.data.principal = null;
      socket.data.pairingKind = auth.pair;
      return next();
    }
    const principal = principalOf(socket.request, services);
    if (!principal) return next(new Error('sign in or pair this device first'));
    socket.data.principal = principal;
    next();
  });

  const events = new Map<string, EventDef>(socketEvents.map((e) => [e.name, e]));
  const sessions = new SessionSockets(services);

  io.on('connection', (socket: HubSocket) => {
    const principal = socket.data.principal;
    if (!principal) {
      void offerPairing(socket, services, logger);
    } else if ('device' in principal) {
      const d = principal.device;
      // A screen shows its own zone's count and hears only that; a kiosk shows the mall's.
      void socket.join([rooms.device(d.kind, d.id), rooms.zone(d.zoneId), ...(d.kind === 'screen' ? [rooms.screens, rooms.zoneCount(d.zoneId)] : [rooms.kiosks, rooms.counts])]);
      services.devices.connected(d.id, 1);
      if (d.kind === 'kiosk') services.kioskHealth.seen(d.id);
      if (d.kind === 'screen') services.screenHealth.opened(d.id);
      // Tells the device who it is, so a reloaded page knows its own id without another round trip.
      socket.emit('device:hello', helloFor(d, true, services));
      socket.on('disconnect', () => {
        services.devices.connected(d.id, -1);
        if (d.kind === 'kiosk') services.kioskHealth.seen(d.id);
      });
    } else if (principal.role === 'tenant') {
      sessions.bind(socket);
      void socket.join(rooms.tenant(principal.tenantId));
    } else if (principal.role === 'operator') {
      sessions.bind(socket);
      void socket.join([rooms.operators, rooms.counts]);
    } else {
      // A content editor hears live counts (K-safe, for promotions' audiences), never the
      // operators' board of screens, kiosks and check-ins.
      sessions.bind(socket);
      void socket.join([rooms.editors, rooms.counts]);
    }

    socket.onAny((name: string, ...args: unknown[]) => {
      const ack = args.at(-1);
      const reply = typeof ack === 'function' ? (ack as (a: Ack<unknown>) => void) : () => undefined;
      const def = events.get(name);
      if (!def) return reply({ ok: false, error: `unknown event ${name}` });
      // The session may have ended since the handshake: check again before every event.
      if (!sessions.stillSignedIn(socket)) return reply({ ok: false, error: 'your session has ended; sign in again' });
      const started = performance.now();
      void handle(def, socket, services, args.length > 1 ? args[0] : undefined, logger).then((answer) => {
        services.metrics.socketEvent(name, (performance.now() - started) / 1000, answer.ok);
        reply(answer);
      });
    });
  });

  const stopFeeds = startFeeds(io, services);
  const stopPlaylists = startPlaylistFeed(io, services);
  const stopDeviceControl = startDeviceControlFeed(io, services);
  const stopOps = startOpsFeed(io, services);
  return {
    io,
    stop: () => {
      sessions.stop();
      stopFeeds();
      stopPlaylists();
      stopDeviceControl();
      stopOps();
    },
  };
}

async function handle(def: EventDef, socket: HubSocket, services: Services, payload: unknown, logger: Logger): Promise<Ack<unknown>> {
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
