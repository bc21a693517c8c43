import { hash, verify } from '@node-rs/argon2';
import type { Partition } from '#server/storage/partition.ts';
import type { AccountsRecord, SessionRecord, UserRecord } from '#server/storage/records.ts';
import type { DomainBus } from '../core/bus.ts';
import { DomainError } from '../core/errors.ts';
import { newToken, sha256 } from '../core/ids.ts';
import type { Audit } from './audit.ts';
import { LoginThrottle, type Lockout } from './login-throttle.ts';

export type UserRole = UserRecord['role'];

export interface Principal {
  role: UserRole;
  username: string;
  tenantId?: string;
}

const INVITE_HOURS = 72;
// Verifying against a fixed hash when the user is unknown keeps the answer time the same, so
// timing does not reveal which usernames exist.
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$R4GuqdEsiA76AcCxb4rrgA$JRzbuJQIG8atq3GmiUksfeB9gZVdZiXlAkXlehDVOGs';

export class Accounts {
  /**
   * `bus` hears `sessions.ended` whenever sessions end early (logout, password reset, a user
   * disabled, deleted or given another role), so the realtime layer can close their sockets;
   * `sessionMinutes` is how long a sign-in lasts; `audit` records sign-ins, failed sign-ins and
   * lockouts (never a password).
   */
  constructor(
    private readonly store: Partition<AccountsRecord>,
    private readonly options: { bus?: DomainBus; sessionMinutes?: number; audit?: Audit } = {},
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
  async invite(user: { username: string; role: UserRole; tenantId?: string }): Promise<string> {
    if (this.store.data.users.some((u) => u.username === user.username)) throw new DomainError('conflict', 'that username is taken', 'username');
    if (user.role === 'tenant' && !user.tenantId) throw new DomainError('invalid', 'a shop user needs a shop', 'tenantId');
    if (user.role !== 'tenant' && user.tenantId) throw new DomainError('invalid', `an ${user.role} belongs to no shop`, 'tenantId');
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
    const ended = this.#dropSessions(username);
    await this.store.commit();
    this.#ended(ended);
    return token;
  }

  /**
   * Disables (`disabled` true) or enables a user. Disabling ends their sessions and sockets at
   * once and refuses their sign-ins until enabled. `by` is the operator asking: throws
   * forbidden unless `by` is an active operator, not_found (field username) for an unknown
   * user, conflict for disabling yourself or the last active operator. Returns false when the user was already in that state (nothing written).
   */
  async setDisabled(username: string, disabled: boolean, by: string): Promise<boolean> {
    this.#asker(by);
    const user = this.#user(username);
    if (disabled) this.#mayRemove(user, by, 'disable');
    if (!!user.disabledAt === disabled) return false;
    if (disabled) user.disabledAt = new Date().toISOString();
    else delete user.disabledAt;
    const ended = disabled ? this.#dropSessions(username) : [];
    await this.store.commit();
    this.#ended(ended);
    return true;
  }

  /**
   * Deletes a user and ends their sessions and sockets. Throws forbidden unless `by` is an
   * active operator, not_found (field username) for an unknown user, conflict for deleting
   * yourself or the last active operator.
   */
  async remove(username: string, by: string): Promise<void> {
    this.#asker(by);
    const user = this.#user(username);
    this.#mayRemove(user, by, 'delete');
    this.store.data.users = this.store.data.users.filter((u) => u !== user);
    const ended = this.#dropSessions(username);
    await this.store.commit();
    this.#ended(ended);
  }

  /**
   * Moves a staff member between operator and content editor. Their sessions end (their panel
   * and its socket were set up for the old role). Throws forbidden unless `by` is an active
   * operator, not_found, invalid for a shop user,
   * conflict for changing your own role or taking the last active operator's.
   */
  async setRole(username: string, role: 'operator' | 'editor', by: string): Promise<boolean> {
    this.#asker(by);
    const user = this.#user(username);
    if (user.role === 'tenant') throw new DomainError('invalid', "a shop user's role cannot change; invite a new user", 'role');
    if (user.role === role) return false;
    // Only an operator asks (see #asker), so the asker's own role change is an operator's.
    this.#mayRemove(user, by, 'change the role of');
    user.role = role;
    const ended = this.#dropSessions(username);
    await this.store.commit();
    this.#ended(ended);
    return true;
  }

  #user(username: string): UserRecord {
    const user = this.store.data.users.find((u) => u.username === username);
    if (!user) throw new DomainError('not_found', 'no such user', 'username');
    return user;
  }

