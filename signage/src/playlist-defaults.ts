import type { Playlist } from '#shared/schemas/promotions.ts';
import { FULL_SCREEN } from '#shared/layout-templates.ts';

/**
 * A playlist kept by an older build (before layouts, night states and the crowd's language) has
 * none of those fields: it plays full screen, awake, on UTC until the hub sends a new one.
 */
export function withDefaults(p: Playlist | null): Playlist | null {
  if (!p) return null;
  return { ...p, layout: p.layout ?? FULL_SCREEN, night: p.night ?? null, media: p.media ?? {}, timeZone: p.timeZone ?? 'UTC', locale: p.locale ?? 'en-GB', language: p.language ?? 'en' };
}
