import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ShardedMap } from './sharded-map.ts';

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
});
