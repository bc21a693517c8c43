import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BucketedRows } from '#server/storage/bucketed-rows.ts';
import type { StoreVisitRecord } from '#server/storage/records.ts';
import { startTestHub, type TestHub } from '#server/testing/test-hub.ts';
import { dayToIso, isoToDay, monthKey } from '../mall/local-time.ts';

const TYPED_ARRAYS = ['Int8Array', 'Uint8Array', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array'] as const;

/**
 * Bytes of new typed-array memory made while `run` runs: every typed array made from a length or
 * copied from another array, not a view on an existing buffer (what `subarray` makes). The
 * global constructors are replaced by subclasses that count, then put back; the arrays made are
 * real ones (a subclass), so the hub works as ever.
 */
async function typedArrayBytesMade(run: () => Promise<void>): Promise<number> {
  let bytes = 0;
  const scope = globalThis as unknown as Record<string, new (...args: unknown[]) => { byteLength: number }>;
  const originals = TYPED_ARRAYS.map((name) => [name, scope[name]] as const);
  for (const [name, Original] of originals) {
    scope[name] = class extends Original {
      constructor(...args: unknown[]) {
        super(...args);
        if (!(args[0] instanceof ArrayBuffer || args[0] instanceof SharedArrayBuffer)) bytes += this.byteLength;
      }
    };
  }
  try {
    await run();
  } finally {
    for (const [name, Original] of originals) scope[name] = Original;
  }
  return bytes;
}

/**
 * A busy shop's two years of visit rows, straight into the hub's own visit index (as the hub
 * writes them on each till visit): 24 months × 4,000 rows of 3,000 visitors who are no longer
 * enrolled, so each counts as an erased shopper's anonymous visits.
 */
async function writeTwoYearsOfRows(mallFolder: string): Promise<number> {
  const rows = await BucketedRows.open<StoreVisitRecord>(join(mallFolder, 'storevisits'), { fsync: false });
  const today = isoToDay(new Date().toISOString().slice(0, 10));
  let seed = 7;
  const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  let written = 0;
  for (let m = 23; m >= 0; m--) {
    const first = isoToDay(`${monthKey(today - m * 30.44)}-01`);
    const month: StoreVisitRecord[] = [];
    for (let i = 0; i < 4000; i++) {
      const day = Math.min(first + Math.floor((i / 4000) * 28), today);
      month.push([day, 8 * 60 + next(12 * 60), `visitor-${String(next(3000)).padStart(8, '0')}`, next(3) ? 'food-court' : null]);
    }
    await rows.append(`bean-there/${dayToIso(first).slice(0, 7)}`, ...month);
    written += month.length;
  }
  await rows.flush();
  return written;
}

describe('a shop report reads its month tables where they are', () => {
  let hub: TestHub;
  let root: string;
  let rowCount = 0;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'atrium-report-memory-'));
    // The demo mall first, as a first start makes it; then the rows, then the hub that reads them.
    hub = await startTestHub({ timezone: 'UTC', k: 2 }, root);
    await hub.stop();
    rowCount = await writeTwoYearsOfRows(join(root, 'demo'));
    hub = await startTestHub({ timezone: 'UTC', k: 2 }, root);
  });
  afterAll(async () => {
    await hub.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('after the first report, five more make no copy of the month tables (typed arrays made, counted)', async () => {
    const to = new Date().toISOString().slice(0, 10);
    const from = dayToIso(isoToDay(to) - 364);
    const ask = (granularity: 'day' | 'week' | 'month') => hub.services.reports.forTenant('bean-there', { from, to, granularity, liftHours: 4 });
    // The first reads the months into columns and works out the visitors' profiles: kept, not per report.
    const first = await ask('month');
    expect(first.series.length).toBeGreaterThanOrEqual(12);
    const made = await typedArrayBytesMade(async () => {
      for (const granularity of ['day', 'week', 'month', 'day', 'week'] as const) await ask(granularity);
    });
    // The month tables as columns: day, visitor, zone (4 bytes each) and minute (2) per row, 1.3 MB
    // here. Two years of them sit behind a one-year report (the year before is its comparison): a
    // copy of them per report, or a new table of the year's rows it selects (half of them), is
    // over a quarter. What a report does make is sized by days and zones, not rows (the
    // promotions' hour × zone flags, a day's counts): ~120 KB here.
    const monthTableBytes = rowCount * 14;
    expect(made / 5, `typed-array bytes made per report, against ${monthTableBytes} bytes of month tables`).toBeLessThan(monthTableBytes / 4);
  });
});
