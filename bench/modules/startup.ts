/** Target 4: the hub's cold start on the full dataset, and its memory once loaded. */
import { spawnHub } from '../lib/hub-process.ts';
import type { BenchModule } from '../lib/measurement.ts';
import { median, summarise } from '../lib/stats.ts';

export const startup: BenchModule = {
  name: 'cold start and memory',
  async run({ quick, dataset, log, copyData }) {
    const rounds = quick ? 3 : 5;
    const dataRoot = await copyData();
    const starts: number[] = [];
    const rss: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const hub = await spawnHub(dataRoot);
      starts.push(hub.startMs);
      // Memory as it stays: once the reports' warm-up after start is done (it keeps what it reads),
      // and start-up garbage has been collected and timers have settled.
      const t0 = Date.now();
      while ((await (await fetch(`${hub.url}/api/health`)).json()).reports !== 'ready' && Date.now() - t0 < 60_000) await new Promise((res) => setTimeout(res, 50));
      await new Promise((res) => setTimeout(res, 2000));
      rss.push(hub.rssBytes() / 1048576);
      log(`  round ${r + 1}: health OK after ${hub.startMs.toFixed(0)} ms, RSS ${rss.at(-1)!.toFixed(0)} MB`);
      await hub.stop();
    }
    const s = summarise(starts);
    const memory = median(rss);
    const size = `${dataset.shoppers.toLocaleString('en')} shoppers / ${dataset.visits.toLocaleString('en')} visits`;
    return [
      {
        id: 'rss',
        what: `hub RSS after loading ${size} and warming up reports`,
        target: '≤ 400 MB',
        measured: Math.round(memory),
        unit: 'MB',
        display: `${memory.toFixed(0)} MB (median of ${rounds}; max ${Math.max(...rss).toFixed(0)})`,
        pass: memory <= 400,
        rounds: rss,
      },
      {
        id: 'cold-start',
        what: `hub cold start (spawn → /api/health OK) with ${size}`,
        target: '≤ 3 s',
        measured: Math.round(s.p50),
        unit: 'ms',
        display: `median ${(s.p50 / 1000).toFixed(2)} s (max ${(s.max / 1000).toFixed(2)} s; ${rounds} starts, files in the OS cache)`,
        pass: Math.max(...starts) <= 3000,
        summary: s,
        rounds: starts,
      },
    ];
  },
};
