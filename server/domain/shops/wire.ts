/** A shop's API token on the wire. */
import type { ApiToken } from '#shared/schemas/tenants.ts';
import type { ApiTokenRecord } from '#server/storage/records.ts';

/** A shop's API token as its shop and the operators see it: never the token or its hash. */
export const toApiToken = (t: ApiTokenRecord): ApiToken => ({
  id: t.id,
  name: t.name,
  createdAt: t.createdAt,
  lastUsedAt: t.lastUsedAt ?? null,
  revoked: !!t.revokedAt,
  revokedAt: t.revokedAt ?? null,
});
