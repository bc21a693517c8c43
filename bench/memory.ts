/**
 * `npx tsx bench/memory.ts [--quick] [--reports N]`: the hub's memory on the bench data, alone and
 * broken down, for working on the "≤ 400 MB RSS" target without running the whole bench.
 *
 * Starts the built hub (as the bench does) on a copy of the cached data, waits for the reports'
 * warm-up, then asks the busiest shop's one-year report N times (day/week/month buckets in turn,
 * as modules/tenant-report.ts does) and prints, once warm and after every few reports: RSS (from
 * /proc), and V8's heap used / heap total, external memory and the largest heap spaces from the
 * hub's own /metrics (prom-client's defaults). RSS well above heap total + external is memory the
 * allocator holds (freed, not given back) or code and stacks.
 *
 * BENCH_HUB_ENV='{"MALLOC_ARENA_MAX":"2"}' and BENCH_HUB_NODE_ARGS='--max-semi-space-size=4' try
 * the hub under other settings; BENCH_REPEAT=3 starts it that many times and prints each.
 * BENCH_SIGNAL=SIGUSR2 sends that signal to the hub once warm and again after the reports, e.g.
 * with BENCH_HUB_NODE_ARGS='--heapsnapshot-signal=SIGUSR2' for a heap snapshot at both points.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDataset, FULL, QUICK } from './generate.ts';
import { hubOverrides, spawnHub, type HubProcess } from './lib/hub-process.ts';
import { shopSession, untilWarm } from './modules/tenant-report.ts';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const reports = Number(args[args.indexOf('--reports') + 1] || 0) || (quick ? 6 : 16);
const repeat = Number(process.env.BENCH_REPEAT ?? 1);
const { env, nodeArgs } = hubOverrides();
const signal = process.env.BENCH_SIGNAL as NodeJS.Signals | undefined;

const dataset = await ensureDataset(quick ? QUICK : FULL);
process.env.ATRIUM_TIMEZONE ??= dataset.timezone;
const MB = 2 ** 20;

/** Reads the memory gauges of prom-client's default metrics from the hub's /metrics. */
async function breakdown(hub: HubProcess): Promise<string> {
  const text = await (await fetch(`${hub.url}/metrics`)).text();
  const gauge = (name: string, label = '') => {
    const line = text.split('\n').find((l) => l.startsWith(name) && l.includes(label));
    return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) / MB : NaN;
  };
  const spaces = ['old', 'new', 'large_object', 'code']
    .map((s) => `${s} ${gauge('nodejs_heap_space_size_used_bytes', `space="${s}"`).toFixed(0)}`)
    .join(', ');
  return `heap used ${gauge('nodejs_heap_size_used_bytes').toFixed(0)} of ${gauge('nodejs_heap_size_total_bytes').toFixed(0)} MB, external ${gauge('nodejs_external_memory_bytes').toFixed(0)} MB (${spaces})`;
}

/** Sends BENCH_SIGNAL, if set, and gives the hub a few seconds to act on it (a snapshot takes a while). */
async function signalHub(hub: HubProcess): Promise<void> {
  if (!signal) return;
  process.kill(hub.pid, signal);
  await new Promise((res) => setTimeout(res, 8000));
}

const rss = (hub: HubProcess) => `RSS ${(hub.rssBytes() / MB).toFixed(0)} MB`;

console.log(`data: ${dataset.shoppers.toLocaleString('en')} shoppers, ${dataset.visits.toLocaleString('en')} visits; ${reports} reports; hub env ${JSON.stringify(env)}, node args ${JSON.stringify(nodeArgs)}`);
const data = await mkdtemp(join(tmpdir(), 'atrium-memory-'));
try {
  for (let r = 1; r <= repeat; r++) {
    await rm(data, { recursive: true, force: true });
    await cp(dataset.dataRoot, data, { recursive: true });
    const hub = await spawnHub(data, env, undefined, nodeArgs);
    try {
      await untilWarm(hub);
      // As modules/startup.ts: start-up garbage collected and timers settled.
      await new Promise((res) => setTimeout(res, 2000));
      const warm = rss(hub);
      console.log(`start ${r}: warm, before reports: ${warm}; ${await breakdown(hub)}`);
      await signalHub(hub);
      const ask = await shopSession(hub);
      // The same requests as modules/tenant-report.ts: a month first, then day, week, month in turn.
      for (let i = 1; i <= reports; i++) {
        await ask(i === 1 ? 'month' : ['day', 'week', 'month'][(i - 1) % 3]);
        if (i % 4 === 0 || i === reports) console.log(`  after ${String(i).padStart(2)} reports: ${rss(hub)}; ${await breakdown(hub)}`);
      }
      await signalHub(hub);
      console.log(`start ${r}: RSS once warm ${warm.slice(4)}, after ${reports} reports ${rss(hub).slice(4)}`);
    } finally {
      await hub.stop();
    }
  }
} finally {
  await rm(data, { recursive: true, force: true });
}
