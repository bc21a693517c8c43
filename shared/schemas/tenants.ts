import { z } from 'zod';
import { Id, IsoTime, PassId } from './common.ts';
import { VisitId } from './shoppers.ts';

/** A pass scanned at a shop's till (camera or USB scanner). */
export const TillScan = z.strictObject({
  visitId: VisitId,
  /** What the scanner read: the pass id, or the pass page URL that carries it. */
  passId: PassId,
  at: IsoTime.optional(),
  /** One of the shop's running offers to redeem with this scan. */
  promotionId: Id.optional(),
});
export type TillScan = z.infer<typeof TillScan>;

/**
 * `recorded`: the shop's visit was counted (once per arrival at its till). `refused`: why the offer
 * asked for was not redeemed (not running, already redeemed) — the visit still counts.
 */
export const TillScanResult = z.object({ recorded: z.boolean(), redeemed: z.boolean(), refused: z.string().optional() });

/** An offer as the till lists it. */
export const TillOffer = z.object({ id: Id, title: z.string() });
export type TillOffer = z.infer<typeof TillOffer>;
export type TillScanResult = z.infer<typeof TillScanResult>;

export const CreateApiToken = z.strictObject({ name: z.string().trim().min(1).max(60) });
export type CreateApiToken = z.infer<typeof CreateApiToken>;

export const ApiToken = z.object({
  id: Id.or(z.uuid()),
  name: z.string(),
  createdAt: IsoTime,
  lastUsedAt: IsoTime.nullable(),
  revoked: z.boolean(),
  revokedAt: IsoTime.nullable(),
});
export type ApiToken = z.infer<typeof ApiToken>;

export const CreatedApiToken = z.object({ token: z.string(), apiToken: ApiToken });
export type CreatedApiToken = z.infer<typeof CreatedApiToken>;

