import type { Playlist } from '#shared/schemas/promotions.ts';

/**
 * What lets a screen keep playing without the hub: the last playlist in localStorage, and the
 * page, its scripts and its images in the Cache API (served by the service worker after a reload).
 */
const PLAYLIST_KEY = 'atrium.screen.playlist';
export const CACHE_NAME = 'atrium-screen-v1';

export function loadPlaylist(): Playlist | null {
  try {
    const raw = localStorage.getItem(PLAYLIST_KEY);
    return raw ? (JSON.parse(raw) as Playlist) : null;
  } catch {
    return null;
  }
}

export function savePlaylist(p: Playlist): void {
  localStorage.setItem(PLAYLIST_KEY, JSON.stringify(p));
}

/** Puts the page and the scripts and styles it loaded into the cache, for a reload with the hub down. */
export async function cacheShell(): Promise<void> {
  if (!('caches' in window)) return;
  const cache = await caches.open(CACHE_NAME);
  const urls = new Set<string>([location.pathname]);
  for (const e of performance.getEntriesByType('resource')) {
    const url = new URL(e.name);
    if (url.origin === location.origin && url.pathname.startsWith('/assets/')) urls.add(url.pathname);
  }
  await Promise.all([...urls].map((u) => cache.add(u).catch(() => undefined)));
}

/**
 * Loads and decodes an image before it is shown (so it never pops in half-drawn), keeping a copy
 * in the cache. Resolves false if it cannot be had; the slide then shows without it.
 */
export async function preloadImage(url: string, timeoutMs = 4000): Promise<boolean> {
  try {
    if ('caches' in window) {
      const cache = await caches.open(CACHE_NAME);
      if (!(await cache.match(url))) await cache.add(url).catch(() => undefined);
    }
    const img = new Image();
    img.src = url;
    await Promise.race([img.decode(), new Promise((_, reject) => setTimeout(() => reject(new Error('slow image')), timeoutMs))]);
    return true;
  } catch {
    return false;
  }
}

export function registerServiceWorker(): void {
  if ('serviceWorker' in navigator) navigator.serviceWorker.register('/screen-sw.js', { type: 'module' }).catch(() => undefined);
}
