/**
 * Target 7: the JS the kiosk page loads before the camera is opened (its entry and everything it
 * imports statically, gzipped), and the QR scanner only in a chunk loaded when needed. Measured by
 * bench/bundle-size.ts from the Vite manifest, the same code the bundle test runs.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { measureBundle } from '../bundle-size.ts';
import { notBuilt, type BenchModule } from '../lib/measurement.ts';

const DIST = resolve(import.meta.dirname, '../../dist');
const kb = (n: number) => Math.round((n / 1024) * 10) / 10;

export const kioskBundle: BenchModule = {
  name: 'kiosk first load',
  async run({ log }) {
    const target = '≤ 80 KB gzip JS before the camera opens';
    if (!existsSync(resolve(DIST, '.vite/manifest.json'))) return [notBuilt('kiosk-first-load', 'kiosk first-load JS (gzip)', target, 'dist/ not built: run npm run build')];
    const r = measureBundle(DIST);
    const first = kb(r.firstLoadGzip);
    const scanner = r.lazy.find((l) => l.name.includes('qr-camera'));
    const scannerInFirst = r.firstLoad.some((f) => f.file.includes('qr-camera') || f.file.includes('html5-qrcode'));
    log(`  kiosk first load: ${r.firstLoad.length} scripts, ${first} KB gzip; lazy: ${r.lazy.map((l) => `${l.name} ${kb(l.gzip)} KB`).join(', ')}`);
    return [
      {
        id: 'kiosk-first-load',
        what: 'kiosk first-load JS (entry + static imports, gzip)',
        target,
        measured: first,
        unit: 'KB',
        display: `${first} KB gzip (${r.firstLoad.length} files)`,
        pass: r.withinBudget,
        note: 'from the current dist/ build',
      },
      {
        id: 'kiosk-lazy-chunks',
        what: 'QR scanner code loaded only when needed (lazy chunks)',
        target: 'not in the first load',
        measured: scanner ? kb(scanner.gzip) : 0,
        unit: 'KB',
        display: scanner ? `QR camera with zxing in a lazy chunk of ${kb(scanner.gzip)} KB gzip; ${r.lazy.length} lazy chunks in all` : 'no lazy QR chunk found',
        pass: !!scanner && !scannerInFirst,
        note: 'from the Vite manifest of the current build',
      },
    ];
  },
};
