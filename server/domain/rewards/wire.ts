/** Rewards as the panel and tills see them, mapped explicitly from the stored records. */
import type { Reward, TillReward } from '#shared/schemas/rewards.ts';
import type { MallRecord, RewardRecord } from '#server/storage/records.ts';

export const toReward = (r: RewardRecord, mall: MallRecord): Reward => {
  const shop = r.tenantId ? mall.tenants.find((t) => t.id === r.tenantId)?.name : undefined;
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    counts: r.counts,
    ...(r.tenantId ? { tenantId: r.tenantId } : {}),
    ...(shop ? { shop } : {}),
    owner: r.owner,
    ...(r.stamps ? { stamps: { visits: r.stamps.visits, periodDays: r.stamps.periodDays } } : {}),
    ...(r.points ? { points: { perVisit: r.points.perVisit, periodDays: r.points.periodDays, catalogue: r.points.catalogue.map((c) => ({ id: c.id, name: c.name, points: c.points })) } } : {}),
    validDays: r.validDays,
    onRedeem: r.onRedeem,
    status: r.status,
    createdAt: r.createdAt,
  };
};

export const toTillReward = (r: RewardRecord): TillReward => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  ...(r.points ? { catalogue: r.points.catalogue.map((c) => ({ id: c.id, name: c.name, points: c.points })) } : {}),
});
