import { timingSafeEqual } from 'node:crypto';
import type { SetupBody } from '#shared/schemas/setup.ts';
import type { Accounts } from '../accounts/accounts.ts';
import type { Audit } from '../accounts/audit.ts';
import { DomainError } from '../core/errors.ts';
import { newToken, sha256 } from '../core/ids.ts';
import { AttemptLimit } from '../core/limits.ts';
import type { Mall } from './mall.ts';

/**
 * First-run set-up of a hub with no mall: one request, carrying the one-time token printed on the
 * hub's console, creates the mall (name, settings, zones) and its first operator. Only whoever can
 * read the console can set the mall up, and only once: afterwards the hub has a mall and refuses.
 */
export class MallSetup {
  /** The token in clear, for the console; only its hash is compared. */
  readonly token = newToken();
  readonly #tokenHash = Buffer.from(sha256(this.token), 'hex');
  // Guessing the 256-bit token is hopeless anyway; the limit keeps a scanner from filling the log.
  readonly #attempts = new AttemptLimit(10, 15 * 60);
  #busy = false;

  constructor(
    private readonly mallId: string,
    private readonly mall: Mall,
    private readonly accounts: Accounts,
    private readonly audit: Audit,
  ) {}

  get needed(): boolean {
    return !this.mall.exists;
  }

  /**
   * Creates the mall and its operator from a validated body. Throws DomainError: 'conflict' when
   * the hub already has a mall (a reused token) or a set-up is under way, 'unauthorized' (field
   * `token`) for a wrong token, 'rate_limited' after 10 wrong tokens from one address in 15 min.
   */
  async complete(body: SetupBody, from = 'unknown'): Promise<void> {
    if (!this.needed) throw new DomainError('conflict', 'this hub already has a mall; sign in instead', 'token');
    if (this.#busy) throw new DomainError('conflict', 'a set-up is already under way', 'token');
    await this.#attempts.take(from, 'too many wrong set-up tokens; wait 15 minutes');
    const given = Buffer.from(sha256(body.token), 'hex');
    if (!timingSafeEqual(given, this.#tokenHash)) throw new DomainError('unauthorized', 'that is not the set-up token the hub printed', 'token');
    this.#busy = true;
    try {
      // The operator first: a mall without anyone able to sign in could never be managed.
      if (this.accounts.list().some((u) => u.username === body.operator.username)) {
        throw new DomainError('conflict', 'that username is taken', 'operator.username');
      }
      // Audited with its line in the same writes as the operator and the mall (Audit.audited): a
      // crash before the line is written leaves it with them, written at the next start.
      await this.audit.audited({ actor: `operator:${body.operator.username}`, action: 'mall.setup', target: this.mallId, from }, async () => {
        await this.accounts.createUser({ username: body.operator.username, password: body.operator.password, role: 'operator' });
        await this.mall.create({
          id: this.mallId,
          name: body.mall.name,
          zones: body.mall.zones.map((z) => ({ id: z.id, name: z.name })),
          tenants: [],
          interests: [],
          areas: [],
          createdAt: new Date().toISOString(),
          settings: structuredClone(body.mall.settings),
        });
      });
    } finally {
      this.#busy = false;
    }
  }
}
