import { z } from 'zod';
import { Id } from '#shared/schemas/common.ts';
import { PromotionInput, type Promotion } from '#shared/schemas/promotions.ts';
import { CustomSegment } from '#shared/schemas/segments.ts';
import { PromotionPreviewBody, type OfferEmailPreview, type PromotionPreview } from '#shared/schemas/promotion-preview.ts';
import type { PromotionFields } from '#shared/schemas/promotions.ts';
import { composeOfferEmail } from '#shared/offer-email.ts';
import { mailBrandOf } from '#server/domain/integrations/mail/brand.ts';
import { mailHtml } from '#server/domain/integrations/mail/html.ts';
import type { Services } from '#server/services.ts';
import { previewOnScreens } from '#server/domain/signage/promotion-preview.ts';
import { toPromotion } from '#server/domain/signage/wire.ts';
import { HttpProblem } from '../errors.ts';
import { route } from '../route.ts';

const idOf = (params: Record<string, string>): string => {
  const parsed = Id.safeParse(params.id);
  if (!parsed.success) throw new HttpProblem(400, 'bad promotion id', 'id');
  return parsed.data;
};

/** The offer email a draft would send, both parts, as OfferMail writes it; only the pass link is a stand-in. */
async function offerEmailPreview(services: Services, p: PromotionFields): Promise<OfferEmailPreview> {
  const mall = services.mall.record;
  const base = services.publicUrl;
  const mail = composeOfferEmail(
    { title: p.title, text: p.text, imageUrl: p.imageUrl, offerEmail: p.offerEmail ?? { enabled: true, subject: '', text: '' } },
    { mallName: mall.name, shopName: p.tenantId ? mall.tenants.find((t) => t.id === p.tenantId)?.name : undefined, language: 'en', passUrl: `${base}/pass/…`, baseUrl: base },
  );
  return { subject: mail.subject, text: mail.text, html: await mailHtml(mail, mailBrandOf(mall, base)) };
}

const ListQuery = z.strictObject({ status: z.enum(['active', 'archived', 'all']).default('active') });

/** Operators manage promotions and custom segments; the panel UI for them is its own piece. */
export const promotionRoutes = [
  route({
    method: 'get',
    path: '/api/promotions',
    roles: ['operator', 'editor'],
    query: ListQuery,
    handler: ({ services, query }): Promotion[] =>
      services.promotions
        .list()
        .filter((p) => query.status === 'all' || p.status === query.status)
        .map(toPromotion),
  }),
  route({
    method: 'post',
    path: '/api/promotions',
    roles: ['operator', 'editor'],
    body: PromotionInput,
    audit: { action: 'promotion.create', targetOfResult: (_ctx, result) => (result as Promotion).id },
    handler: async ({ services, body, res }): Promise<Promotion> => {
      res.status(201);
      return toPromotion(await services.promotions.create(body));
    },
  }),
  route({
    method: 'put',
    path: '/api/promotions/:id',
    roles: ['operator', 'editor'],
    body: PromotionInput,
    audit: { action: 'promotion.update' },
    handler: async ({ services, body, params }): Promise<Promotion> => toPromotion(await services.promotions.update(idOf(params), body)),
  }),
  route({
    method: 'post',
    path: '/api/promotions/:id/archive',
    roles: ['operator', 'editor'],
    audit: { action: 'promotion.archive' },
    handler: async ({ services, params }): Promise<Promotion> => toPromotion(await services.promotions.archive(idOf(params))),
  }),
  route({
    method: 'post',
    path: '/api/promotions/:id/restore',
    roles: ['operator', 'editor'],
    audit: { action: 'promotion.restore' },
    handler: async ({ services, params }): Promise<Promotion> => toPromotion(await services.promotions.restore(idOf(params))),
  }),
  route({
    method: 'post',
    path: '/api/promotions/preview',
    roles: ['operator', 'editor'],
    body: PromotionPreviewBody,
    handler: async ({ services, body }): Promise<PromotionPreview> => {
      const draft = services.promotions.draft(body.promotion, body.id);
      const k = services.config.k;
      const screens = services.devices.list();
      const names = new Map(screens.map((s) => [s.id, s]));
      const results = previewOnScreens(draft, services.promotions.list(), screens, services.presence.counts(), k, services.mall.clock(), (id) => services.screenGroups.groupsOf(id));
      const p = body.promotion;
      const email = p.offerEmail?.enabled ? await offerEmailPreview(services, p) : undefined;
      return {
        k,
        showing: results.filter((r) => r.reason === 'shows').length,
        screens: results.map((r) => ({ ...r, name: names.get(r.screenId)!.name, zoneId: names.get(r.screenId)!.zoneId })),
        ...(email ? { email } : {}),
      };
    },
  }),
  route({
    method: 'get',
    path: '/api/segments',
    roles: ['operator', 'editor'],
    handler: ({ services }): CustomSegment[] => services.promotions.customSegments.map((s) => structuredClone(s)),
  }),
  route({
    method: 'post',
    path: '/api/segments',
    roles: ['operator'],
    body: CustomSegment,
    audit: { action: 'segment.create', targetOfResult: (_ctx, result) => (result as CustomSegment).id },
    handler: async ({ services, body, res }): Promise<CustomSegment> => {
      res.status(201);
      return services.promotions.createSegment(body);
    },
  }),
];
