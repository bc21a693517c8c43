import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempFolderEach } from '../testing/files.ts';
import { CorruptDataFileError } from './durable-json-file.ts';
import { ShardedMap, shardOf } from './sharded-map.ts';
import { shareShopperStrings, ShopperRecord } from './records.ts';

interface Rec {
  id: string;
  n: number;
}

describe('shardOf', () => {
  it('is stable and within range', () => {
    expect(shardOf('abc', 16)).toBe(shardOf('abc', 16));
    for (let i = 0; i < 500; i++) {
      const s = shardOf(`key-${i}`, 7);
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThan(7);
    }
  });

  it('spreads keys over the shards', () => {
    const used = new Set(Array.from({ length: 1000 }, (_, i) => shardOf(`shopper-${i}`, 16)));
    expect(used.size).toBe(16);
  });
});

describe('ShardedMap', () => {
  const dir = tempFolderEach('atrium-shards-');

  const open = (options: { shardCount?: number; resident?: boolean; cacheShards?: number } = {}) =>
    ShardedMap.open<Rec>(dir(), { shardCount: options.shardCount ?? 8, fsync: false, resident: options.resident ?? true, cacheShards: options.cacheShards });

  it('sets, gets, deletes and counts', async () => {
    const map = await open();
    expect(map.size).toBe(0);
    await map.set('a', { id: 'a', n: 1 });
    await map.set('b', { id: 'b', n: 2 });
    expect(map.get('a')).toEqual({ id: 'a', n: 1 });
    expect(map.size).toBe(2);
    await map.set('a', { id: 'a', n: 3 });
    expect(map.size).toBe(2);
    expect(map.get('a')).toEqual({ id: 'a', n: 3 });
    expect(await map.delete('a')).toBe(true);
    expect(await map.delete('a')).toBe(false);
    expect(map.get('a')).toBeUndefined();
    expect(map.size).toBe(1);
    expect([...map.values()]).toEqual([{ id: 'b', n: 2 }]);
  });

  it('keeps records across a reopen, in several small files', async () => {
    const map = await open();
    await Promise.all(Array.from({ length: 100 }, (_, i) => map.set(`k${i}`, { id: `k${i}`, n: i })));
    await map.delete('k5');
    const again = await open();
    expect(again.size).toBe(99);
    expect(again.get('k42')).toEqual({ id: 'k42', n: 42 });
    expect(again.get('k5')).toBeUndefined();
    const files = (await readdir(dir())).sort();
    expect(files).toEqual(['000.json', '001.json', '002.json', '003.json', '004.json', '005.json', '006.json', '007.json']);
    // Each record lives only in its own shard.
    const shard = JSON.parse(await readFile(join(dir(), `00${shardOf('k42', 8)}.json`), 'utf8'));
    expect(shard.k42).toEqual({ id: 'k42', n: 42 });
  });

  it('writes only the shard a record lives in, once per burst', async () => {
    const map = await open({ shardCount: 64 });
    expect(map.writes).toBe(0);
    await map.set('one', { id: 'one', n: 1 });
    expect(map.writes).toBe(1);
    // Keys of one shard set in the same tick share one write.
    const sameShard = Array.from({ length: 2000 }, (_, i) => `k${i}`).filter((k) => shardOf(k, 64) === 3).slice(0, 10);
    await Promise.all(sameShard.map((k, i) => map.set(k, { id: k, n: i })));
    expect(map.writes).toBe(2);
  });

  it('a lazy map reads shards when asked and drops idle ones without losing writes', async () => {
    const lazy = await open({ resident: false, shardCount: 16, cacheShards: 2 });
    expect(() => lazy.size).toThrow();
    // Several rounds of concurrent writes over every shard, so shards are dropped and read again.
    for (let round = 0; round < 5; round++) {
      await Promise.all(Array.from({ length: 60 }, (_, i) => lazy.set(`k${i}`, { id: `k${i}`, n: round })));
    }
    for (let i = 0; i < 60; i++) expect(await lazy.load(`k${i}`)).toEqual({ id: `k${i}`, n: 4 });
    await lazy.flush();
    const again = await open({ resident: false, shardCount: 16 });
    for (let i = 0; i < 60; i++) expect(await again.load(`k${i}`)).toEqual({ id: `k${i}`, n: 4 });
  });

  it('a lazy map refuses synchronous reads', async () => {
    const lazy = await open({ resident: false });
    await lazy.set('x', { id: 'x', n: 1 });
    expect(() => [...lazy.values()]).toThrow();
  });
});

