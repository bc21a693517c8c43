/**
 * Rewards (issue 19): stamp cards and points schemes earned by honest visits and redeemed at a
 * shop's till. Mall-wide rewards are the operators'; a shop's own are that shop's.
 */
import { z } from 'zod';
import { Id, IsoTime, PassId } from './common.ts';
import { Cell } from './reports.ts';

const Days = z.number().int().min(1).max(366);

/** A stamp card: `visits` counted visits within `periodDays` earn the reward. */
export const StampRule = z.strictObject({
  visits: z.number().int().min(1, 'must be at least 1 visit').max(100),
  periodDays: Days,
});
export type StampRule = z.infer<typeof StampRule>;

export const CatalogueItem = z.strictObject({
  id: Id,
  name: z.string().trim().min(1).max(80),
  points: z.number().int().min(1, 'must cost at least 1 point').max(1_000_000),
});
export type CatalogueItem = z.infer<typeof CatalogueItem>;

/**
 * Points per visit: `perVisit` points for each visit day (at most once a day), each lasting
 * `periodDays`; so at most perVisit × periodDays points can ever be held.
 */
export const PointsRule = z.strictObject({
  perVisit: z.number().int().min(1, 'must be at least 1 point').max(1000),
  periodDays: Days,
  catalogue: z.array(CatalogueItem).min(1).max(20),
});
export type PointsRule = z.infer<typeof PointsRule>;

/** The most points one shopper can hold under a rule (see PointsRule). */
export const maxPoints = (rule: Pick<PointsRule, 'perVisit' | 'periodDays'>): number => rule.perVisit * rule.periodDays;

/**
 * A reward as an operator or a shop defines it. `counts`: which visits earn it — mall visits, or
 * visits to the shop (scans at its till). `tenantId`: the shop that redeems it (a shop's own
 * reward is always its shop's; a mall-wide one without a shop is redeemed at any shop's till).
 * `validDays`: how long an earned stamp card stays redeemable. `onRedeem`: whether the stamps
 * gathered since it was earned are kept (`carry`) or cleared (`reset`) when it is redeemed.
 */
export const RewardBody = z
  .strictObject({
    name: z.string().trim().min(1).max(80),
    kind: z.enum(['stamps', 'points']),
    counts: z.enum(['mall', 'shop']),
    tenantId: Id.optional(),
    stamps: StampRule.optional(),
    points: PointsRule.optional(),
    validDays: Days.default(30),
    onRedeem: z.enum(['reset', 'carry']).default('reset'),
  })
  .superRefine((r, ctx) => {
    if (r.kind === 'stamps' && !r.stamps) ctx.addIssue({ code: 'custom', path: ['stamps'], message: 'a stamp card needs its number of visits and period' });
    if (r.kind === 'points' && !r.points) ctx.addIssue({ code: 'custom', path: ['points'], message: 'a points scheme needs points per visit and a catalogue' });
    if (r.counts === 'shop' && !r.tenantId) ctx.addIssue({ code: 'custom', path: ['tenantId'], message: 'visits to a shop need the shop' });
    if (r.kind === 'points' && r.points) {
      const most = maxPoints(r.points);
      r.points.catalogue.forEach((item, i) => {
        if (item.points > most) {
          ctx.addIssue({ code: 'custom', path: ['points', 'catalogue', i, 'points'], message: `costs more than the ${most} points anyone can hold (${r.points!.perVisit} a day for ${r.points!.periodDays} days)` });
        }
      });
      const ids = r.points.catalogue.map((c) => c.id);
      const dup = ids.findIndex((id, i) => ids.indexOf(id) !== i);
      if (dup >= 0) ctx.addIssue({ code: 'custom', path: ['points', 'catalogue', dup, 'id'], message: 'is used twice' });
    }
  });
export type RewardBody = z.infer<typeof RewardBody>;

export const RewardStatus = z.enum(['pending', 'active', 'archived']);

