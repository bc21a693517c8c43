/**
 * The kiosk's service worker (built as /kiosk-sw.js, scope /kiosk). It lets a kiosk that is
 * reloaded while the hub is down (a power blip, a Chromium restart, F5) start as usual: attract
 * screen, offline indicator, card taps and pass scans into the offline queue.
 *
 * On install it fetches everything the kiosk can need into a cache named after this build: the
 * page, its scripts and styles (translations included) and the lazy chunks (the QR scanner, the
 * join QR), so a pass scan works offline even on a kiosk whose camera was never opened online.
 * The page is network-first, so a hub upgrade shows at once; a new build's worker fills its own
 * cache, takes over, and deletes the old one. Nothing from the API is ever stored here: the
 * start-up settings the kiosk needs offline (token, sealing key, idle timeout and languages) it
 * keeps itself, in localStorage, and shoppers' answers are never kept at all.
 */
import { cacheName, PAGE_PATH, routeOf, staleCaches, type KioskPrecache } from './sw-cache.ts';
import type { WorkerScope } from '#shared/client/worker-scope.ts';

/** Written in by the build (kiosk/sw-precache.ts): this build's file list and its version. */
declare const __KIOSK_PRECACHE__: KioskPrecache;
const PRECACHE: KioskPrecache = __KIOSK_PRECACHE__;
const CACHE = cacheName(PRECACHE.version);
/** A hub that does not answer the page in this long is treated as down: the cached page starts at once. */
const PAGE_TIMEOUT_MS = 4000;

const worker = self as unknown as WorkerScope;

worker.addEventListener('install', (e) => e.waitUntil(precache().then(() => worker.skipWaiting())));

worker.addEventListener('activate', (e) =>
  e.waitUntil(
    (async () => {
      await Promise.all(staleCaches(await caches.keys(), CACHE).map((k) => caches.delete(k)));
      await worker.clients.claim();
    })(),
  ),
);

worker.addEventListener('fetch', (e) => {
  const route = routeOf(e.request.method, new URL(e.request.url), worker.location.origin);
  if (route === 'page') e.respondWith(pageFirstFromHub(e.request));
  else if (route === 'asset') e.respondWith(assetFromCache(e.request));
});

/**
 * All or nothing (addAll): a build whose files cannot all be had (the hub went down mid-install)
 * does not install, and the kiosk keeps the last complete set. The page is fetched past the HTTP
 * cache so it is the one that goes with these assets.
 */
async function precache(): Promise<void> {
  const cache = await caches.open(CACHE);
  await cache.addAll(PRECACHE.urls.map((u) => (u === PAGE_PATH ? new Request(u, { cache: 'no-cache' }) : u)));
}

async function pageFirstFromHub(request: Request): Promise<Response> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), PAGE_TIMEOUT_MS);
  try {
    const response = await fetch(request, { signal: abort.signal });
    // A hub that answers but cannot serve the page (mid-upgrade, a proxy's 502) is no better than none.
    if (response.ok) return response;
    return (await cachedPage()) ?? response;
  } catch {
    return (await cachedPage()) ?? new Response('The kiosk cannot reach the mall hub.', { status: 503, headers: { 'content-type': 'text/plain' } });
  } finally {
    clearTimeout(timer);
  }
}

/** The page stored with this build's assets (never one fetched later, which may name a newer build's files). */
async function cachedPage(): Promise<Response | undefined> {
  return (await caches.open(CACHE)).match(PAGE_PATH);
}

async function assetFromCache(request: Request): Promise<Response> {
  const cached = await (await caches.open(CACHE)).match(request);
  if (cached) return cached;
  try {
    return await fetch(request);
  } catch {
    return new Response('offline', { status: 503 });
  }
}
