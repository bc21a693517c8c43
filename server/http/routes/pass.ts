import { CONSENT_TEXT_VERSION } from '#shared/consent-texts.ts';
import {
  ConsentChangeBody,
  EraseBody,
  JoinParams,
  PassLanguageBody,
  PassParams,
  PhoneJoinBody,
  type JoinInfo,
  type PassView,
} from '#shared/schemas/pass.ts';
import type { ShopperGreeting } from '#shared/schemas/shoppers.ts';
import { AttemptLimit } from '#server/domain/core/limits.ts';
import type { Services } from '#server/services.ts';
import { toExport, toGreeting, toPassView } from '#server/domain/enrolment/wire.ts';
import { HttpProblem } from '../errors.ts';
import { route, type RouteContext } from '../route.ts';

/**
 * The shopper's own pages. The pass id in the path is the bearer secret (128 random bits); these
 * routes are public, so lookups are bounded per address to keep guessing hopeless.
 */
const lookups = new AttemptLimit(240, 60);

async function passOf(ctx: RouteContext<unknown, unknown>): Promise<string> {
  await lookups.take(ctx.req.ip ?? 'unknown', 'too many pass requests from this address; wait a minute');
  const parsed = PassParams.safeParse(ctx.params);
  if (!parsed.success) throw new HttpProblem(404, 'no pass with that id', 'passId');
  return parsed.data.passId;
}

async function view(services: Services, passId: string): Promise<PassView> {
  const shopper = services.shoppers.get(passId);
  if (!shopper) throw new HttpProblem(404, 'no pass with that id (it may have been erased)', 'passId');
  const [ledger, visits] = await Promise.all([services.shoppers.ledger(passId), services.shoppers.visitsOf(passId, 5)]);
  return toPassView(shopper, ledger, visits, services.mall.record, CONSENT_TEXT_VERSION);
}

export const passRoutes = [
  route({
    method: 'get',
    path: '/api/pass/:passId',
    roles: 'public',
    handler: async (ctx): Promise<PassView> => {
      ctx.res.setHeader('Cache-Control', 'no-store');
      return view(ctx.services, await passOf(ctx));
    },
  }),
  route({
    method: 'post',
    path: '/api/pass/:passId/consents',
    roles: 'public',
    body: ConsentChangeBody,
    handler: async (ctx): Promise<PassView> => {
      const passId = await passOf(ctx);
      await ctx.services.shoppers.changeConsent(passId, ctx.body as ConsentChangeBody, 'phone');
      return view(ctx.services, passId);
    },
  }),
  route({
    method: 'post',
    path: '/api/pass/:passId/language',
    roles: 'public',
    body: PassLanguageBody,
    handler: async (ctx): Promise<PassView> => {
      const passId = await passOf(ctx);
      await ctx.services.shoppers.setLanguage(passId, (ctx.body as { language: PassView['language'] }).language);
      return view(ctx.services, passId);
    },
  }),
  route({
    method: 'get',
    path: '/api/pass/:passId/export',
    roles: 'public',
    handler: async (ctx) => {
      const passId = await passOf(ctx);
      const { services, res } = ctx;
      const shopper = services.shoppers.get(passId);
      if (!shopper) throw new HttpProblem(404, 'no pass with that id (it may have been erased)', 'passId');
      const [ledger, visits] = await Promise.all([services.shoppers.ledger(passId), services.shoppers.visitsOf(passId)]);
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Content-Disposition', 'attachment; filename="my-mall-pass-data.json"');
      res.type('application/json').send(JSON.stringify(toExport(shopper, ledger, visits, services.mall.record), null, 2));
      return undefined;
    },
  }),
  route({
    method: 'post',
    path: '/api/pass/:passId/erase',
    roles: 'public',
    body: EraseBody,
    handler: async (ctx) => {
      await ctx.services.shoppers.erase(await passOf(ctx));
      return { erased: true };
    },
  }),
  route({
    method: 'get',
    path: '/api/join/:nonce',
    roles: 'public',
    handler: async (ctx): Promise<JoinInfo> => {
      await lookups.take(ctx.req.ip ?? 'unknown', 'too many requests from this address; wait a minute');
      const parsed = JoinParams.safeParse(ctx.params);
      if (!parsed.success) throw new HttpProblem(404, 'this join link has expired or was used; ask the kiosk for a new one', 'nonce');
      const { expiresAt } = ctx.services.shoppers.joinLink(parsed.data.nonce);
      const mall = ctx.services.mall.info();
      return { mallName: mall.name, brand: mall.brand, consentTextVersion: CONSENT_TEXT_VERSION, interests: mall.interests, areas: mall.areas, ageBands: mall.ageBands, expiresAt };
    },
  }),
  route({
    method: 'post',
    path: '/api/join/:nonce',
    roles: 'public',
    body: PhoneJoinBody,
    handler: async (ctx): Promise<ShopperGreeting> => {
      await lookups.take(ctx.req.ip ?? 'unknown', 'too many requests from this address; wait a minute');
      const parsed = JoinParams.safeParse(ctx.params);
      if (!parsed.success) throw new HttpProblem(404, 'this join link has expired or was used; ask the kiosk for a new one', 'nonce');
      const { shopper } = await ctx.services.shoppers.completePhoneJoin(parsed.data.nonce, ctx.body as PhoneJoinBody);
      return toGreeting(shopper);
    },
  }),
];
