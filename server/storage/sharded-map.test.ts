import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CorruptDataFileError } from './durable-json-file.ts';
import { ShardedMap, shardOf } from './sharded-map.ts';

describe('ShardedMap.setMany', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'atrium-sharded-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('stores many records with one write per shard, readable after reopening', async () => {
    const map = await ShardedMap.open<{ n: number }>(dir, { shardCount: 8, fsync: false, resident: true });
    await map.set('k0', { n: -1 });
    const writesBefore = map.writes;
    await map.setMany(Array.from({ length: 100 }, (_, n) => [`k${n}`, { n }] as const));
    expect(map.size).toBe(100);
    expect(map.writes - writesBefore).toBeLessThanOrEqual(8);
    const reopened = await ShardedMap.open<{ n: number }>(dir, { shardCount: 8, fsync: false, resident: true });
    expect(reopened.size).toBe(100);
    expect(reopened.get('k0')).toEqual({ n: 0 });
    expect(reopened.get('k99')).toEqual({ n: 99 });
  });

  it('at start-up drops temp files left by a crash and refuses a shard that does not parse', async () => {
    const map = await ShardedMap.open<{ n: number }>(dir, { shardCount: 4, fsync: false, resident: true });
    await map.set('a', { n: 1 });
    const file = `${shardOf('a', 4).toString(16).padStart(3, '0')}.json`;
    await writeFile(join(dir, `.${file}.tmp`), '{"half": ');
    const reopened = await ShardedMap.open<{ n: number }>(dir, { shardCount: 4, fsync: false, resident: true });
    expect(reopened.get('a')).toEqual({ n: 1 });
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    await writeFile(join(dir, file), '{"a": {"n": 1');
    await expect(ShardedMap.open(dir, { shardCount: 4, fsync: false, resident: true })).rejects.toBeInstanceOf(CorruptDataFileError);
  });
});
