import type { RewardsReport } from '#shared/schemas/rewards.ts';
import type { RewardsFileRecord, RewardVisitRecord } from '#server/storage/records.ts';
import { add, suppress, tally, toCell, type Tally } from '../reports/suppression.ts';

/** Adds one count per row to a tally per visitor: the distinct shoppers behind it are the map's keys. */
function tallyOf(byVisitor: Map<string, number>): Tally {
  const t = tally();
  for (const [visitor, n] of byVisitor) add(t, visitor, n);
  return t;
}

const bump = (m: Map<string, number>, visitor: string) => m.set(visitor, (m.get(visitor) ?? 0) + 1);

/**
 * Rewards earned and redeemed per reward, and mall visits by members close to a reward (a
 * visit or two from it) against the rest, on local days `fromDay..toDay` (`visitRows`: the report’s
 * rows of those days, Rewards.reportRows). Every cell counting
 * fewer than `k` shoppers is suppressed; the close/other pair is one group, so one hidden cell
 * cannot be found from the mall's visit total by subtraction.
 */
export function rewardsReport(
  data: Readonly<RewardsFileRecord>,
  visitRows: readonly RewardVisitRecord[],
  range: { from: string; to: string; fromDay: number; toDay: number },
  k: number,
  dayOf: (t: number) => number,
): RewardsReport {
  const inRange = (day: number) => day >= range.fromDay && day <= range.toDay;
  const rewards = data.rewards.filter((r) => r.status !== 'pending');
  const earned = new Map(rewards.map((r) => [r.id, new Map<string, number>()]));
  const redeemed = new Map(rewards.map((r) => [r.id, new Map<string, number>()]));
  for (const [key, card] of Object.entries(data.cards)) {
    const [rewardId, visitor] = key.split('|') as [string, string];
    const m = earned.get(rewardId);
    if (!m) continue;
    for (const e of card.earned) if (inRange(dayOf(e.at))) bump(m, visitor);
  }
  for (const r of Object.values(data.redemptions)) {
    const m = redeemed.get(r.rewardId);
    if (m && inRange(dayOf(r.at))) bump(m, r.visitor);
  }
  const close = new Map<string, number>();
  const others = new Map<string, number>();
  for (const { day, visitor, near } of visitRows) if (inRange(day)) bump(near ? close : others, visitor);
  const rows = rewards.map((r) => ({ r, earned: tallyOf(earned.get(r.id)!), redeemed: tallyOf(redeemed.get(r.id)!) }));
  const visitCells = { close: tallyOf(close), others: tallyOf(others) };
  suppress([...rows.flatMap((x) => [x.earned, x.redeemed]), visitCells.close, visitCells.others], [[visitCells.close, visitCells.others]], k);
  return {
    from: range.from,
    to: range.to,
    k,
    rewards: rows.map((x) => ({ id: x.r.id, name: x.r.name, earned: toCell(x.earned), redeemed: toCell(x.redeemed) })),
    visits: { closeToReward: toCell(visitCells.close), others: toCell(visitCells.others) },
  };
}
