import { z } from 'zod';
import { LANGUAGES } from '../constants.ts';
import { Id } from './common.ts';

/** A shopper-facing name in other kiosk languages; a missing language falls back to `name`. */
export const Names = z.partialRecord(z.enum(LANGUAGES), z.string().trim().min(1).max(80));
export type Names = z.infer<typeof Names>;

export const Zone = z.object({ id: Id, name: z.string().min(1).max(80), names: Names.optional() });
export type Zone = z.infer<typeof Zone>;

export const Tenant = z.object({
  id: Id,
  name: z.string().min(1).max(120),
  zoneId: Id,
  names: Names.optional(),
  /** A closed shop's users cannot sign in; its data stays for reports. */
  closed: z.boolean().optional(),
});
export type Tenant = z.infer<typeof Tenant>;

export const Choice = z.object({ id: Id, name: z.string(), names: Names.optional() });
export type Choice = z.infer<typeof Choice>;

export const MallInfo = z.object({
  id: Id,
  name: z.string(),
  zones: z.array(Zone),
  tenants: z.array(Tenant),
  /** What a shopper may say they are interested in, and where they may say they live. */
  interests: z.array(Choice),
  areas: z.array(Choice),
  /** The mall's BCP 47 locale ("en-GB"): the panel writes dates and numbers in it (settings.locale). */
  locale: z.string(),
});
export type MallInfo = z.infer<typeof MallInfo>;

export const CreateTenantBody = z.strictObject({
  id: Id,
  name: z.string().trim().min(1).max(120),
  zoneId: Id,
});
export type CreateTenantBody = z.infer<typeof CreateTenantBody>;

/** The mall's lists an operator edits item by item; shops have their own routes (they close, not go). */
export const MALL_LISTS = ['zones', 'interests', 'areas'] as const;
export const MallList = z.enum(MALL_LISTS);
export type MallList = z.infer<typeof MallList>;

/** A new or renamed item of a list; the id of a new one is made from its name. */
export const ListItemBody = z.strictObject({ name: z.string().trim().min(1).max(80), names: Names.optional() });
export type ListItemBody = z.infer<typeof ListItemBody>;

export const RenameMallBody = z.strictObject({ name: z.string().trim().min(1).max(120) });
export type RenameMallBody = z.infer<typeof RenameMallBody>;

export const UpdateTenantBody = z.strictObject({ name: z.string().trim().min(1).max(120), zoneId: Id, names: Names.optional() });
export type UpdateTenantBody = z.infer<typeof UpdateTenantBody>;
