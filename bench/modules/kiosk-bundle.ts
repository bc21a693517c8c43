/**
 * Target 7, the part that is simple to read off dist/: the JS the kiosk page loads before anything
 * else (its entry script and the modules it preloads), gzipped. The lazy-chunk check (the QR
 * scanner only when needed) belongs to bench/bundle-size.ts from the kiosk work.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { notBuilt, type BenchModule } from '../lib/measurement.ts';

const DIST = resolve(import.meta.dirname, '../../dist');

export const kioskBundle: BenchModule = {
  name: 'kiosk first load',
  async run({ log }) {
    const page = resolve(DIST, 'kiosk/index.html');
    const target = '≤ 80 KB gzip JS before the camera opens';
    if (!existsSync(page)) return [notBuilt('kiosk-first-load', 'kiosk first-load JS (gzip)', target, 'dist/ not built: run npm run build')];
    const html = readFileSync(page, 'utf8');
    const scripts = [...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g), ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)].map((m) => m[1]);
    const files = [...new Set(scripts)];
    const bytes = files.reduce((sum, src) => sum + gzipSync(readFileSync(resolve(DIST, src.replace(/^\//, '')))).length, 0);
    const kb = Math.round((bytes / 1024) * 10) / 10;
    log(`  kiosk first load: ${files.length} scripts, ${kb} KB gzip`);
    return [
      {
        id: 'kiosk-first-load',
        what: 'kiosk first-load JS (entry + modulepreloads, gzip)',
        target,
        measured: kb,
        unit: 'KB',
        display: `${kb} KB gzip (${files.length} files)`,
        pass: kb <= 80,
        note: 'from the current dist/ build',
      },
      notBuilt('kiosk-lazy-chunks', 'QR scanner code loaded only when needed (lazy chunks)', 'not in the first load', 'QR scanning and bench/bundle-size.ts are on the kiosk branch'),
    ];
  },
};
