import type { Socket } from 'socket.io';
import type { z } from 'zod';
import type { Role } from '#shared/constants.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '#shared/events.ts';
import type { Principal } from '../domain/accounts/principal.ts';
import type { Services } from '../services.ts';
import type { Peer } from './peer.ts';

export interface SocketData {
  principal: Principal | null;
  /** For a device that asked to pair: the kind it will become. */
  pairingKind?: 'kiosk' | 'screen';
  pairingId?: string;
  /** For a signed-in user: the hash of their session's id, so the socket ends with the session. */
  sessionHash?: string;
}

export type HubSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

type Payload<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[0];
type AckData<E extends keyof ClientToServerEvents> =
  Parameters<ClientToServerEvents[E]>[1] extends (ack: infer A) => void ? (A extends { ok: true; data: infer D } ? D : never) : never;

export interface EventContext {
  services: Services;
  principal: Principal;
  /** The asking client: a socket here, or one a fan-out process holds (server/realtime/peer.ts). */
  socket: Peer;
}

/** One client→server event: who may send it, its payload schema, and what it does. */
export interface EventDef<E extends keyof ClientToServerEvents = keyof ClientToServerEvents> {
  name: E;
  roles: readonly Role[];
  schema: z.ZodType<Payload<E>>;
  handler: (ctx: EventContext, payload: Payload<E>) => Promise<AckData<E>> | AckData<E>;
}

export const event = <E extends keyof ClientToServerEvents>(def: EventDef<E>): EventDef => def as unknown as EventDef;
