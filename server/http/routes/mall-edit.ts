import { ListItemBody, MallList, RenameMallBody, UpdateTenantBody, type Choice, type MallInfo, type Tenant } from '#shared/schemas/mall.ts';
import { usesOf } from '#server/domain/mall/usage.ts';
import type { Services } from '../../services.ts';
import { HttpProblem } from '../errors.ts';
import { route } from '../route.ts';

/** The list named in the path, or 404: only zones, interests and areas are edited item by item. */
function listOf(params: Record<string, string>): MallList {
  const parsed = MallList.safeParse(params.list);
  if (!parsed.success) throw new HttpProblem(404, `no list "${params.list}"; lists are ${MallList.options.join(', ')}`);
  return parsed.data;
}

const referrers = (services: Services) => ({
  promotions: () => services.promotions.list(),
  segments: () => services.promotions.customSegments,
  devices: () => services.devices.list(),
});

const tenantView = (services: Services, id: string): Tenant => {
  const t = services.mall.info().tenants.find((x) => x.id === id);
  if (!t) throw new HttpProblem(404, `no shop "${id}"`);
  return t;
};

/**
 * Operators edit what the mall names: its own name, its zones, interests and home areas (with a
 * translation per kiosk language), and its shops (renamed, moved, closed, reopened). Each change
 * is audited; removing an item something still uses is a 409 naming what uses it.
 */
export const mallEditRoutes = [
  route({
    method: 'put',
    path: '/api/mall',
    roles: ['operator'],
    body: RenameMallBody,
    audit: { action: 'mall.rename', target: (ctx) => ctx.services.mall.record.id },
    handler: async ({ services, body }): Promise<MallInfo> => {
      await services.mall.rename((body as RenameMallBody).name);
      services.bus.emit('mall.changed');
      return services.mall.info();
    },
  }),
  route({
    method: 'post',
    path: '/api/mall/:list',
    roles: ['operator'],
    body: ListItemBody,
    audit: { action: 'mall.item.add', targetOfResult: (ctx, result) => `${ctx.params.list}/${(result as Choice).id}` },
    handler: async ({ services, body, params }): Promise<Choice> => {
      const item = await services.mall.addItem(listOf(params), body as ListItemBody);
      services.bus.emit('mall.changed');
      return services.mall.info()[listOf(params)].find((i) => i.id === item.id)!;
    },
  }),
  route({
    method: 'put',
    path: '/api/mall/:list/:id',
    roles: ['operator'],
    body: ListItemBody,
    audit: { action: 'mall.item.update', target: (ctx) => `${ctx.params.list}/${ctx.params.id}` },
    handler: async ({ services, body, params }): Promise<Choice> => {
      const list = listOf(params);
      await services.mall.updateItem(list, params.id, body as ListItemBody);
      services.bus.emit('mall.changed');
      return services.mall.info()[list].find((i) => i.id === params.id)!;
    },
  }),
  route({
    method: 'delete',
    path: '/api/mall/:list/:id',
    roles: ['operator'],
    audit: { action: 'mall.item.remove', target: (ctx) => `${ctx.params.list}/${ctx.params.id}` },
    handler: async ({ services, params }): Promise<{ removed: string }> => {
      const list = listOf(params);
      await services.mall.removeItem(list, params.id, usesOf(list, params.id, services.mall.record, referrers(services)));
      services.bus.emit('mall.changed');
      return { removed: params.id };
    },
  }),
  route({
    method: 'put',
    path: '/api/tenants/:id',
    roles: ['operator'],
    body: UpdateTenantBody,
    audit: { action: 'tenant.update' },
    handler: async ({ services, body, params }): Promise<Tenant> => {
      await services.mall.updateTenant(params.id, body as UpdateTenantBody);
      return tenantView(services, params.id);
    },
  }),
  route({
    method: 'post',
    path: '/api/tenants/:id/close',
    roles: ['operator'],
    audit: { action: 'tenant.close' },
    handler: async ({ services, params }): Promise<Tenant> => {
      await services.mall.setTenantClosed(params.id, true);
      services.bus.emit('tenant.closed', { tenantId: params.id });
      return tenantView(services, params.id);
    },
  }),
  route({
    method: 'post',
    path: '/api/tenants/:id/reopen',
    roles: ['operator'],
    audit: { action: 'tenant.reopen' },
    handler: async ({ services, params }): Promise<Tenant> => {
      await services.mall.setTenantClosed(params.id, false);
      return tenantView(services, params.id);
    },
  }),
];
