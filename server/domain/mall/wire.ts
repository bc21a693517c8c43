/** The mall's settings and brand as the panel, devices, the pass page and emails see them. */
import { DEFAULT_BRAND, inkFor } from '#shared/brand.ts';
import type { Brand } from '#shared/schemas/mall.ts';
import { ALWAYS_OPEN, type MallSettings } from '#shared/schemas/setup.ts';
import type { MallRecord } from '#server/storage/records.ts';

/** The hub's own settings, which a mall without its own (the demo mall) runs on. */
export interface HubDefaults {
  timezone: string;
  k: number;
  publicUrl?: string;
}

/** Where the hub serves the mall's brand files (its logo) from the mall's `brand/` folder. */
export const BRAND_PATH = '/brand';

/** The mall's colours (Atrium's until it picks its own), the text colour that reads on each, and its logo's path. */
export function toBrand(mall: MallRecord): Brand {
  const primary = mall.brand?.primary ?? DEFAULT_BRAND.primary;
  const accent = mall.brand?.accent ?? DEFAULT_BRAND.accent;
  return {
    primary,
    primaryInk: inkFor(primary).ink,
    accent,
    accentInk: inkFor(accent).ink,
    ...(mall.brand?.logo ? { logoUrl: `${BRAND_PATH}/${mall.brand.logo}` } : {}),
  };
}

/**
 * The settings the mall runs on: those stored at set-up, or for a mall made before set-up existed
 * (the demo mall) the hub's own time zone, K and public URL, British English, and open all day every day.
 */
export function toMallSettings(mall: MallRecord, hub: HubDefaults): MallSettings {
  if (mall.settings) return structuredClone(mall.settings);
  return {
    timezone: hub.timezone,
    locale: 'en-GB',
    defaultLanguage: 'en',
    k: hub.k,
    // It never closes (hoursNow): say so, rather than invent hours that a first save would make real.
    openingHours: structuredClone(ALWAYS_OPEN),
    ...(hub.publicUrl ? { publicUrl: hub.publicUrl } : {}),
  };
}
