import { z } from 'zod';
import { unreadableMain, unreadableOn } from '../brand.ts';
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

/** An item id of one of the mall's lists; age bands keep their plus ("65+"). */
export const ListItemId = z.string().regex(/^[A-Za-z0-9_+-]{1,64}$/, 'must be 1–64 letters, digits, _, + or -');

export const Choice = z.object({ id: ListItemId, name: z.string(), names: Names.optional() });
export type Choice = z.infer<typeof Choice>;

/** A colour as "#rrggbb" (stored lower-case). */
export const HexColour = z
  .string()
  .trim()
  .regex(/^#[0-9a-fA-F]{6}$/, 'give a colour as #rrggbb, e.g. #0b5cad')
  .transform((c) => c.toLowerCase());

/** A colour checked for readable text (WCAG AA, 4.5:1) by `problem`, which says what is wrong or null. */
const readable = (problem: (c: string) => string | null) =>
  HexColour.superRefine((c, ctx) => {
    const why = problem(c);
    if (why) ctx.addIssue({ code: 'custom', message: why });
  });

/**
 * The mall's colours: `primary` for headers and main buttons (white text on it, and it as text on
 * the light page), `accent` for highlights (selected chips, borders, the screens' frame; white or
 * dark text on it, whichever reads).
 */
export const BrandColoursBody = z.strictObject({ primary: readable(unreadableMain), accent: readable(unreadableOn) });
export type BrandColoursBody = z.infer<typeof BrandColoursBody>;

/**
 * What kiosks, screens, the pass page and emails draw the mall with: its colours, the text
 * colour that reads on each (`primaryInk`, `accentInk`), and its logo's path on the hub if it has one.
 */
export const Brand = z.object({
  primary: z.string(),
  primaryInk: z.string(),
  accent: z.string(),
  accentInk: z.string(),
  /** "/brand/logo-….png": served by the hub to anyone (the pass page and emails show it). */
  logoUrl: z.string().optional(),
});
export type Brand = z.infer<typeof Brand>;

export const MallInfo = z.object({
  id: Id,
  name: z.string(),
  brand: Brand,
  zones: z.array(Zone),
  tenants: z.array(Tenant),
  /** What a shopper may say they are interested in, and where they may say they live. */
  interests: z.array(Choice),
  areas: z.array(Choice),
  /** The age bands a shopper may choose; named (and translated) by the mall. */
  ageBands: z.array(Choice),
  /** The mall's BCP 47 locale ("en-GB"): the panel writes dates and numbers in it (settings.locale). */
  locale: z.string(),
  /** The mall's IANA time zone ("Europe/London"): the panel writes times on the mall's clock. */
  timezone: z.string(),
});
export type MallInfo = z.infer<typeof MallInfo>;

export const CreateTenantBody = z.strictObject({
  id: Id,
  name: z.string().trim().min(1).max(120),
  zoneId: Id,
});
export type CreateTenantBody = z.infer<typeof CreateTenantBody>;

/** The mall's lists an operator edits item by item; shops have their own routes (they close, not go). */
export const MALL_LISTS = ['zones', 'interests', 'areas', 'ageBands'] as const;
export const MallList = z.enum(MALL_LISTS);
export type MallList = z.infer<typeof MallList>;

/** A new or renamed item of a list; the id of a new one is made from its name. */
export const ListItemBody = z.strictObject({ name: z.string().trim().min(1).max(80), names: Names.optional() });
export type ListItemBody = z.infer<typeof ListItemBody>;

export const RenameMallBody = z.strictObject({ name: z.string().trim().min(1).max(120) });
export type RenameMallBody = z.infer<typeof RenameMallBody>;

export const UpdateTenantBody = z.strictObject({ name: z.string().trim().min(1).max(120), zoneId: Id, names: Names.optional() });
export type UpdateTenantBody = z.infer<typeof UpdateTenantBody>;
