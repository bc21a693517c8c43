import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DailyLog, dayOf, type LogEntry } from './daily-log.ts';

interface Entry extends LogEntry {
  who: string;
}

describe('dayOf', () => {
  it('is the UTC day', () => {
    expect(dayOf('2026-03-01T23:30:00-02:00')).toBe('2026-03-02');
    expect(dayOf(new Date(Date.UTC(2026, 0, 31, 23, 59)))).toBe('2026-01-31');
  });
});

describe('DailyLog', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'atrium-log-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const open = (cacheDays?: number) => DailyLog.open<Entry>(dir, { fsync: false, cacheDays });
  const entry = (id: string, at: string, who = 'x'): Entry => ({ id, at, who });

  it('appends entries to one file per UTC day', async () => {
    const log = await open();
    expect(await log.append(entry('a', '2026-05-01T10:00:00.000Z'))).toBe(true);
    expect(await log.append(entry('b', '2026-05-01T23:00:00.000Z'))).toBe(true);
    expect(await log.append(entry('c', '2026-05-02T00:00:01.000Z'))).toBe(true);
    expect(await log.days()).toEqual(['2026-05-01', '2026-05-02']);
    expect((await log.read('2026-05-01')).map((e) => e.id)).toEqual(['a', 'b']);
    expect(JSON.parse(await readFile(join(dir, '2026-05-02.json'), 'utf8'))).toEqual([entry('c', '2026-05-02T00:00:01.000Z')]);
  });

  it('records an id once, however often it is appended', async () => {
    const log = await open();
    const at = '2026-05-01T10:00:00.000Z';
    expect(await log.append(entry('v1', at, 'first'))).toBe(true);
    expect(await log.append(entry('v1', at, 'replay'))).toBe(false);
    // Appended together, before either is on disk.
    const both = await Promise.all([log.append(entry('v2', at)), log.append(entry('v2', at))]);
    expect(both.sort()).toEqual([false, true]);
    expect(await log.has('v1', at)).toBe(true);
    expect(await log.has('nope', at)).toBe(false);
    expect((await log.read('2026-05-01')).map((e) => [e.id, e.who])).toEqual([
      ['v1', 'first'],
      ['v2', 'x'],
    ]);
  });

  it('keeps entries and their ids across a reopen', async () => {
    const log = await open();
    await log.append(entry('a', '2026-05-01T10:00:00.000Z'));
    await log.append(entry('b', '2026-05-03T10:00:00.000Z'));
    const again = await open();
    expect(await again.days()).toEqual(['2026-05-01', '2026-05-03']);
    expect(await again.append(entry('a', '2026-05-01T11:00:00.000Z'))).toBe(false);
    expect(await again.read('2026-05-01')).toHaveLength(1);
    expect(await again.read('2026-05-04')).toEqual([]);
  });

  it('rewrites a day (erasure) and keeps its ids in step', async () => {
    const log = await open();
    const at = '2026-05-01T10:00:00.000Z';
    await log.append(entry('a', at, 'alice'));
    await log.append(entry('b', at, 'bob'));
    await log.rewrite('2026-05-01', (es) => es.filter((e) => e.who !== 'alice'));
    expect(await log.has('a', at)).toBe(false);
    const again = await open();
    expect((await again.read('2026-05-01')).map((e) => e.id)).toEqual(['b']);
  });

  it('drops old days from memory without losing entries written to them', async () => {
    const log = await open(2);
    const days = Array.from({ length: 8 }, (_, i) => `2026-06-${String(i + 1).padStart(2, '0')}`);
    await Promise.all(days.flatMap((d) => [1, 2, 3].map((n) => log.append(entry(`${d}-${n}`, `${d}T12:00:00.000Z`)))));
    for (const d of days) expect((await log.read(d)).map((e) => e.id)).toEqual([`${d}-1`, `${d}-2`, `${d}-3`]);
    await log.flush();
    const again = await open();
    for (const d of days) expect(await again.read(d)).toHaveLength(3);
    expect((await readdir(dir)).filter((f) => f.startsWith('.'))).toEqual([]);
  });
});
