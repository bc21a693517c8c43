import { hash, verify } from '@node-rs/argon2';
import type { Partition } from '#server/storage/partition.ts';
import type { AccountsRecord, SessionRecord, UserRecord } from '#server/storage/records.ts';
import type { DomainBus } from '../core/bus.ts';
import { DomainError } from '../core/errors.ts';
import { newToken, sha256 } from '../core/ids.ts';
import { LoginThrottle } from './login-throttle.ts';

export interface Principal {
  role: 'operator' | 'tenant';
  username: string;
  tenantId?: string;
}

const INVITE_HOURS = 72;
// Verifying against a fixed hash when the user is unknown keeps the answer time the same, so
// timing does not reveal which usernames exist.
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$R4GuqdEsiA76AcCxb4rrgA$JRzbuJQIG8atq3GmiUksfeB9gZVdZiXlAkXlehDVOGs';

export class Accounts {
  /**
   * `bus` hears `sessions.ended` whenever sessions end early (logout, password reset), so the
   * realtime layer can close their sockets; `sessionMinutes` is how long a sign-in lasts.
   */
  constructor(
    private readonly store: Partition<AccountsRecord>,
    private readonly options: { bus?: DomainBus; sessionMinutes?: number } = {},
    private readonly throttle = new LoginThrottle(),
  ) {}

  get count(): number {
    return this.store.data.users.length;
  }

  list(): readonly UserRecord[] {
    return this.store.data.users;
  }

  /**
   * Invites a new user: they get a one-time link (valid INVITE_HOURS) to set their own password.
   * Returns the link's token; only its hash is kept.
   */
  async invite(user: { username: string; role: 'operator' | 'tenant'; tenantId?: string }): Promise<string> {
    if (this.store.data.users.some((u) => u.username === user.username)) throw new DomainError('conflict', 'that username is taken', 'username');
    if (user.role === 'tenant' && !user.tenantId) throw new DomainError('invalid', 'a shop user needs a shop', 'tenantId');
    if (user.role === 'operator' && user.tenantId) throw new DomainError('invalid', 'an operator belongs to no shop', 'tenantId');
    const token = newToken();
    this.store.data.users.push({
      username: user.username,
      passwordHash: '',
      invite: { tokenHash: sha256(token), expiresAt: new Date(Date.now() + INVITE_HOURS * 3600_000).toISOString() },
      role: user.role,
      ...(user.tenantId ? { tenantId: user.tenantId } : {}),
      createdAt: new Date().toISOString(),
    });
    await this.store.commit();
    return token;
  }

  /** A new one-time link for a user who forgot their password; their sessions end. */
  async resetPassword(username: string): Promise<string> {
    const user = this.store.data.users.find((u) => u.username === username);
    if (!user) throw new DomainError('not_found', 'no such user', 'username');
    const token = newToken();
    user.invite = { tokenHash: sha256(token), expiresAt: new Date(Date.now() + INVITE_HOURS * 3600_000).toISOString() };
    const ended = this.store.data.sessions.filter((s) => s.username === username).map((s) => s.idHash);
    this.store.data.sessions = this.store.data.sessions.filter((s) => s.username !== username);
    await this.store.commit();
    this.#ended(ended);
    return token;
  }

  /** Sets the password of the user holding this one-time link, which then stops working. */
  async acceptInvite(token: string, password: string): Promise<string> {
    const tokenHash = sha256(token);
    const now = new Date().toISOString();
    const user = this.store.data.users.find((u) => u.invite?.tokenHash === tokenHash && u.invite.expiresAt > now);
    if (!user) throw new DomainError('not_found', 'this link has expired or was already used', 'token');
    user.passwordHash = await hash(password);
    delete user.invite;
    await this.store.commit();
    return user.username;
  }

  async createUser(user: { username: string; password: string; role: 'operator' | 'tenant'; tenantId?: string }): Promise<void> {
    if (this.store.data.users.some((u) => u.username === user.username)) {
      throw new DomainError('conflict', 'that username is taken', 'username');
    }
    if (user.role === 'tenant' && !user.tenantId) throw new DomainError('invalid', 'a tenant user needs a store', 'tenantId');
    const record: UserRecord = {
      username: user.username,
      passwordHash: await hash(user.password),
      role: user.role,
      ...(user.tenantId ? { tenantId: user.tenantId } : {}),
      createdAt: new Date().toISOString(),
    };
    this.store.data.users.push(record);
    await this.store.commit();
  }

  /**
   * Returns a new session id (the cookie value), or throws 'unauthorized' for any wrong detail.
   * `address` is the caller's network address: guesses are budgeted per (username, address)
   * before the password is checked (see LoginThrottle), so past the budget it throws
   * RateLimited without checking.
   */
  async login(username: string, password: string, address: string): Promise<{ sessionId: string; principal: Principal; expiresAt: Date }> {
    const attempt = await this.throttle.take(username, address);
    const user = this.store.data.users.find((u) => u.username === username);
    const ok = await verify(user?.passwordHash || DUMMY_HASH, password).catch(() => false);
    if (!user || !ok) {
      await attempt.failed();
      throw new DomainError('unauthorized', 'wrong username or password');
    }
    await attempt.succeeded();
    const sessionId = newToken();
    const expiresAt = new Date(Date.now() + (this.options.sessionMinutes ?? 12 * 60) * 60_000);
    const now = new Date().toISOString();
    this.store.data.sessions = this.store.data.sessions.filter((s) => s.expiresAt > now);
    this.store.data.sessions.push({ idHash: sha256(sessionId), username, expiresAt: expiresAt.toISOString() });
    await this.store.commit();
    return { sessionId, principal: toPrincipal(user), expiresAt };
  }

  async logout(sessionId: string): Promise<void> {
    const idHash = sha256(sessionId);
    const before = this.store.data.sessions.length;
    this.store.data.sessions = this.store.data.sessions.filter((s) => s.idHash !== idHash);
    if (this.store.data.sessions.length !== before) await this.store.commit();
    this.#ended([idHash]);
  }

  /** The principal behind a session cookie, or null if it is unknown or expired. */
  authenticate(sessionId: string): Principal | null {
    return this.session(sha256(sessionId))?.principal ?? null;
  }

  /**
   * A live session by the hash of its id (what a socket keeps, never the cookie itself): who it
   * is and when it ends; null once it was ended, expired or its user is gone.
   */
  session(idHash: string): { principal: Principal; expiresAt: Date } | null {
    const session: SessionRecord | undefined = this.store.data.sessions.find((s) => s.idHash === idHash);
    if (!session || session.expiresAt <= new Date().toISOString()) return null;
    const user = this.store.data.users.find((u) => u.username === session.username);
    return user ? { principal: toPrincipal(user), expiresAt: new Date(session.expiresAt) } : null;
  }

  #ended(idHashes: string[]): void {
    if (idHashes.length) this.options.bus?.emit('sessions.ended', { idHashes });
  }
}

function toPrincipal(user: UserRecord): Principal {
  return { role: user.role, username: user.username, ...(user.tenantId ? { tenantId: user.tenantId } : {}) };
}
