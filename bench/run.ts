/**
 * `npm run bench [-- --quick]`: measures DESIGN.md's targets on generated data of a year of a busy
 * mall, against the real hub in its own process, and prints measured vs target. Writes
 * bench/results/<date>-<commit>.{json,md}. --quick is a small smoke run for CI.
 *
 * Each concern is a module in MODULES; a measurement whose feature does not exist yet is a row
 * saying "not built yet".
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { describeSizes, ensureDataset, FULL, QUICK } from './generate.ts';
import type { BenchModule, Row } from './lib/measurement.ts';
import { table, writeResults } from './lib/report.ts';
import { e2eChromium } from './modules/e2e-chromium.ts';
import { hubLoad } from './modules/hub-load.ts';
import { hubLoad2000 } from './modules/hub-load-2000.ts';
import { kioskBundle } from './modules/kiosk-bundle.ts';
import { panelBundle } from './modules/panel-bundle.ts';
import { panelLists } from './modules/panel-lists.ts';
import { tenantReport } from './modules/tenant-report.ts';
import { startup } from './modules/startup.ts';
import { restingCards } from './modules/resting-cards.ts';
import { clusterLoad } from './modules/cluster-load.ts';
import { videoSwitch } from './modules/video-switch.ts';
import { staleBuild } from '#server/testing/build-fresh.ts';
import { ROOT } from '#server/testing/hub-spawn.ts';

const MODULES: BenchModule[] = [startup, hubLoad, hubLoad2000, clusterLoad, restingCards, e2eChromium, videoSwitch, tenantReport, kioskBundle, panelBundle, panelLists];

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const log = (line: string) => console.log(line);
const started = performance.now();
const loadAtStart = Math.round(loadavg()[0] * 10) / 10;

// A run measures the code as it is now: `npm run bench` builds first, `tsx bench/run.ts` may not have.
const stale = staleBuild();
if (stale) {
  log(stale === 'missing' ? 'no build in dist/: building' : `dist/ is older than ${stale}: building`);
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
}

const dataset = await ensureDataset(quick ? QUICK : FULL, log);
// The shops' report rows were bucketed in the data's time zone; the hub must count in the same.
process.env.ATRIUM_TIMEZONE ??= dataset.timezone;
log(`machine load average ${loadAtStart} (2 cores, shared)`);
log(`data: ${dataset.shoppers.toLocaleString('en')} shoppers, ${dataset.visits.toLocaleString('en')} visits (seed ${dataset.seed})`);
for (const line of describeSizes(dataset.sizes)) log(`  ${line}`);

const rows: Row[] = [];
for (const module of MODULES) {
  if (only && !only.some((o) => module.name.includes(o))) continue;
  log(`\n▶ ${module.name}`);
  const copies: string[] = [];
  try {
    rows.push(
      ...(await module.run({
        quick,
        dataset,
        log,
        copyData: async () => {
          const dir = await mkdtemp(join(tmpdir(), 'atrium-bench-'));
          copies.push(dir);
          await cp(dataset.dataRoot, dir, { recursive: true });
          return dir;
        },
      })),
    );
  } catch (e) {
    log(`  failed: ${e instanceof Error ? e.stack : String(e)}`);
    rows.push({ id: module.name, what: module.name, target: '', measured: null, unit: '', display: `error: ${(e instanceof Error ? e.message : String(e)).split('\n')[0].replace(/\x1b\[[0-9;]*m/g, '')}`, pass: false });
  } finally {
    for (const dir of copies) await rm(dir, { recursive: true, force: true });
  }
}

const seconds = Math.round((performance.now() - started) / 1000);
const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
const date = new Date().toISOString().slice(0, 10);
const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GB`;
console.log(`\n${table(rows)}\n`);
// A partial run keeps its rows too, named for what it ran (`…-only-video.json`), beside full runs.
const base = await writeResults(resolve(import.meta.dirname, 'results'), rows, { date, commit, quick, seconds, machine, loadAverage: { start: loadAtStart, end: Math.round(loadavg()[0] * 10) / 10 }, dataset, ...(only ? { only } : {}) });
console.log(`results: ${base}.json, ${base}.md (${seconds} s)`);
process.exit(rows.some((r) => r.pass === false) ? 1 : 0);
