import { describe, expect, it } from 'vitest';
import { tempFolderEach } from '../testing/files.ts';
import { BucketedRows } from './bucketed-rows.ts';

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
});
