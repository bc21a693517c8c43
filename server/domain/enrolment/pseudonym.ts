import { createHmac } from 'node:crypto';

/**
 * A shopper's pseudonym in shops' visit and redemption rows: keyed with the mall's secret, so the
 * rows alone cannot be joined to pass ids, and stable, so one shopper's visits add up.
 */
export function visitorPseudonym(secret: Buffer, shopperId: string): string {
  return createHmac('sha256', secret).update(`visitor:${shopperId}`).digest('base64url').slice(0, 16);
}
