import type { MallSettings } from '#shared/schemas/setup.ts';
import { api } from '#server/panel/src/api.ts';

let cached: Promise<{ timeZone: string; locale: string }> | null = null;

/** The mall clock's zone and locale for previews (the clock widget shows mall time); read once per page. */
export function mallClock(): Promise<{ timeZone: string; locale: string }> {
  cached ??= api<MallSettings>('/api/mall/settings')
    .then((s) => ({ timeZone: s.timezone, locale: s.locale }))
    .catch(() => {
      cached = null;
      return { timeZone: 'UTC', locale: 'en-GB' };
    });
  return cached;
}
