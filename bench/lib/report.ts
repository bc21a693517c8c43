import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Dataset } from '../generate.ts';
import { describeSizes } from '../generate.ts';
import type { Row } from './measurement.ts';

const verdict = (r: Row) => (r.pass === null ? '—' : r.pass ? 'pass' : 'FAIL');

export function table(rows: readonly Row[]): string {
  const header = ['what', 'target', 'measured', 'result'];
  const body = rows.map((r) => [r.what, r.target, r.display, verdict(r)]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

function markdown(rows: readonly Row[], meta: RunMeta): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return [
    `# Atrium bench — ${meta.date}, commit ${meta.commit}${meta.quick ? ' (quick)' : ''}`,
    '',
    `Machine: ${meta.machine}, shared with other work (1-minute load average ${meta.loadAverage.start} at the start, ${meta.loadAverage.end} at the end). Node ${process.versions.node}. Took ${meta.seconds} s.`,
    '',
    `Data: ${meta.dataset.shoppers.toLocaleString('en')} shoppers, ${meta.dataset.visits.toLocaleString('en')} visits over a year (seed ${meta.dataset.seed}), ` +
      `${meta.dataset.screenDevices.length} screens and ${meta.dataset.kioskDevices.length} kiosks provisioned.`,
    ...describeSizes(meta.dataset.sizes).map((l) => `- ${l}`),
    '',
    '| what | target | measured | result |',
    '| --- | --- | --- | --- |',
    ...rows.map((r) => `| ${esc(r.what)} | ${esc(r.target)} | ${esc(r.display)} | ${verdict(r)} |`),
    '',
    '## Notes',
    '',
    ...rows.filter((r) => r.note).map((r) => `- **${r.id}**: ${r.note}`),
    '',
  ].join('\n');
}

export interface RunMeta {
  date: string;
  commit: string;
  quick: boolean;
  seconds: number;
  machine: string;
  /** 1-minute load average when the run started and ended: the machine is shared, and this says how busy. */
  loadAverage: { start: number; end: number };
  dataset: Dataset;
  /** The `--only=` names of a partial run. */
  only?: string[];
}

/** Writes bench/results/<date>-<commit>[-quick][-only-<names>].{json,md}; returns the base path. */
export async function writeResults(dir: string, rows: readonly Row[], meta: RunMeta): Promise<string> {
  await mkdir(dir, { recursive: true });
  const base = join(dir, `${meta.date}-${meta.commit}${meta.quick ? '-quick' : ''}${meta.only ? `-only-${meta.only.join('-').replace(/[^a-z0-9-]/gi, '_')}` : ''}`);
  const { kioskDevices: _k, screenDevices: _s, analyticsIndexes: _a, quietAnalyticsIndexes: _q, ...dataset } = meta.dataset;
  await writeFile(`${base}.json`, JSON.stringify({ ...meta, dataset, rows }, null, 2) + '\n');
  await writeFile(`${base}.md`, markdown(rows, meta));
  return base;
}
