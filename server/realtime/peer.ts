import type { IncomingHttpHeaders } from 'node:http';
import type { ServerToClientEvents } from '#shared/events.ts';
import type { HubSocket, SocketData } from './event.ts';

/**
 * One connected client as the hub's realtime code sees it: a socket on this process, or one held
 * by a fan-out process and reached through the relay (server/realtime/relay/writer-relay.ts).
 * Admission, pairing, sessions and event handling work on this and never on the socket itself, so
 * both kinds get the same rules.
 */
export interface Peer {
  readonly id: string;
  readonly data: SocketData;
  /** The client's address as the handshake saw it. */
  readonly address: string;
  readonly headers: IncomingHttpHeaders;
  join(rooms: string[]): void;
  emit<E extends keyof ServerToClientEvents>(event: E, ...args: Parameters<ServerToClientEvents[E]>): void;
  /** Closes the client's connection (it may reconnect). */
  disconnect(): void;
  /** Runs once, when the connection ends for whatever reason. */
  onGone(fn: () => void): void;
}

/** A socket on this process as a Peer. */
export function localPeer(socket: HubSocket): Peer {
  return {
    id: socket.id,
    data: socket.data,
    address: socket.handshake.address,
    headers: socket.request.headers,
    join: (rooms) => void socket.join(rooms),
    emit: (event, ...args) => void socket.emit(event, ...args),
    disconnect: () => void socket.disconnect(true),
    onGone: (fn) => void socket.once('disconnect', fn),
  };
}
