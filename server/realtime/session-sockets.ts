import { sha256 } from '../domain/core/ids.ts';
import { sessionIdOf } from '../http/principal.ts';
import type { Services } from '../services.ts';
import type { Peer } from './peer.ts';

/**
 * Rule 9: a signed-in user's sockets end with their session. Each socket opened with a session
 * cookie is filed under the hash of that session's id; logout, password resets and a user
 * disabled, deleted or given another role (`sessions.ended`) close them at once, and a timer closes them when the session expires.
 * `stillSignedIn` lets each event check again, for whatever ends a session without an event.
 */
export class SessionSockets {
  readonly #bySession = new Map<string, Set<Peer>>();
  readonly #onEnded = ({ idHashes }: { idHashes: string[] }) => {
    for (const hash of idHashes) for (const socket of this.#bySession.get(hash) ?? []) socket.disconnect();
  };

  constructor(private readonly services: Services) {
    services.bus.on('sessions.ended', this.#onEnded);
  }

  /** Files a socket under its handshake's session cookie, if it came with one and it is live. */
  bind(socket: Peer): void {
    const sessionId = sessionIdOf(socket);
    if (!sessionId || socket.headers.authorization?.startsWith('Bearer ')) return;
    const hash = sha256(sessionId);
    const session = this.services.accounts.session(hash);
    if (!session) return;
    socket.data.sessionHash = hash;
    let set = this.#bySession.get(hash);
    if (!set) this.#bySession.set(hash, (set = new Set()));
    set.add(socket);
    // setTimeout holds at most ~24.8 days; a session is hours long.
    const expiry = setTimeout(() => socket.disconnect(), Math.max(0, session.expiresAt.getTime() - Date.now()));
    socket.onGone(() => {
      clearTimeout(expiry);
      set.delete(socket);
      if (set.size === 0) this.#bySession.delete(hash);
    });
  }

  /** Whether a socket bound to a session may still act; closes it if not. */
  stillSignedIn(socket: Peer): boolean {
    const hash = socket.data.sessionHash;
    if (hash === undefined || this.services.accounts.session(hash)) return true;
    socket.disconnect();
    return false;
  }

  stop(): void {
    this.services.bus.off('sessions.ended', this.#onEnded);
  }
}