export const Reward = z.object({
  id: Id,
  name: z.string(),
  kind: z.enum(['stamps', 'points']),
  counts: z.enum(['mall', 'shop']),
  tenantId: Id.optional(),
  /** The redeeming shop's name, for lists. */
  shop: z.string().optional(),
  /** Who made it: the mall's operators, or the shop itself. */
  owner: z.enum(['mall', 'shop']),
  stamps: StampRule.optional(),
  points: PointsRule.optional(),
  validDays: z.number(),
  onRedeem: z.enum(['reset', 'carry']),
  /** `pending`: a shop's reward waiting for an operator's approval (when the mall asks for it). */
  status: RewardStatus,
  createdAt: IsoTime,
});
export type Reward = z.infer<typeof Reward>;

/** One shopper's standing with one reward, as the kiosk, pass page and emails show it. */
export const RewardProgress = z.object({
  rewardId: Id,
  name: z.string(),
  shop: z.string().optional(),
  kind: z.enum(['stamps', 'points']),
  /** Stamp cards: stamps held now and needed. */
  stamps: z.object({ have: z.number().int(), need: z.number().int() }).optional(),
  /** Points: the balance, and the cheapest catalogue item not yet affordable (if any). */
  points: z.object({ balance: z.number().int(), next: z.object({ id: Id, name: z.string(), points: z.number().int() }).optional() }).optional(),
  /** Earned and not yet redeemed (stamp cards), with the last day each can be redeemed. */
  ready: z.array(z.object({ id: z.string(), expiresAt: IsoTime })),
});
export type RewardProgress = z.infer<typeof RewardProgress>;

/**
 * A till redeeming a reward for the pass scanned. `redemptionId` is made by the till, so a retry
 * is answered as before and redeems nothing more. `itemId`: the catalogue item of a points scheme.
 */
export const RewardRedeem = z.strictObject({
  redemptionId: z.uuid(),
  passId: PassId,
  rewardId: Id,
  itemId: Id.optional(),
});
export type RewardRedeem = z.infer<typeof RewardRedeem>;

export const RewardRedeemResult = z.object({
  redeemed: z.literal(true),
  /** The same redemption id was answered before: nothing new was written. */
  replayed: z.boolean(),
  reward: z.string(),
  item: z.string().optional(),
});
export type RewardRedeemResult = z.infer<typeof RewardRedeemResult>;

/** A reward the till may redeem for the pass scanned. */
export const TillReward = z.object({ id: Id, name: z.string(), kind: z.enum(['stamps', 'points']), catalogue: z.array(CatalogueItem).optional() });
export type TillReward = z.infer<typeof TillReward>;

/** The mall's loyalty settings (operators). */
export const LoyaltySettings = z.strictObject({
  /** A shop's own reward waits for an operator's approval before it runs. */
  shopRewardsNeedApproval: z.boolean(),
  /** The kiosk asks the one recommend question after a welcome back. */
  kioskFeedback: z.boolean(),
  /** A feedback email this many minutes after a visit; null: none. */
  feedbackEmailAfterMinutes: z.number().int().min(0).max(7 * 24 * 60).nullable(),
  /** At most one feedback message per shopper in this many days. */
  feedbackEveryDays: z.number().int().min(1).max(365),
});
export type LoyaltySettings = z.infer<typeof LoyaltySettings>;

export const LOYALTY_DEFAULTS: LoyaltySettings = { shopRewardsNeedApproval: true, kioskFeedback: false, feedbackEmailAfterMinutes: null, feedbackEveryDays: 30 };

/** Rewards report: earned and redeemed per reward, and visits by members close to a reward vs the rest (K-safe cells). */
export const RewardsReport = z.object({
  from: z.string(),
  to: z.string(),
  rewards: z.array(z.object({ id: Id, name: z.string(), earned: Cell, redeemed: Cell })),
  visits: z.object({ closeToReward: Cell, others: Cell }),
  k: z.number(),
});
export type RewardsReport = z.infer<typeof RewardsReport>;

export const RewardsReportQuery = z.strictObject({
  from: z.iso.date(),
  to: z.iso.date(),
});
