/**
 * The relay: how a fan-out hub process hands its sockets' business to the writer (docs/cluster.md).
 * One Socket.io connection per fan-out process, to the writer's `/relay` namespace, opened with
 * the key the writer announced in Redis. The fan-out says when a socket arrives, what it asks and
 * when it goes; the writer answers and tells the fan-out which rooms a socket joins, what to send
 * to it alone and when to close it. Broadcasts to rooms do not come this way: they go through Redis.
 */
import { z } from 'zod';
import type { Ack, AckFn } from './schemas/common.ts';
import type { ServerToClientEvents } from './events.ts';

export const RELAY_NAMESPACE = '/relay';

/** The headers of a socket's handshake that the writer reads: its session cookie, a bearer token. */
const Headers = z.record(z.string(), z.string().max(8192));

/** A socket arrived at the fan-out: who is it? (Its handshake's auth object and headers.) */
export const RelayArrive = z.strictObject({
  sid: z.string().min(1).max(64),
  auth: z.record(z.string(), z.unknown()),
  headers: Headers,
  address: z.string().max(64),
});
export type RelayArrive = z.infer<typeof RelayArrive>;

/** A socket of the fan-out asks something: the event's name and payload, as the device sent them. */
export const RelayEvent = z.strictObject({ sid: z.string().min(1).max(64), name: z.string().min(1).max(64), payload: z.unknown() });
export type RelayEvent = z.infer<typeof RelayEvent>;

export const RelaySid = z.strictObject({ sid: z.string().min(1).max(64) });
export type RelaySid = z.infer<typeof RelaySid>;

/** Who the writer found: the role, for the fan-out's own resync (screens ask for their playlist again). */
export interface RelayAdmitted {
  role: string;
}

/** What the writer says about itself when a fan-out connects. */
export interface RelayWelcome {
  /** The mall's public address, for the fan-out's same-origin check of handshakes (rule 9). */
  publicUrl: string | null;
}

export interface RelayToWriterEvents {
  'relay:hello': (body: Record<string, never>, ack: AckFn<RelayWelcome>) => void;
  'relay:arrive': (body: RelayArrive, ack: AckFn<RelayAdmitted>) => void;
  /** The socket is connected at the fan-out: the writer may now join it to rooms and send to it. */
  'relay:ready': (body: RelaySid) => void;
  'relay:event': (body: RelayEvent, ack: (answer: Ack<unknown>) => void) => void;
  'relay:gone': (body: RelaySid) => void;
}

export type RelayEmit = { [E in keyof ServerToClientEvents]: { sid: string; event: E; args: Parameters<ServerToClientEvents[E]> } }[keyof ServerToClientEvents];

export interface RelayToFanoutEvents {
  'relay:join': (body: { sid: string; rooms: string[] }) => void;
  'relay:emit': (body: RelayEmit) => void;
  'relay:close': (body: RelaySid) => void;
  /** The writer's Redis came back: pushes may have been lost meanwhile; resync every screen. */
  'relay:resync': () => void;
}
