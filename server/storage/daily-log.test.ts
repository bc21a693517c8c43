import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempFolderEach } from '../testing/files.ts';
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
  const dir = tempFolderEach('atrium-log-');

  const open = (cacheDays?: number) => DailyLog.open<Entry>(dir(), { fsync: false, cacheDays });
  const entry = (id: string, at: string, who = 'x'): Entry => ({ id, at, who });

  it('appends entries to one file per UTC day', async () => {
    const log = await open();
    expect(await log.append(entry('a', '2026-05-01T10:00:00.000Z'))).toBe(true);
    expect(await log.append(entry('b', '2026-05-01T23:00:00.000Z'))).toBe(true);
    expect(await log.append(entry('c', '2026-05-02T00:00:01.000Z'))).toBe(true);
    expect(await log.days()).toEqual(['2026-05-01', '2026-05-02']);
    expect((await log.read('2026-05-01')).map((e) => e.id)).toEqual(['a', 'b']);
    expect(JSON.parse(await readFile(join(dir(), '2026-05-02.json'), 'utf8'))).toEqual([entry('c', '2026-05-02T00:00:01.000Z')]);
  });

  it('drops whole days before a given day, every segment of them, and nothing after (retention)', async () => {
    const log = await DailyLog.open<Entry>(dir(), { fsync: false, segmentSize: 2 });
    for (const [i, day] of ['2026-04-29', '2026-04-29', '2026-04-29', '2026-04-30', '2026-05-01'].entries()) {
      await log.append(entry(`e${i}`, `${day}T10:00:0${i}.000Z`));
    }
    expect((await readdir(dir())).sort()).toEqual(['2026-04-29.2.json', '2026-04-29.json', '2026-04-30.json', '2026-05-01.json']);
    expect(await log.dropBefore('2026-05-01')).toBe(4);
    expect(await readdir(dir())).toEqual(['2026-05-01.json']);
    expect(await log.days()).toEqual(['2026-05-01']);
    expect(await log.read('2026-04-29')).toEqual([]);
    // Again: nothing more goes.
    expect(await log.dropBefore('2026-05-01')).toBe(0);
    expect((await log.read('2026-05-01')).map((e) => e.id)).toEqual(['e4']);
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

  it('rewrites a day (erasure) in place; a change that drops or moves an entry is refused, nothing changed', async () => {
    const log = await open();
    const at = '2026-05-01T10:00:00.000Z';
    expect(await log.appendPositioned(entry('a', at, 'alice'))).toBe(0);
    expect(await log.appendPositioned(entry('b', at, 'bob'))).toBe(1);
    expect(await log.appendPositioned(entry('b', at, 'bob'))).toBeNull();
    // Followers name a visit by its position in its day (rewards/applied-visits.ts): it must not move.
    await expect(log.rewrite('2026-05-01', (es) => es.filter((e) => e.who !== 'alice'))).rejects.toThrow(/2026-05-01.*position/);
    await expect(log.rewrite('2026-05-01', (es) => [...es].reverse())).rejects.toThrow(/position/);
    expect((await log.read('2026-05-01')).map((e) => e.who)).toEqual(['alice', 'bob']);
    await log.rewrite('2026-05-01', (es) => es.map((e) => (e.who === 'alice' ? { ...e, who: '' } : e)));
    expect(await log.has('a', at)).toBe(true);
    const again = await open();
    expect((await again.read('2026-05-01')).map((e) => [e.id, e.who])).toEqual([['a', ''], ['b', 'bob']]);
    expect(await again.appendPositioned(entry('c', at))).toBe(2);
  });

  it('drops old days from memory without losing entries written to them', async () => {
    const log = await open(2);
    const days = Array.from({ length: 8 }, (_, i) => `2026-06-${String(i + 1).padStart(2, '0')}`);
    await Promise.all(days.flatMap((d) => [1, 2, 3].map((n) => log.append(entry(`${d}-${n}`, `${d}T12:00:00.000Z`)))));
    for (const d of days) expect((await log.read(d)).map((e) => e.id)).toEqual([`${d}-1`, `${d}-2`, `${d}-3`]);
    await log.flush();
    const again = await open();
    for (const d of days) expect(await again.read(d)).toHaveLength(3);
    expect((await readdir(dir())).filter((f) => f.startsWith('.'))).toEqual([]);
  });
});

