/**
 * What the kiosk's service worker keeps, and under which name. Imported by the worker itself, by
 * the build step that writes its asset list (kiosk/sw-precache.ts) and by the tests, so all three
 * agree on the names.
 */

/** The list a build writes into the worker: every file the kiosk needs, and a version naming that set. */
export interface KioskPrecache {
  version: string;
  urls: string[];
}

export const CACHE_PREFIX = 'atrium-kiosk-';

/** The kiosk's page, whatever its query (`?idle=30&lang=cy`): one cached copy serves every launch command. */
export const PAGE_PATH = '/kiosk';

/** One cache per build: a new build fills a new cache and never serves an old file under a new page. */
export function cacheName(version: string): string {
  return `${CACHE_PREFIX}${version}`;
}

/**
 * The caches to delete once a build's worker takes over: every kiosk cache but its own. Other
 * apps' caches on the same origin (the screen's) are not the kiosk's to remove.
 */
export function staleCaches(keys: readonly string[], current: string): string[] {
  return keys.filter((k) => k.startsWith(CACHE_PREFIX) && k !== current);
}

/**
 * How the worker answers a request: the page network-first (a hub upgrade shows at once), the
 * hashed assets from the cache (a hashed name never changes content), and nothing else at all —
 * the API (shoppers' answers, tokens), the socket and other origins go straight to the network and
 * are never stored.
 */
export type Route = 'page' | 'asset' | null;

export function routeOf(method: string, url: URL, origin: string): Route {
  if (method !== 'GET' || url.origin !== origin) return null;
  if (url.pathname === PAGE_PATH || url.pathname === `${PAGE_PATH}/`) return 'page';
  if (url.pathname.startsWith('/assets/')) return 'asset';
  return null;
}