describe('ShardedMap.setMany', () => {
  const dir = tempFolderEach('atrium-sharded-');

  it('stores many records with one write per shard, readable after reopening', async () => {
    const map = await ShardedMap.open<{ n: number }>(dir(), { shardCount: 8, fsync: false, resident: true });
    await map.set('k0', { n: -1 });
    const writesBefore = map.writes;
    await map.setMany(Array.from({ length: 100 }, (_, n) => [`k${n}`, { n }] as const));
    expect(map.size).toBe(100);
    expect(map.writes - writesBefore).toBeLessThanOrEqual(8);
    const reopened = await ShardedMap.open<{ n: number }>(dir(), { shardCount: 8, fsync: false, resident: true });
    expect(reopened.size).toBe(100);
    expect(reopened.get('k0')).toEqual({ n: 0 });
    expect(reopened.get('k99')).toEqual({ n: 99 });
  });

  it('at start-up drops temp files left by a crash and refuses a shard that does not parse', async () => {
    const map = await ShardedMap.open<{ n: number }>(dir(), { shardCount: 4, fsync: false, resident: true });
    await map.set('a', { n: 1 });
    const file = `${shardOf('a', 4).toString(16).padStart(3, '0')}.json`;
    await writeFile(join(dir(), `.${file}.tmp`), '{"half": ');
    const reopened = await ShardedMap.open<{ n: number }>(dir(), { shardCount: 4, fsync: false, resident: true });
    expect(reopened.get('a')).toEqual({ n: 1 });
    expect((await readdir(dir())).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    await writeFile(join(dir(), file), '{"a": {"n": 1');
    await expect(ShardedMap.open(dir(), { shardCount: 4, fsync: false, resident: true })).rejects.toBeInstanceOf(CorruptDataFileError);
  });
});

describe('a resident map’s records as read at open', () => {
  const dir = tempFolderEach('atrium-shards-open-');

  it('are each handed to onOpen once with their key, and sharing a shopper’s strings leaves it equal to what was read', async () => {
    const first = await ShardedMap.open<ShopperRecord>(dir(), { shardCount: 4, fsync: false, resident: true, schema: ShopperRecord });
    const at = '2026-03-02T10:00:00.000Z';
    const shopper = (id: string, visits: number): ShopperRecord => ({
      id,
      cardTokens: [`token-${id}`],
      language: 'en',
      interests: ['coffee', 'food'],
      homeArea: 'city-centre',
      consent: { membership: true, analytics: true },
      createdAt: at,
      visitCount: visits,
      firstVisitAt: at,
      lastVisitAt: visits === 1 ? at : '2026-03-09T10:00:00.000Z',
      recentVisits: [],
    });
    for (let i = 0; i < 20; i++) await first.set(`s${i}`, shopper(`s${i}`, 1 + (i % 2)));
    await first.flush();
    const read = new Map<string, ShopperRecord>();
    const names = new Map<string, string>();
    const second = await ShardedMap.open<ShopperRecord>(dir(), {
      shardCount: 4,
      fsync: false,
      resident: true,
      schema: ShopperRecord,
      onOpen: (key, s) => {
        expect(read.has(key)).toBe(false);
        read.set(key, structuredClone(s));
        shareShopperStrings(key, s, names);
      },
    });
    expect(read.size).toBe(20);
    for (const [key, before] of read) expect(second.get(key)).toEqual(before);
    expect([...names.keys()].sort()).toEqual(['city-centre', 'coffee', 'en', 'food']);
  });
});
