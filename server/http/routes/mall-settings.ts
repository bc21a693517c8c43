import { notFound } from '#server/domain/core/errors.ts';
import { join } from 'node:path';
import { BrandColoursBody, type Brand } from '#shared/schemas/mall.ts';
import { MallSettings } from '#shared/schemas/setup.ts';
import { mallDir } from '#server/config.ts';
import { MAX_LOGO_BYTES, removeLogo, storeLogo } from '#server/domain/mall/logo.ts';
import { toBrand } from '#server/domain/mall/wire.ts';
import type { Services } from '../../services.ts';
import { readUpload } from '../read-upload.ts';
import { route } from '../route.ts';

/** The mall's `brand/` folder, served at /brand (server/http/app.ts). */
export const brandDir = (services: Services) => join(mallDir(services.config), 'brand');

/**
 * After set-up, operators change the mall's settings (checked with the same schema the set-up
 * form uses; the time zone, K and public URL apply at once) and its brand: two colours text
 * stays readable on, and a logo checked by its content. Each change is audited.
 */
export const mallSettingsRoutes = [
  route({
    method: 'put',
    path: '/api/mall/settings',
    roles: ['operator'],
    body: MallSettings,
    audit: { action: 'mall.settings', target: (ctx) => ctx.services.mall.record.id },
    handler: async ({ services, body }): Promise<MallSettings> => {
      await services.mall.updateSettings(body as MallSettings);
      services.applySettings();
      services.bus.emit('mall.changed');
      return services.mall.settings();
    },
  }),
  route({
    method: 'put',
    path: '/api/mall/brand',
    roles: ['operator'],
    body: BrandColoursBody,
    audit: { action: 'mall.brand', target: (ctx) => ctx.services.mall.record.id },
    handler: async ({ services, body }): Promise<Brand> => {
      await services.mall.setBrandColours(body as BrandColoursBody);
      services.bus.emit('mall.changed');
      return toBrand(services.mall.record);
    },
  }),
  route({
    method: 'put',
    path: '/api/mall/logo',
    roles: ['operator'],
    audit: { action: 'mall.logo', targetOfResult: (_ctx, result) => (result as Brand).logoUrl },
    handler: async ({ services, req }): Promise<Brand> => {
      const bytes = await readUpload(req, MAX_LOGO_BYTES, 'logo');
      const file = await storeLogo(brandDir(services), bytes);
      const before = await services.mall.setLogo(file);
      services.bus.emit('mall.changed');
      // The old file goes only once the record no longer names it; the same logo again keeps its name.
      if (before && before !== file) await removeLogo(brandDir(services), before);
      return toBrand(services.mall.record);
    },
  }),
  route({
    method: 'delete',
    path: '/api/mall/logo',
    roles: ['operator'],
    audit: { action: 'mall.logo.remove', target: (ctx) => ctx.services.mall.record.id },
    handler: async ({ services }): Promise<Brand> => {
      // Nothing to remove is no change: refused, so the audit log never records one.
      if (!services.mall.record.brand?.logo) throw notFound('the mall has no logo to remove', 'logo');
      const before = await services.mall.setLogo(undefined);
      services.bus.emit('mall.changed');
      if (before) await removeLogo(brandDir(services), before);
      return toBrand(services.mall.record);
    },
  }),
];
