/**
 * The screen's service worker: the page, its scripts and its images come from the network when
 * the hub answers (and are kept), and from the cache when it does not — so a screen reloaded
 * while the hub is down still starts and plays its last playlist.
 */
import type { WorkerScope } from '#shared/client/worker-scope.ts';
import { answerRange } from '#signage/src/range.ts';

const CACHE_NAME = 'atrium-screen-v1';

const worker = self as unknown as WorkerScope;

worker.addEventListener('install', (e) => e.waitUntil(worker.skipWaiting()));
worker.addEventListener('activate', (e) => e.waitUntil(worker.clients.claim()));

worker.addEventListener('fetch', (e) => {
  const url = new URL(e.request.url);
  if (e.request.method !== 'GET' || url.origin !== worker.location.origin) return;
  // The mall's logo (/brand/) is on the house slide and the strip: it plays offline like promotion images.
  const cacheable = url.pathname === '/screen' || url.pathname.startsWith('/assets/') || url.pathname.startsWith('/media/') || url.pathname.startsWith('/brand/');
  if (!cacheable) return;
  // Media names are made from their content: a held copy is always right, so it is used first —
  // and a video's range requests are answered from it, hub or no hub.
  if (url.pathname.startsWith('/media/')) {
    e.respondWith(mediaFirst(e.request, url.pathname, (p) => e.waitUntil(p)));
    return;
  }
  e.respondWith(networkThenCache(e.request, url.pathname === '/screen' ? '/screen' : url.pathname));
});

async function networkThenCache(request: Request, key: string): Promise<Response> {
  const cache = await caches.open(CACHE_NAME);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(key, response.clone());
    return response;
  } catch {
    const cached = await cache.match(key);
    if (cached) return cached;
    return new Response('offline', { status: 503 });
  }
}

/** `keep`: the fetch event's waitUntil, so the copy is written while the response already streams to the page. */
async function mediaFirst(request: Request, key: string, keep: (p: Promise<unknown>) => void): Promise<Response> {
  const cache = await caches.open(CACHE_NAME);
  const held = await cache.match(key);
  if (held) return answerRange(held, request.headers.get('range'));
  try {
    const response = await fetch(request);
    // Only a whole file is kept (a 206 cannot be); the page's cacheMedia fetches videos whole.
    if (response.status === 200) keep(cache.put(key, response.clone()).catch(() => undefined));
    return response;
  } catch {
    return new Response('offline', { status: 503 });
  }
}
