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

/** The media files a playlist needs offline: videos, their posters, images — its items' and its loops' (layout and night). */
export function mediaOf(p: Playlist): string[] {
  const urls = new Set<string>();
  for (const m of Object.values(p.media ?? {})) {
    urls.add(m.url);
    if (m.kind === 'video') urls.add(m.posterUrl);
  }
  for (const i of p.items) {
    if (i.imageUrl) urls.add(i.imageUrl);
    if (i.video) {
      urls.add(i.video.url);
      urls.add(i.video.posterUrl);
    }
  }
  return [...urls];
}

/**
 * Fetches every file not yet in the cache, whole (the service worker answers a video's range
 * requests from this full copy), one at a time so a screen on a thin line is not swamped.
 * Resolves with what is held now, for the screen's report to the hub.
 */
export async function cacheMedia(urls: readonly string[]): Promise<{ wanted: number; cached: number; cachedBytes: number; missing: string[] }> {
  if (!('caches' in window)) return { wanted: urls.length, cached: 0, cachedBytes: 0, missing: urls.slice(0, 50) };
  const cache = await caches.open(CACHE_NAME);
  const missing: string[] = [];
  let cachedBytes = 0;
  for (const url of urls) {
    let held = await cache.match(url);
    if (!held) {
      try {
        const res = await fetch(url, { cache: 'no-store' });
        if (res.ok && res.status === 200) {
          await cache.put(url, res);
          held = await cache.match(url);
        }
      } catch {
        // Offline: it stays missing and is tried again with the next playlist or reconnect.
      }
    }
    if (held) cachedBytes += Number(held.headers.get('content-length') ?? 0);
    else missing.push(url);
  }
  await pruneMedia(cache, new Set(urls));
  return { wanted: urls.length, cached: urls.length - missing.length, cachedBytes, missing: missing.slice(0, 50) };
}

/** Media no longer in the playlist is kept up to this many bytes (a campaign often comes back). */
const SPARE_MEDIA_BYTES = 512 * 1024 * 1024;

/**
 * A screen runs for months and campaigns change: media the playlist no longer names is dropped,
 * oldest first (the Cache API lists keys in the order they were added), once it passes SPARE_MEDIA_BYTES.
 */
async function pruneMedia(cache: Cache, wanted: ReadonlySet<string>): Promise<void> {
  const spare: { request: Request; bytes: number }[] = [];
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (!path.startsWith('/media/') || wanted.has(path)) continue;
    const res = await cache.match(request);
    spare.push({ request, bytes: Number(res?.headers.get('content-length') ?? 0) });
  }
  let total = spare.reduce((n, s) => n + s.bytes, 0);
  for (const s of spare) {
    if (total <= SPARE_MEDIA_BYTES) break;
    await cache.delete(s.request);
    total -= s.bytes;
  }
}
