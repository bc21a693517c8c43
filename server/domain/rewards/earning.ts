/**
 * How one counted visit moves a shopper's card, and what the card stands at: pure functions over
 * the stored records, so the rules can be tested without a hub.
 */
import type { RewardCardRecord, RewardRecord } from '#server/storage/records.ts';

export const DAY_MS = 86400_000;

export const emptyCard = (): RewardCardRecord => ({ stamps: [], earned: [] });

/** Whether a visit recorded on the bus earns under this reward: mall visits, or arrivals at its shop's till. */
export function visitCounts(reward: RewardRecord, visit: { mallVisit: boolean; touchpoint: string }): boolean {
  if (reward.status !== 'active') return false;
  return reward.counts === 'mall' ? visit.mallVisit : visit.touchpoint === `till:${reward.tenantId}`;
}

/**
 * Adds one counted visit at `t` (epoch ms; `day`: its local day number) to the card. A stamp card
 * keeps the stamps of its period; when they reach the number asked for, they become one earned
 * reward, redeemable for `validDays`. A points scheme earns once per local day; points last
 * `periodDays`. Returns whether a reward was earned.
 */
export function addVisit(reward: RewardRecord, card: RewardCardRecord, t: number, day: number, dayOf: (t: number) => number): boolean {
  if (reward.kind === 'stamps' && reward.stamps) {
    const from = t - reward.stamps.periodDays * DAY_MS;
    card.stamps = [...card.stamps.filter((s) => s > from && s !== t), t].sort((a, b) => a - b);
    if (card.stamps.length >= reward.stamps.visits) {
      card.stamps = [];
      card.earned.push({ id: `${reward.id}-${t}`, at: t, expiresAt: t + reward.validDays * DAY_MS });
      return true;
    }
    return false;
  }
  if (reward.kind === 'points' && reward.points) {
    const points = livePoints(reward, card, t);
    if (points.some(([at]) => dayOf(at) === day)) return false;
    card.points = [...points, [t, reward.points.perVisit]];
  }
  return false;
}

/** Points still held at `now`: each entry's remaining points, dropped once older than the period. */
export function livePoints(reward: RewardRecord, card: RewardCardRecord, now: number): [number, number][] {
  const from = now - (reward.points?.periodDays ?? 0) * DAY_MS;
  return (card.points ?? []).filter(([at, n]) => at > from && n > 0);
}

export const balanceOf = (reward: RewardRecord, card: RewardCardRecord, now: number) => livePoints(reward, card, now).reduce((sum, [, n]) => sum + n, 0);

/** Takes `cost` points, oldest first. The caller has checked the balance. */
export function spendPoints(reward: RewardRecord, card: RewardCardRecord, cost: number, now: number): void {
  let left = cost;
  const kept: [number, number][] = [];
  for (const [at, n] of livePoints(reward, card, now)) {
    const take = Math.min(n, left);
    left -= take;
    if (n - take > 0) kept.push([at, n - take]);
  }
  card.points = kept;
}

/** Stamps in the period at `now`. */
export const stampsHeld = (reward: RewardRecord, card: RewardCardRecord, now: number) =>
  card.stamps.filter((s) => s > now - (reward.stamps?.periodDays ?? 0) * DAY_MS).length;

/** Earned rewards not redeemed and not expired at `now`, oldest first. */
export const readyOf = (card: RewardCardRecord, now: number) => card.earned.filter((e) => e.redeemedAt === undefined && e.expiresAt > now).sort((a, b) => a.at - b.at);

/**
 * How many visits (stamp cards) or visit days (points) the shopper is from their next reward at
 * `now`; null when nothing more can be earned from here (no catalogue item left out of reach).
 */
export function visitsToGo(reward: RewardRecord, card: RewardCardRecord, now: number): number | null {
  if (reward.kind === 'stamps' && reward.stamps) return reward.stamps.visits - stampsHeld(reward, card, now);
  if (reward.kind === 'points' && reward.points) {
    const balance = balanceOf(reward, card, now);
    const next = nextItem(reward, balance);
    return next ? Math.ceil((next.points - balance) / reward.points.perVisit) : null;
  }
  return null;
}

/** The cheapest catalogue item the balance does not reach yet. */
export function nextItem(reward: RewardRecord, balance: number) {
  return [...(reward.points?.catalogue ?? [])].sort((a, b) => a.points - b.points).find((i) => i.points > balance);
}
