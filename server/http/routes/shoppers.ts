import { CONSENT_TEXT_VERSION } from '#shared/consent-texts.ts';
import { EraseBody, PassParams } from '#shared/schemas/pass.ts';
import { ShopperSearchQuery, type ShopperMatch, type ShopperRecordView } from '#shared/schemas/shopper-requests.ts';
import type { Services } from '#server/services.ts';
import { toExport, toPassView } from '#server/domain/enrolment/wire.ts';
import { HttpProblem } from '../errors.ts';
import { route, type RouteContext } from '../route.ts';

const MAX_MATCHES = 20;

/** Shoppers' requests, answered by an operator: find, see, export, erase. Every look is audited. */
function shopperOf(ctx: RouteContext<unknown, unknown>) {
  const parsed = PassParams.safeParse(ctx.params);
  const shopper = parsed.success ? ctx.services.shoppers.get(parsed.data.passId) : undefined;
  if (!shopper) throw new HttpProblem(404, 'no shopper with that pass id (they may have been erased)', 'passId');
  return shopper;
}

function search(services: Services, q: string): ShopperMatch[] {
  const needle = q.toLowerCase();
  const digits = q.replace(/[^\d+]/g, '');
  const out: ShopperMatch[] = [];
  for (const id of services.shoppers.ids()) {
    const s = services.shoppers.get(id)!;
    const hit = s.id === q || (s.email && s.email.toLowerCase() === needle) || (s.phone && digits.length >= 6 && s.phone.replace(/[^\d+]/g, '') === digits);
    if (!hit) continue;
    out.push({
      passId: s.id,
      ...(s.firstName ? { firstName: s.firstName } : {}),
      ...(s.email ? { email: s.email } : {}),
      ...(s.phone ? { phone: s.phone } : {}),
      visitCount: s.visitCount,
      createdAt: s.createdAt,
    });
    if (out.length >= MAX_MATCHES) break;
  }
  return out;
}

export const shopperRoutes = [
  route({
    method: 'get',
    path: '/api/shoppers',
    roles: ['operator'],
    query: ShopperSearchQuery,
    // What was searched for is itself personal (an email, a phone): the audit notes the search, not the term.
    audit: { action: 'shopper.search', targetOfResult: (_ctx, result) => `${(result as ShopperMatch[]).length} found` },
    handler: ({ services, query }): ShopperMatch[] => search(services, query.q),
  }),
  route({
    method: 'get',
    path: '/api/shoppers/:passId',
    roles: ['operator'],
    audit: { action: 'shopper.view' },
    handler: async (ctx): Promise<ShopperRecordView> => {
      const s = shopperOf(ctx);
      const [ledger, visits] = await Promise.all([ctx.services.shoppers.ledger(s.id), ctx.services.shoppers.visitsOf(s.id)]);
      return { pass: toPassView(s, ledger, visits, ctx.services.mall.record, CONSENT_TEXT_VERSION), ledger: ledger.map((e) => ({ ...e })) };
    },
  }),
  route({
    method: 'get',
    path: '/api/shoppers/:passId/export',
    roles: ['operator'],
    audit: { action: 'shopper.export' },
    handler: async (ctx) => {
      const s = shopperOf(ctx);
      const [ledger, visits] = await Promise.all([ctx.services.shoppers.ledger(s.id), ctx.services.shoppers.visitsOf(s.id)]);
      ctx.res.setHeader('Cache-Control', 'no-store');
      ctx.res.setHeader('Content-Disposition', 'attachment; filename="shopper-data.json"');
      return toExport(s, ledger, visits, ctx.services.mall.record);
    },
  }),
  route({
    method: 'post',
    path: '/api/shoppers/:passId/erase',
    roles: ['operator'],
    body: EraseBody,
    audit: { action: 'shopper.erase' },
    handler: async (ctx) => {
      await ctx.services.shoppers.erase(shopperOf(ctx).id);
      return { erased: true };
    },
  }),
];
