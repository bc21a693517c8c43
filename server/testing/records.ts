import type { ShopperRecord } from '../storage/records.ts';

/**
 * A stored shopper record for storage tests: card token `token-<id>`, English, membership only,
 * joined 2026-01-01, no visits yet; `extra` overrides any field.
 */
export const shopperRecord = (id: string, extra: Partial<ShopperRecord> = {}): ShopperRecord => ({
  id,
  cardTokens: [`token-${id}`],
  language: 'en',
  consent: { membership: true },
  createdAt: '2026-01-01T00:00:00.000Z',
  visitCount: 0,
  recentVisits: [],
  ...extra,
});