interface SegEntry {
  id: string;
  at: string;
  n: number;
}

const at = (day: string, n: number) => `${day}T10:00:${String(n % 60).padStart(2, '0')}.000Z`;

describe('DailyLog segments', () => {
  const dir = tempFolderEach('atrium-dailylog-');

  it('splits a busy day into bounded files and reads it back whole, in order', async () => {
    const log = await DailyLog.open<SegEntry>(dir(), { fsync: false, segmentSize: 3 });
    for (let n = 0; n < 7; n++) expect(await log.append({ id: `v${n}`, at: at('2026-11-20', n), n })).toBe(true);
    expect((await readdir(dir())).sort()).toEqual(['2026-11-20.2.json', '2026-11-20.3.json', '2026-11-20.json']);
    expect(JSON.parse(await readFile(join(dir(), '2026-11-20.json'), 'utf8'))).toHaveLength(3);
    expect((await log.read('2026-11-20')).map((e) => e.n)).toEqual([0, 1, 2, 3, 4, 5, 6]);

    const reopened = await DailyLog.open<SegEntry>(dir(), { fsync: false, segmentSize: 3 });
    expect(await reopened.days()).toEqual(['2026-11-20']);
    expect((await reopened.read('2026-11-20')).map((e) => e.n)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    // An id in an earlier segment is still a duplicate.
    expect(await reopened.append({ id: 'v1', at: at('2026-11-20', 1), n: 99 })).toBe(false);
    expect(await reopened.has('v5', at('2026-11-20', 5))).toBe(true);
    expect(await reopened.read('2026-11-20')).toHaveLength(7);
  });

  it('reads a day written as one file before segments existed, and keeps appending after it', async () => {
    await writeFile(join(dir(), '2026-11-19.json'), JSON.stringify([0, 1, 2, 3].map((n) => ({ id: `old${n}`, at: at('2026-11-19', n), n }))));
    const log = await DailyLog.open<SegEntry>(dir(), { fsync: false, segmentSize: 2 });
    await log.append({ id: 'new', at: at('2026-11-19', 9), n: 9 });
    expect((await log.read('2026-11-19')).map((e) => e.id)).toEqual(['old0', 'old1', 'old2', 'old3', 'new']);
    expect((await readdir(dir())).sort()).toEqual(['2026-11-19.2.json', '2026-11-19.json']);
  });

  it('bulk-appends across days and segments, skipping ids already stored', async () => {
    const log = await DailyLog.open<SegEntry>(dir(), { fsync: false, segmentSize: 4 });
    const entries = Array.from({ length: 10 }, (_, n) => ({ id: `b${n}`, at: at(n < 6 ? '2026-11-01' : '2026-11-02', n), n }));
    expect(await log.appendMany(entries)).toBe(10);
    expect(await log.appendMany(entries.slice(0, 3))).toBe(0);
    expect(await log.days()).toEqual(['2026-11-01', '2026-11-02']);
    const reopened = await DailyLog.open<SegEntry>(dir(), { fsync: false, segmentSize: 4 });
    expect(await reopened.read('2026-11-01')).toHaveLength(6);
    expect(await reopened.read('2026-11-02')).toHaveLength(4);
  });

  it('rewrites every segment of a day', async () => {
    const log = await DailyLog.open<SegEntry>(dir(), { fsync: false, segmentSize: 2 });
    for (let n = 0; n < 5; n++) await log.append({ id: `r${n}`, at: at('2026-11-21', n), n });
    await log.rewrite('2026-11-21', (list) => list.map((e) => ({ ...e, n: e.n % 2 === 0 ? e.n : -1 })));
    const reopened = await DailyLog.open<SegEntry>(dir(), { fsync: false, segmentSize: 2 });
    expect((await reopened.read('2026-11-21')).map((e) => e.n)).toEqual([0, -1, 2, -1, 4]);
    expect(await reopened.has('r1', at('2026-11-21', 1))).toBe(true);
    // Positions run on across segments.
    expect(await reopened.appendPositioned({ id: 'r5', at: at('2026-11-21', 5), n: 5 })).toBe(5);
  });
});