  /** Someone who can sign in and run the mall: without one, no one could undo a mistake. */
  static #activeOperator = (u: UserRecord) => u.role === 'operator' && !u.disabledAt && !!u.passwordHash;

  /**
   * Only an active operator changes people. The route already let only operators in; this
   * checks again at the moment of the change, so two operators removing each other at once
   * cannot both succeed (the second finds they were removed first).
   */
  #asker(by: string): void {
    const asker = this.store.data.users.find((u) => u.username === by);
    if (!asker || !Accounts.#activeOperator(asker)) throw new DomainError('forbidden', 'only an active operator may change users');
  }

  #mayRemove(user: UserRecord, by: string, verb: string): void {
    // The last operator first: in a mall with one operator that is the clearer answer.
    if (Accounts.#activeOperator(user) && !this.store.data.users.some((u) => u !== user && Accounts.#activeOperator(u))) {
      throw new DomainError('conflict', `${user.username} is the last active operator; make another operator first`, 'username');
    }
    if (user.username === by) throw new DomainError('conflict', `you cannot ${verb} yourself`, 'username');
  }

  /** Removes a user's sessions from the record (commit after); returns their hashes to end. */
  #dropSessions(username: string): string[] {
    const ended = this.store.data.sessions.filter((s) => s.username === username).map((s) => s.idHash);
    this.store.data.sessions = this.store.data.sessions.filter((s) => s.username !== username);
    return ended;
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

  async createUser(user: { username: string; password: string; role: UserRole; tenantId?: string }): Promise<void> {
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
   * RateLimited without checking. A disabled user with the right password gets 'forbidden'.
   * Each outcome goes to the audit log with the username and address: `auth.sign-in`,
   * `auth.sign-in-failed` (detail says why), `auth.lockout` when a failure starts a lockout.
   * Attempts refused during a lockout are not logged one by one (a guesser would flood the log).
   */
  async login(username: string, password: string, address: string): Promise<{ sessionId: string; principal: Principal; expiresAt: Date }> {
    const attempt = await this.throttle.take(username, address);
    const user = this.store.data.users.find((u) => u.username === username);
    const ok = await verify(user?.passwordHash || DUMMY_HASH, password).catch(() => false);
    if (!user || !ok) {
      const lockout = await attempt.failed();
      await this.#audit('auth.sign-in-failed', username, address, user ? 'wrong password' : 'unknown username');
      if (lockout) await this.#audit('auth.lockout', username, address, lockoutDetail(lockout));
      throw new DomainError('unauthorized', 'wrong username or password');
    }
    if (user.disabledAt) {
      // The password was right, so saying why does not help a guesser; the budget is not given back.
      await this.#audit('auth.sign-in-failed', username, address, 'account disabled');
      throw new DomainError('forbidden', "this account is disabled; ask the mall's operators", 'username');
    }
    await attempt.succeeded();
    await this.#audit('auth.sign-in', username, address, `as ${user.role}`);
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
   * is and when it ends; null once it was ended, expired, or its user is gone or disabled.
   */
  session(idHash: string): { principal: Principal; expiresAt: Date } | null {
    const session: SessionRecord | undefined = this.store.data.sessions.find((s) => s.idHash === idHash);
    if (!session || session.expiresAt <= new Date().toISOString()) return null;
    const user = this.store.data.users.find((u) => u.username === session.username);
    return user && !user.disabledAt ? { principal: toPrincipal(user), expiresAt: new Date(session.expiresAt) } : null;
  }

  #ended(idHashes: string[]): void {
    if (idHashes.length) this.options.bus?.emit('sessions.ended', { idHashes });
  }

  async #audit(action: string, username: string, address: string, detail: string): Promise<void> {
    await this.options.audit?.record({ actor: `user:${username}`, action, target: username, from: address, detail });
  }
}

const lockoutDetail = (l: Lockout) => `${l.scope === 'pair' ? 'this username from this address' : 'this address'} locked for ${l.seconds} s`;

function toPrincipal(user: UserRecord): Principal {
  return { role: user.role, username: user.username, ...(user.tenantId ? { tenantId: user.tenantId } : {}) };
}
