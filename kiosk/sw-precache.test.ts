import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Manifest } from 'vite';
import { describe, expect, it } from 'vitest';
import { measureBundle } from '#bench/bundle-size.ts';
import { cacheName, CACHE_PREFIX, routeOf, staleCaches } from './sw-cache.ts';
import { fillWorker, kioskAssets, kioskPrecache } from './sw-precache.ts';

const dist = resolve(import.meta.dirname, '..', 'dist');
const built = existsSync(join(dist, '.vite', 'manifest.json')) && existsSync(join(dist, 'kiosk-sw.js'));

/** A manifest of the shape Vite writes: the kiosk, a lazy scanner with its own style, and another app. */
const manifest = (scanner = 'assets/esm-AAAA.js'): Manifest => ({
  'kiosk/index.html': {
    file: 'assets/kiosk-K1.js', src: 'kiosk/index.html', isEntry: true,
    imports: ['_shared.js'], dynamicImports: ['node_modules/html5-qrcode/esm/index.js'], css: ['assets/kiosk-K1.css'],
  },
  '_shared.js': { file: 'assets/shared-S1.js', imports: [] },
  'node_modules/html5-qrcode/esm/index.js': { file: scanner, isDynamicEntry: true, imports: ['_shared.js'], css: ['assets/scan-C1.css'] },
  'server/panel/index.html': { file: 'assets/panel-P1.js', isEntry: true, imports: ['_shared.js'] },
});

describe('what the kiosk worker caches', () => {
  it('lists the page, the first load, the lazy chunks and their styles, and no other app', () => {
    expect(kioskPrecache(manifest(), '<html></html>').urls).toEqual([
      '/kiosk', '/assets/esm-AAAA.js', '/assets/kiosk-K1.css', '/assets/kiosk-K1.js', '/assets/scan-C1.css', '/assets/shared-S1.js',
    ]);
  });

  it('a new build with any changed file gets a new version, so a new cache; the same build the same one', () => {
    const v1 = kioskPrecache(manifest(), '<html></html>').version;
    expect(kioskPrecache(manifest(), '<html></html>').version).toBe(v1);
    // Only the lazy scanner changed: a kiosk must still not keep the old one.
    expect(kioskPrecache(manifest('assets/esm-BBBB.js'), '<html></html>').version).not.toBe(v1);
    expect(kioskPrecache(manifest(), '<html lang="cy"></html>').version).not.toBe(v1);
    expect(cacheName(v1)).toBe(`${CACHE_PREFIX}${v1}`);
  });

  it('a new build deletes every older kiosk cache, and leaves its own and the screen’s alone', () => {
    const current = cacheName('new');
    expect(staleCaches([cacheName('old'), current, 'atrium-screen-v1', cacheName('older')], current)).toEqual([cacheName('old'), cacheName('older')]);
    expect(staleCaches([current], current)).toEqual([]);
  });

  it('refuses a manifest without the kiosk, and a worker with no list to fill', () => {
    expect(() => kioskAssets({})).toThrow(/kiosk\/index.html/);
    expect(() => fillWorker('self.addEventListener("install", () => {})', { version: 'x', urls: [] })).toThrow(/__KIOSK_PRECACHE__/);
    expect(fillWorker('var r=__KIOSK_PRECACHE__;__KIOSK_PRECACHE__.urls', { version: 'x', urls: ['/kiosk'] })).toBe(
      'var r=({"version":"x","urls":["/kiosk"]});({"version":"x","urls":["/kiosk"]}).urls',
    );
  });
});

describe('what the kiosk worker answers', () => {
  const origin = 'http://hub.local:8080';
  const at = (path: string, o = origin) => new URL(path, o);

  it('the page whatever its launch query, and the hashed assets', () => {
    expect(routeOf('GET', at('/kiosk'), origin)).toBe('page');
    expect(routeOf('GET', at('/kiosk?idle=30&lang=cy&prefix=;'), origin)).toBe('page');
    expect(routeOf('GET', at('/assets/esm-CXxoY3HS.js'), origin)).toBe('asset');
  });

  it('never the API (shoppers’ answers, tokens), the socket, other apps or origins, or a write', () => {
    for (const path of ['/api/kiosk/offline-key', '/api/mall', '/api/shoppers/x/export', '/socket.io/?EIO=4&transport=polling', '/panel', '/pass/abc', '/kiosk-sw.js', '/media/welcome.svg']) {
      expect(routeOf('GET', at(path), origin), path).toBeNull();
    }
    expect(routeOf('POST', at('/kiosk'), origin)).toBeNull();
    expect(routeOf('GET', at('/assets/x.js', 'http://elsewhere.example'), origin)).toBeNull();
  });
});

describe.skipIf(!built)('the built kiosk worker (after npm run build)', () => {
  const real = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8')) as Manifest;
  const worker = readFileSync(join(dist, 'kiosk-sw.js'), 'utf8');
  const precache = kioskPrecache(real, readFileSync(join(dist, 'kiosk', 'index.html'), 'utf8'));

  it('carries this build’s list: every file of the first load and every lazy chunk, the QR scanner included', () => {
    expect(worker).not.toContain('__KIOSK_PRECACHE__');
    expect(worker).toContain(JSON.stringify(precache));
    const bundle = measureBundle(dist);
    for (const f of bundle.firstLoad) expect(precache.urls).toContain(`/${f.file}`);
    for (const l of bundle.lazy) for (const f of l.files) expect(precache.urls).toContain(`/${f}`);
    expect(precache.urls).toContain(`/${real['shared/client/qr-camera.ts'].file}`);
    for (const u of precache.urls) expect(existsSync(join(dist, u === '/kiosk' ? 'kiosk/index.html' : u)), u).toBe(true);
  });

  it('is its own file, not part of the kiosk’s first load', () => {
    expect(measureBundle(dist).firstLoad.map((f) => f.file)).not.toContain('kiosk-sw.js');
    expect(worker).not.toMatch(/\bimport\b[^(]/);
  });
});
