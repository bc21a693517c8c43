/**
 * The operator panel's first-load JS (entry + static imports, gzip), printed for the record: the
 * panel has no budget, but the figure shows what the design system and app shell cost.
 * Measured by bench/bundle-size.ts from the Vite manifest.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { measureBundle, PANEL_ENTRY } from '../bundle-size.ts';
import { notBuilt, type BenchModule } from '../lib/measurement.ts';

const DIST = resolve(import.meta.dirname, '../../dist');
const kb = (n: number) => Math.round((n / 1024) * 10) / 10;

export const panelBundle: BenchModule = {
  name: 'panel first load',
  async run({ log }) {
    const target = 'printed (no budget)';
    if (!existsSync(resolve(DIST, '.vite/manifest.json'))) return [notBuilt('panel-first-load', 'panel first-load JS (gzip)', target, 'dist/ not built: run npm run build')];
    const r = measureBundle(DIST, PANEL_ENTRY, Infinity);
    const first = kb(r.firstLoadGzip);
    log(`  panel first load: ${r.firstLoad.length} scripts, ${first} KB gzip`);
    return [
      {
        id: 'panel-first-load',
        what: 'panel first-load JS (entry + static imports, gzip)',
        target,
        measured: first,
        unit: 'KB',
        display: `${first} KB gzip (${r.firstLoad.length} files)`,
        pass: true,
        note: 'from the current dist/ build',
      },
    ];
  },
};
