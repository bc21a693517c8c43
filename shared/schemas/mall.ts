import { z } from 'zod';
import { Id } from './common.ts';

export const Zone = z.object({ id: Id, name: z.string().min(1).max(80) });
export type Zone = z.infer<typeof Zone>;

export const Tenant = z.object({ id: Id, name: z.string().min(1).max(120), zoneId: Id });
export type Tenant = z.infer<typeof Tenant>;

export const Choice = z.object({ id: Id, name: z.string() });

export const MallInfo = z.object({
  id: Id,
  name: z.string(),
  zones: z.array(Zone),
  tenants: z.array(Tenant),
  /** What a shopper may say they are interested in, and where they may say they live. */
  interests: z.array(Choice),
  areas: z.array(Choice),
});
export type MallInfo = z.infer<typeof MallInfo>;

export const CreateTenantBody = z.strictObject({
  id: Id,
  name: z.string().trim().min(1).max(120),
  zoneId: Id,
});
export type CreateTenantBody = z.infer<typeof CreateTenantBody>;
