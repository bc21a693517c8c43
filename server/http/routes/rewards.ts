import { z } from 'zod';
import { PassFeedback, PassFeedbackComment, type NpsReport } from '#shared/schemas/feedback.ts';
import { LoyaltySettings, Reward, RewardBody, RewardRedeem, RewardsReportQuery, type RewardProgress, type RewardRedeemResult, type RewardsReport, type TillReward } from '#shared/schemas/rewards.ts';
import type { Language } from '#shared/schemas/shoppers.ts';
import { nameIn } from '#shared/names.ts';
import type { Principal } from '#server/domain/accounts/principal.ts';
import { isoToDay, localMoment } from '#server/domain/mall/local-time.ts';
import { npsReport } from '#server/domain/rewards/nps-report.ts';
import { rewardsReport } from '#server/domain/rewards/report.ts';
import type { RewardActor } from '#server/domain/rewards/rewards.ts';
import { toReward, toTillReward } from '#server/domain/rewards/wire.ts';
import { AttemptLimit } from '#server/domain/core/limits.ts';
import { PassParams } from '#shared/schemas/pass.ts';
import { HttpProblem } from '../errors.ts';
import { route, type RouteContext } from '../route.ts';

/** Operators act for the mall; a shop's user only for their own shop, named by their login, never the URL. */
function actorOf(p: Principal | null): RewardActor {
  if (p?.role === 'operator') return { role: 'operator' };
  if (p?.role === 'tenant') return { role: 'tenant', tenantId: p.tenantId };
  throw new HttpProblem(403, 'not allowed for your role');
}

function tenantOf(p: Principal | null): string {
  if (!p || p.role !== 'tenant') throw new HttpProblem(403, 'not allowed for your role');
  return p.tenantId;
}

const RewardParams = z.object({ id: z.uuid() });
const idOf = (params: Record<string, string>) => {
  const parsed = RewardParams.safeParse(params);
  if (!parsed.success) throw new HttpProblem(404, 'no such reward', 'id');
  return parsed.data.id;
};

/** A report's range as local day numbers; `to` before `from` is refused naming `to`. */
function rangeOf(q: { from: string; to: string }) {
  const fromDay = isoToDay(q.from);
  const toDay = isoToDay(q.to);
  if (toDay < fromDay) throw new HttpProblem(400, 'to: must not be before from', 'to');
  if (toDay - fromDay > 366) throw new HttpProblem(400, 'to: a report covers at most a year', 'to');
  return { from: q.from, to: q.to, fromDay, toDay };
}

/** The pass routes here are public like the rest of the pass page: bounded per address. */
const lookups = new AttemptLimit(240, 60);
async function passOf(ctx: RouteContext<unknown, unknown>): Promise<string> {
  await lookups.take(ctx.req.ip ?? 'unknown', 'too many pass requests from this address; wait a minute');
  const parsed = PassParams.safeParse(ctx.params);
  if (!parsed.success) throw new HttpProblem(404, 'no pass with that id', 'passId');
  return parsed.data.passId;
}

