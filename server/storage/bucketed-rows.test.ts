import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { tempFolderEach } from '../testing/files.ts';
import { BucketedRows } from './bucketed-rows.ts';
import { Journal } from './journal.ts';

const Row = z.tuple([z.number(), z.string()]);

describe('bucketed rows', () => {
  const dir = tempFolderEach('atrium-buckets-');

  it('lets a bucket go from memory only when no write is under way, and reads it again from its file', async () => {
    const rows = await BucketedRows.open<[number, string]>(dir(), { fsync: false });
    expect(rows.release('shop/2026-01')).toBe(false); // never opened
    const writing = rows.append('shop/2026-01', [1, 'a'], [2, 'b']);
    expect(rows.release('shop/2026-01')).toBe(false);
    await writing;
    // An append that has not reached its file yet holds the bucket too.
    const next = rows.append('shop/2026-01', [3, 'c']);
    expect(rows.release('shop/2026-01')).toBe(false);
    await next;
    const before = await rows.read('shop/2026-01');
    expect(rows.release('shop/2026-01')).toBe(true);
    const after = await rows.read('shop/2026-01');
    expect(after).not.toBe(before);
    expect(after).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
    ]);
    // Appending to a let-go bucket reads the file first: nothing stored is lost.
    expect(rows.release('shop/2026-01')).toBe(true);
    await rows.append('shop/2026-01', [4, 'd']);
    const reopened = await BucketedRows.open<[number, string]>(dir(), { fsync: false });
    expect(await reopened.read('shop/2026-01')).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
      [4, 'd'],
    ]);
    expect(await rows.list('shop')).toEqual(['shop/2026-01']);
  });

  it('journaled: an append is a journal line, not a rewrite of the month; a checkpoint writes it, and a replay adds each row once', async () => {
    const open = async () => {
      const journal = await Journal.open(join(dir(), 'journal'), { fsync: false });
      const rows = await BucketedRows.open<[number, string]>(join(dir(), 'rows'), { fsync: false, schema: Row, journal: { journal, name: 'rows' } });
      await journal.replay();
      return { journal, rows };
    };
    let { journal, rows } = await open();
    await rows.append('shop/2026-01', [1, 'a']);
    await journal.checkpoint();
    const file = join(dir(), 'rows', 'shop', '2026-01.json');
    const version = async () => `${(await stat(file)).ino}@${(await stat(file)).mtimeMs}`;
    const before = await version();
    for (let i = 2; i <= 20; i++) await rows.append('shop/2026-01', [i, 'x']);
    // A month only in the journal so far is listed too.
    await rows.append('shop/2026-02', [21, 'y']);
    expect(await version()).toBe(before);
    expect(await rows.list('shop')).toEqual(['shop/2026-01', 'shop/2026-02']);
    expect(await rows.read('shop/2026-01')).toHaveLength(20);

    // A crash: the journal is replayed over the files as they were.
    ({ journal, rows } = await open());
    expect((await rows.read('shop/2026-01')).map((r) => r[0])).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await rows.read('shop/2026-02')).toEqual([[21, 'y']]);
    // A checkpoint writes the months; a crash before it deleted the journal replays over them and adds nothing.
    await rows.saveChanged();
    ({ journal, rows } = await open());
    expect(await rows.read('shop/2026-01')).toHaveLength(20);
    expect(JSON.parse(await readFile(file, 'utf8'))).toHaveLength(20);
    await journal.checkpoint();
    await journal.close();
  });
});
