/**
 * The kiosk's first-load JavaScript, gzip, against its budget (80 KB): the entry and everything it
 * imports statically, read from Vite's manifest. Lazy chunks (the QR scanner, the join QR) are
 * listed apart: they load only when a shopper asks for them.
 *
 * The operator panel's first load is printed too: it has no budget (a desk browser on the mall's
 * network), but it is watched so the design system's components do not grow it unnoticed.
 *
 *   npm run build && npx tsx bench/bundle-size.ts     (exits 1 when the kiosk is over budget)
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}
type Manifest = Record<string, ManifestChunk>;

export const KIOSK_BUDGET_BYTES = 80 * 1024;
/** The panel's entry in Vite's manifest; measured with no budget (Infinity). */
export const PANEL_ENTRY = 'server/panel/index.html';

export interface BundleReport {
  entry: string;
  firstLoad: { file: string; gzip: number }[];
  firstLoadGzip: number;
  lazy: { name: string; files: string[]; gzip: number }[];
  budget: number;
  withinBudget: boolean;
}

const gzipOf = (distDir: string, file: string) => gzipSync(readFileSync(join(distDir, file)), { level: 9 }).length;

/** The chunk keys an entry loads statically, itself included. */
function staticClosure(manifest: Manifest, key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const k of manifest[key]?.imports ?? []) staticClosure(manifest, k, seen);
  return seen;
}

export function measureBundle(distDir = resolve(import.meta.dirname, '..', 'dist'), entry = 'kiosk/index.html', budget = KIOSK_BUDGET_BYTES): BundleReport {
  const manifest = JSON.parse(readFileSync(join(distDir, '.vite', 'manifest.json'), 'utf8')) as Manifest;
  if (!manifest[entry]) throw new Error(`no entry ${entry} in the manifest; run npm run build`);
  const first = staticClosure(manifest, entry);
  const firstLoad = [...first].map((k) => manifest[k].file).filter((f) => f.endsWith('.js')).map((file) => ({ file, gzip: gzipOf(distDir, file) }));
  const firstLoadGzip = firstLoad.reduce((n, f) => n + f.gzip, 0);
  const lazyKeys = new Set<string>();
  for (const k of first) for (const d of manifest[k].dynamicImports ?? []) lazyKeys.add(d);
  const lazy = [...lazyKeys].map((k) => {
    const files = [...staticClosure(manifest, k)].filter((c) => !first.has(c)).map((c) => manifest[c].file).filter((f) => f.endsWith('.js'));
    return { name: manifest[k].src ?? manifest[k].file, files, gzip: files.reduce((n, f) => n + gzipOf(distDir, f), 0) };
  });
  return { entry, firstLoad, firstLoadGzip, lazy, budget, withinBudget: firstLoadGzip <= budget };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

export function printBundleReport(r: BundleReport): void {
  const budget = Number.isFinite(r.budget) ? ` (budget ${kb(r.budget)}) ${r.withinBudget ? 'OK' : 'OVER BUDGET'}` : ' (no budget)';
  console.log(`${r.entry}: first load ${kb(r.firstLoadGzip)} gzip JS${budget}`);
  for (const f of r.firstLoad) console.log(`  ${f.file.padEnd(48)} ${kb(f.gzip)}`);
  console.log('lazy chunks (loaded only when needed):');
  for (const l of r.lazy) console.log(`  ${l.name.padEnd(48)} ${kb(l.gzip)}  [${l.files.join(', ')}]`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const report = measureBundle();
  printBundleReport(report);
  printBundleReport(measureBundle(undefined, PANEL_ENTRY, Infinity));
  if (!report.withinBudget) process.exit(1);
}
