import type { Dataset } from '../generate.ts';
import type { Summary } from './stats.ts';

/** One row of the bench table. `measured: null` means the feature is not built yet. */
export interface Row {
  id: string;
  what: string;
  target: string;
  /** The number compared with the target, in `unit`. */
  measured: number | null;
  unit: string;
  /** How the row reads in the table, e.g. "p99 12.3 ms (p50 4.1, p95 8.0; 9,000 samples, 3 rounds)". */
  display: string;
  pass: boolean | null;
  summary?: Summary;
  rounds?: unknown[];
  note?: string;
}

export interface BenchContext {
  quick: boolean;
  dataset: Dataset;
  log: (line: string) => void;
  /** A fresh copy of the dataset's data folder for one hub run; removed when the bench ends. */
  copyData: () => Promise<string>;
}

/** One measurement concern. The harness runs these in order; add a module to the list in run.ts. */
export interface BenchModule {
  name: string;
  run(ctx: BenchContext): Promise<Row[]>;
}

export const notBuilt = (id: string, what: string, target: string, why: string): Row => ({
  id,
  what,
  target,
  measured: null,
  unit: '',
  display: 'not built yet',
  pass: null,
  note: why,
});
