import { z } from 'zod';
import { Id } from '../../../shared/schemas/common.ts';
import { PromotionInput, type Promotion } from '../../../shared/schemas/promotions.ts';
import { CustomSegment } from '../../../shared/schemas/segments.ts';
import { toPromotion } from '../../wire.ts';
import { HttpProblem } from '../errors.ts';
import { route } from '../route.ts';

const idOf = (params: Record<string, string>): string => {
  const parsed = Id.safeParse(params.id);
  if (!parsed.success) throw new HttpProblem(400, 'bad promotion id', 'id');
  return parsed.data;
};

const ListQuery = z.strictObject({ status: z.enum(['active', 'archived', 'all']).default('active') });

/** Operators manage promotions and custom segments; the panel UI for them is its own piece. */
export const promotionRoutes = [
  route({
    method: 'get',
    path: '/api/promotions',
    roles: ['operator'],
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
    roles: ['operator'],
    body: PromotionInput,
    handler: async ({ services, body, res }): Promise<Promotion> => {
      res.status(201);
      return toPromotion(await services.promotions.create(body));
    },
  }),
  route({
    method: 'put',
    path: '/api/promotions/:id',
    roles: ['operator'],
    body: PromotionInput,
    handler: async ({ services, body, params }): Promise<Promotion> => toPromotion(await services.promotions.update(idOf(params), body)),
  }),
  route({
    method: 'post',
    path: '/api/promotions/:id/archive',
    roles: ['operator'],
    handler: async ({ services, params }): Promise<Promotion> => toPromotion(await services.promotions.archive(idOf(params))),
  }),
  route({
    method: 'get',
    path: '/api/segments',
    roles: ['operator'],
    handler: ({ services }): CustomSegment[] => services.promotions.customSegments.map((s) => structuredClone(s)),
  }),
  route({
    method: 'post',
    path: '/api/segments',
    roles: ['operator'],
    body: CustomSegment,
    handler: async ({ services, body, res }): Promise<CustomSegment> => {
      res.status(201);
      return services.promotions.createSegment(body);
    },
  }),
];