export const rewardRoutes = [
  route({
    method: 'get',
    path: '/api/rewards',
    roles: ['operator', 'tenant'],
    handler: ({ services, principal }): Reward[] => services.rewards.list(actorOf(principal)).map((r) => toReward(r, services.mall.record)),
  }),
  route({
    method: 'post',
    path: '/api/rewards',
    roles: ['operator', 'tenant'],
    body: RewardBody,
    audit: { action: 'reward.create', targetOfResult: (_ctx, result) => (result as Reward).id },
    handler: async ({ services, principal, body }): Promise<Reward> => toReward(await services.rewards.create(body, actorOf(principal)), services.mall.record),
  }),
  route({
    method: 'put',
    path: '/api/rewards/:id',
    roles: ['operator', 'tenant'],
    body: RewardBody,
    audit: { action: 'reward.update' },
    handler: async ({ services, principal, body, params }): Promise<Reward> => toReward(await services.rewards.update(idOf(params), body, actorOf(principal)), services.mall.record),
  }),
  route({
    method: 'post',
    path: '/api/rewards/:id/approve',
    roles: ['operator'],
    audit: { action: 'reward.approve' },
    handler: async ({ services, params }): Promise<Reward> => toReward(await services.rewards.approve(idOf(params)), services.mall.record),
  }),
  route({
    method: 'post',
    path: '/api/rewards/:id/archive',
    roles: ['operator', 'tenant'],
    audit: { action: 'reward.archive' },
    handler: async ({ services, principal, params }): Promise<Reward> => toReward(await services.rewards.archive(idOf(params), actorOf(principal)), services.mall.record),
  }),
  route({
    method: 'get',
    path: '/api/loyalty/settings',
    roles: ['operator'],
    handler: ({ services }): LoyaltySettings => services.rewards.settings(),
  }),
  route({
    method: 'put',
    path: '/api/loyalty/settings',
    roles: ['operator'],
    body: LoyaltySettings,
    audit: { action: 'loyalty.settings', target: () => 'loyalty' },
    handler: ({ services, body }): Promise<LoyaltySettings> => services.rewards.setSettings(body),
  }),
  route({
    method: 'get',
    path: '/api/reports/rewards',
    roles: ['operator'],
    query: RewardsReportQuery,
    handler: async ({ services, query }): Promise<RewardsReport> => {
      const range = rangeOf(query);
      const rows = await services.rewards.reportRows(range.fromDay, range.toDay);
      return rewardsReport(services.rewards.data, rows, range, services.mall.k, (t) => localMoment(new Date(t), services.mall.timeZone).day);
    },
  }),
  route({
    method: 'get',
    path: '/api/reports/nps',
    roles: ['operator'],
    query: RewardsReportQuery,
    handler: ({ services, query }): NpsReport => {
      const mall = services.mall.record;
      const lang = (services.mall.settings().defaultLanguage ?? 'en') as Language;
      return npsReport(services.feedback.answers, rangeOf(query), services.mall.k, {
        zone: (id) => {
          const z = mall.zones.find((x) => x.id === id);
          return z ? nameIn(z, lang) : id;
        },
        shop: (id) => {
          const t = mall.tenants.find((x) => x.id === id);
          return t ? nameIn(t, lang) : id;
        },
      });
    },
  }),
  route({
    method: 'get',
    path: '/api/till/rewards',
    roles: ['tenant'],
    handler: ({ services, principal }): TillReward[] => services.rewards.tillRewards(tenantOf(principal)).map(toTillReward),
  }),
  route({
    method: 'post',
    path: '/api/till/rewards/redeem',
    roles: ['tenant'],
    body: RewardRedeem,
    audit: { action: 'reward.redeem', target: (ctx) => (ctx.body as RewardRedeem).rewardId, detailOfResult: (_ctx, result) => ((result as RewardRedeemResult).replayed ? 'replayed' : undefined) },
    handler: ({ services, principal, body }): Promise<RewardRedeemResult> => services.rewards.redeem(tenantOf(principal), body),
  }),
  route({
    method: 'get',
    path: '/api/pass/:passId/rewards',
    roles: 'public',
    handler: async (ctx): Promise<RewardProgress[]> => {
      const passId = await passOf(ctx);
      const shopper = ctx.services.shoppers.get(passId);
      if (!shopper) throw new HttpProblem(404, 'no pass with that id (it may have been erased)', 'passId');
      ctx.res.setHeader('Cache-Control', 'no-store');
      return ctx.services.rewards.progressOf(passId, shopper.language as Language);
    },
  }),
  route({
    method: 'post',
    path: '/api/pass/:passId/feedback',
    roles: 'public',
    body: PassFeedback,
    handler: async (ctx): Promise<Record<string, never>> => {
      const passId = await passOf(ctx);
      await ctx.services.feedback.answerFromLink(passId, ctx.body as PassFeedback);
      return {};
    },
  }),
  route({
    method: 'post',
    path: '/api/pass/:passId/feedback/comment',
    roles: 'public',
    body: PassFeedbackComment,
    handler: async (ctx): Promise<Record<string, never>> => {
      const passId = await passOf(ctx);
      await ctx.services.feedback.comment(passId, ctx.body as PassFeedbackComment);
      return {};
    },
  }),
];
