/** The mall's settings as the panel sees them. */
import { DEFAULT_OPENING_HOURS, type MallSettings } from '#shared/schemas/setup.ts';
import type { MallRecord } from '#server/storage/records.ts';

/**
 * The settings the mall runs on: those stored at set-up, or for a mall made before set-up existed
 * (the demo mall) the hub's own time zone, K and public URL, British English, and the default hours.
 */
export function toMallSettings(mall: MallRecord, hub: { timezone: string; k: number; publicUrl?: string }): MallSettings {
  if (mall.settings) return structuredClone(mall.settings);
  return {
    timezone: hub.timezone,
    locale: 'en-GB',
    defaultLanguage: 'en',
    k: hub.k,
    openingHours: structuredClone(DEFAULT_OPENING_HOURS),
    ...(hub.publicUrl ? { publicUrl: hub.publicUrl } : {}),
  };
}
