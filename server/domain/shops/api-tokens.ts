import type { Partition } from '#server/storage/partition.ts';
import type { AccountsRecord, ApiTokenRecord } from '#server/storage/records.ts';
import { DomainError, notFound } from '../core/errors.ts';
import { newId, newToken, sha256 } from '../core/ids.ts';

/** Shops' API tokens for pulling reports from their own systems. */
export class ApiTokens {
  constructor(private readonly store: Partition<AccountsRecord>) {}

  #all(): ApiTokenRecord[] {
    return (this.store.data.apiTokens ??= []);
  }

  list(tenantId: string): readonly ApiTokenRecord[] {
    return this.#all().filter((t) => t.tenantId === tenantId);
  }

  /** Returns the token itself once; afterwards only its hash exists. */
  async create(tenantId: string, name: string): Promise<{ token: string; record: ApiTokenRecord }> {
    if (this.list(tenantId).filter((t) => !t.revokedAt).length >= 20) throw new DomainError('conflict', 'a shop may hold at most 20 live tokens', 'name');
    const token = `atr_${newToken()}`;
    const record: ApiTokenRecord = { id: newId(), tenantId, name, tokenHash: sha256(token), createdAt: new Date().toISOString() };
    this.#all().push(record);
    await this.store.commit();
    return { token, record };
  }

  async revoke(tenantId: string, id: string): Promise<ApiTokenRecord> {
    // Another shop's token id is simply not found: nothing tells a shop what others hold.
    const record = this.#all().find((t) => t.id === id && t.tenantId === tenantId);
    if (!record) throw notFound('no such token', 'id');
    record.revokedAt ??= new Date().toISOString();
    await this.store.commit();
    return record;
  }

  /** The live token's record, with its last use noted (written lazily with the next commit). */
  authenticate(token: string): ApiTokenRecord | null {
    if (!token.startsWith('atr_')) return null;
    const hash = sha256(token);
    const record = this.#all().find((t) => t.tokenHash === hash && !t.revokedAt);
    if (!record) return null;
    record.lastUsedAt = new Date().toISOString();
    void this.store.commit();
    return record;
  }
}
