import { z } from 'zod';
import { Id } from '#shared/schemas/common.ts';
import { CreateApiToken, type ApiToken, type CreatedApiToken } from '#shared/schemas/tenants.ts';
import type { Services } from '#server/services.ts';
import { toApiToken } from '#server/domain/shops/wire.ts';
import { HttpProblem } from '../errors.ts';
import { route } from '../route.ts';

/** The shop named in the path; an unknown or malformed one is simply not found. */
function shopOf(services: Services, params: Record<string, string>): string {
  const id = Id.safeParse(params.id);
  if (!id.success || !services.mall.tenantExists(id.data)) throw new HttpProblem(404, 'no such shop', 'id');
  return id.data;
}

function tokenIdOf(params: Record<string, string>): string {
  const id = z.uuid().safeParse(params.tokenId);
  if (!id.success) throw new HttpProblem(404, 'no such token', 'tokenId');
  return id.data;
}

/**
 * Operators look after every shop's API tokens: see them (never the secret), revoke one that
 * leaked or belongs to someone who left, and make one for a shop that cannot sign in itself.
 */
export const shopTokenRoutes = [
  route({
    method: 'get',
    path: '/api/tenants/:id/tokens',
    roles: ['operator'],
    handler: ({ services, params }): ApiToken[] => services.apiTokens.list(shopOf(services, params)).map(toApiToken),
  }),
  route({
    method: 'post',
    path: '/api/tenants/:id/tokens',
    roles: ['operator'],
    body: CreateApiToken,
    audit: { action: 'api-token.create', targetOfResult: (ctx, result) => `${ctx.params.id}/${(result as CreatedApiToken).apiToken.id}` },
    handler: async ({ services, params, body }): Promise<CreatedApiToken> => {
      const { token, record } = await services.apiTokens.create(shopOf(services, params), body.name);
      return { token, apiToken: toApiToken(record) };
    },
  }),
  route({
    method: 'post',
    path: '/api/tenants/:id/tokens/:tokenId/revoke',
    roles: ['operator'],
    audit: { action: 'api-token.revoke', target: (ctx) => `${ctx.params.id}/${ctx.params.tokenId}` },
    handler: async ({ services, params }): Promise<ApiToken> => {
      const shop = shopOf(services, params);
      const tokenId = tokenIdOf(params);
      // The domain names its own `id`; here the token is `tokenId` in the path (`id` is the shop).
      if (!services.apiTokens.list(shop).some((t) => t.id === tokenId)) throw new HttpProblem(404, 'no such token', 'tokenId');
      return toApiToken(await services.apiTokens.revoke(shop, tokenId));
    },
  }),
];
