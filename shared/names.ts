import type { LANGUAGES } from './constants.ts';

/**
 * The name of one of the mall's list items (zone, shop, interest, home area) to show in
 * `language`: its translation, else the mall's own name for it. Free of zod, for the kiosk's
 * first load.
 */
export const nameIn = (item: { name: string; names?: Partial<Record<string, string>> }, language: (typeof LANGUAGES)[number]): string =>
  item.names?.[language] ?? item.name;
