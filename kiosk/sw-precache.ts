import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Manifest, Plugin } from 'vite';
import { PAGE_PATH, type KioskPrecache } from './sw-cache.ts';

/**
 * Build step for the kiosk's service worker: after Vite has written dist/, it reads the manifest,
 * lists every file the kiosk can load (its first load, and each lazy chunk with what it imports,
 * styles included) and writes that list, with a version made from it, into kiosk-sw.js. Asset
 * names carry their content hash, so any change to what the kiosk runs changes the list, the
 * version, and so the worker's bytes: Chromium sees a new worker and installs it.
 */

const PLACEHOLDER = '__KIOSK_PRECACHE__';
export const KIOSK_ENTRY = 'kiosk/index.html';

/** Every file the kiosk entry can load, statically or lazily, as the hub serves them. */
export function kioskAssets(manifest: Manifest, entry = KIOSK_ENTRY): string[] {
  if (!manifest[entry]) throw new Error(`no ${entry} in the Vite manifest`);
  const files = new Set<string>();
  const seen = new Set<string>();
  const walk = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) return;
    files.add(chunk.file);
    for (const f of [...(chunk.css ?? []), ...(chunk.assets ?? [])]) files.add(f);
    for (const k of [...(chunk.imports ?? []), ...(chunk.dynamicImports ?? [])]) walk(k);
  };
  walk(entry);
  return [...files].map((f) => `/${f}`).sort();
}

/** The page and its files, and a version naming exactly that set (and that page). */
export function kioskPrecache(manifest: Manifest, pageHtml: string): KioskPrecache {
  const urls = [PAGE_PATH, ...kioskAssets(manifest)];
  const version = createHash('sha256').update(urls.join('\n')).update('\n').update(pageHtml).digest('hex').slice(0, 12);
  return { version, urls };
}

/** Puts the list into the built worker: parenthesised, so it reads as one expression wherever the minifier left the name. */
export function fillWorker(code: string, precache: KioskPrecache): string {
  if (!code.includes(PLACEHOLDER)) throw new Error(`the kiosk worker has no ${PLACEHOLDER} to fill`);
  return code.replaceAll(PLACEHOLDER, `(${JSON.stringify(precache)})`);
}

export function kioskServiceWorker(workerFile = 'kiosk-sw.js'): Plugin {
  return {
    name: 'atrium-kiosk-sw',
    apply: 'build',
    writeBundle(options) {
      const dir = options.dir;
      if (!dir) throw new Error('the kiosk worker needs build.outDir');
      const manifest = JSON.parse(readFileSync(join(dir, '.vite', 'manifest.json'), 'utf8')) as Manifest;
      const precache = kioskPrecache(manifest, readFileSync(join(dir, KIOSK_ENTRY), 'utf8'));
      const file = join(dir, workerFile);
      writeFileSync(file, fillWorker(readFileSync(file, 'utf8'), precache));
    },
  };
}
