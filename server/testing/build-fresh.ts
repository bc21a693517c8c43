import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './hub-spawn.ts';

/** What `npm run build` reads: the apps' sources and the build's own config. Tests are left out. */
const SOURCES = ['server', 'shared', 'kiosk/src', 'kiosk/index.html', 'kiosk/sw.ts', 'kiosk/sw-cache.ts', 'kiosk/sw-precache.ts', 'signage', 'vite.config.ts', 'package.json'];
const SKIP_DIRS = new Set(['node_modules', 'testing', '.cache']);
const isTest = (name: string): boolean => /\.(test|e2e)\.ts$/.test(name);

/** The two ends of the build: the browser bundles' manifest first, the hub bundle last. */
const OUTPUTS = ['dist/build.json', 'dist/hub/main.mjs'];

function newest(path: string, best: { path: string; ms: number }): void {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return;
  }
  if (stat.isDirectory()) {
    for (const entry of readdirSync(path)) if (!SKIP_DIRS.has(entry) && !isTest(entry)) newest(join(path, entry), best);
  } else if (stat.mtimeMs > best.ms) {
    best.path = path;
    best.ms = stat.mtimeMs;
  }
}

/**
 * Whether `dist/` was built from the sources as they are now: `'missing'` when there is no
 * build, the path of a source file changed after the build when it is stale, or `null` when
 * fresh. Compares file modification times (ms); a test file's change does not count.
 * Why: a benchmark or browser journey that runs an old `dist/` measures or tests old code.
 */
export function staleBuild(root = ROOT): string | null {
  let builtMs = Infinity;
  for (const output of OUTPUTS) {
    try {
      builtMs = Math.min(builtMs, statSync(join(root, output)).mtimeMs);
    } catch {
      return 'missing';
    }
  }
  const best = { path: '', ms: 0 };
  for (const source of SOURCES) newest(join(root, source), best);
  return best.ms > builtMs ? best.path.slice(root.length + 1) : null;
}
