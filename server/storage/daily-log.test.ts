import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DailyLog } from './daily-log.ts';

interface Entry {
  id: string;
  at: string;
  n: number;
}

const at = (day: string, n: number) => `${day}T10:00:${String(n % 60).padStart(2, '0')}.000Z`;

describe('DailyLog segments', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'atrium-dailylog-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('splits a busy day into bounded files and reads it back whole, in order', async () => {
    const log = await DailyLog.open<Entry>(dir, { fsync: false, segmentSize: 3 });
    for (let n = 0; n < 7; n++) expect(await log.append({ id: `v${n}`, at: at('2026-11-20', n), n })).toBe(true);
    expect((await readdir(dir)).sort()).toEqual(['2026-11-20.2.json', '2026-11-20.3.json', '2026-11-20.json']);
    expect(JSON.parse(await readFile(join(dir, '2026-11-20.json'), 'utf8'))).toHaveLength(3);
    expect((await log.read('2026-11-20')).map((e) => e.n)).toEqual([0, 1, 2, 3, 4, 5, 6]);

    const reopened = await DailyLog.open<Entry>(dir, { fsync: false, segmentSize: 3 });
    expect(await reopened.days()).toEqual(['2026-11-20']);
    expect((await reopened.read('2026-11-20')).map((e) => e.n)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    // An id in an earlier segment is still a duplicate.
    expect(await reopened.append({ id: 'v1', at: at('2026-11-20', 1), n: 99 })).toBe(false);
    expect(await reopened.has('v5', at('2026-11-20', 5))).toBe(true);
    expect(await reopened.read('2026-11-20')).toHaveLength(7);
  });

  it('reads a day written as one file before segments existed, and keeps appending after it', async () => {
    await writeFile(join(dir, '2026-11-19.json'), JSON.stringify([0, 1, 2, 3].map((n) => ({ id: `old${n}`, at: at('2026-11-19', n), n }))));
    const log = await DailyLog.open<Entry>(dir, { fsync: false, segmentSize: 2 });
    await log.append({ id: 'new', at: at('2026-11-19', 9), n: 9 });
    expect((await log.read('2026-11-19')).map((e) => e.id)).toEqual(['old0', 'old1', 'old2', 'old3', 'new']);
    expect((await readdir(dir)).sort()).toEqual(['2026-11-19.2.json', '2026-11-19.json']);
  });

  it('bulk-appends across days and segments, skipping ids already stored', async () => {
    const log = await DailyLog.open<Entry>(dir, { fsync: false, segmentSize: 4 });
    const entries = Array.from({ length: 10 }, (_, n) => ({ id: `b${n}`, at: at(n < 6 ? '2026-11-01' : '2026-11-02', n), n }));
    expect(await log.appendMany(entries)).toBe(10);
    expect(await log.appendMany(entries.slice(0, 3))).toBe(0);
    expect(await log.days()).toEqual(['2026-11-01', '2026-11-02']);
    const reopened = await DailyLog.open<Entry>(dir, { fsync: false, segmentSize: 4 });
    expect(await reopened.read('2026-11-01')).toHaveLength(6);
    expect(await reopened.read('2026-11-02')).toHaveLength(4);
  });

  it('rewrites every segment of a day', async () => {
    const log = await DailyLog.open<Entry>(dir, { fsync: false, segmentSize: 2 });
    for (let n = 0; n < 5; n++) await log.append({ id: `r${n}`, at: at('2026-11-21', n), n });
    await log.rewrite('2026-11-21', (list) => list.filter((e) => e.n % 2 === 0));
    const reopened = await DailyLog.open<Entry>(dir, { fsync: false, segmentSize: 2 });
    expect((await reopened.read('2026-11-21')).map((e) => e.n)).toEqual([0, 2, 4]);
    expect(await reopened.has('r1', at('2026-11-21', 1))).toBe(false);
  });
});
