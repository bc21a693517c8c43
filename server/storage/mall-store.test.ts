import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempFolderEach } from '../testing/files.ts';
import { shopperRecord } from '../testing/records.ts';
import { CorruptDataFileError } from './durable-json-file.ts';
import { MallStore } from './mall-store.ts';
import { shardOf } from './sharded-map.ts';

describe('MallStore', () => {
  const tmp = tempFolderEach('atrium-store-');
  /** The mall's folder in this test's temp folder; the store lays it out. */
  const dir = () => join(tmp(), 'mall');

  it('lays out a new folder and keeps its shard count when reopened with another', async () => {
    const store = await MallStore.open(dir(), { fsync: false, shopperShards: 8 });
    const ids = Array.from({ length: 50 }, (_, i) => `s${i}`);
    await Promise.all(ids.map((id) => store.shoppers.set(id, shopperRecord(id))));
    await store.flush();
    expect(JSON.parse(await readFile(join(dir(), 'layout.json'), 'utf8'))).toEqual({ version: 1, shopperShards: 8 });
    expect((await readdir(join(dir(), 'shoppers'))).sort()).toEqual(Array.from({ length: 8 }, (_, i) => `00${i}.json`));
    // Looked up with 64 shards, most of these would not be found.
    const again = await MallStore.open(dir(), { fsync: false, shopperShards: 64 });
    expect(again.shoppers.size).toBe(50);
    for (const id of ids) expect(again.shoppers.get(id)).toEqual(shopperRecord(id));
  });

  it('keeps every part across a reopen', async () => {
    const store = await MallStore.open(dir(), { fsync: false, shopperShards: 4 });
    store.mall.data = { id: 'm', name: 'M', zones: [], tenants: [], interests: [], areas: [], createdAt: '2026-01-01T00:00:00.000Z' };
    store.devices.data.devices.push({ id: 'd', kind: 'kiosk', name: 'K', zoneId: 'z', tokenHash: 'h', pairedAt: '2026-01-01T00:00:00.000Z' });
    await Promise.all([
      store.mall.commit(),
      store.devices.commit(),
      store.shoppers.set('s1', shopperRecord('s1')),
      store.consents.set('s1', []),
      store.visits.append({ id: 'v1', at: '2026-01-02T10:00:00.000Z', shopperId: 's1', zoneId: 'z', touchpoint: 'd' }),
    ]);
    const again = await MallStore.open(dir(), { fsync: false });
    expect(again.mall.data?.name).toBe('M');
    expect(again.devices.data.devices.map((d) => d.id)).toEqual(['d']);
    expect(again.shoppers.size).toBe(1);
    expect(await again.consents.load('s1')).toEqual([]);
    expect(await again.visits.read('2026-01-02')).toHaveLength(1);
  });

  it('refuses to open over a corrupt shopper shard, naming the file', async () => {
    const store = await MallStore.open(dir(), { fsync: false, shopperShards: 4 });
    await store.shoppers.set('s1', shopperRecord('s1'));
    await store.close();
    const bad = join(dir(), 'shoppers', `00${shardOf('s1', 4)}.json`);
    await writeFile(bad, '{"s1":{"id":"s1","cardTok');
    const error = await MallStore.open(dir(), { fsync: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptDataFileError);
    expect((error as CorruptDataFileError).file).toBe(bad);
    expect((error as Error).message).toContain(bad);
  });

  it.each(['layout.json', 'mall.json', 'accounts.json', 'devices.json'])('refuses to open over a corrupt %s, naming it', async (name) => {
    await MallStore.open(dir(), { fsync: false, shopperShards: 2 });
    await writeFile(join(dir(), name), '{ not json');
    await expect(MallStore.open(dir(), { fsync: false })).rejects.toThrow(join(dir(), name));
  });

  it('names a corrupt consent shard or visit day file when it is read', async () => {
    const store = await MallStore.open(dir(), { fsync: false, shopperShards: 2 });
    await store.consents.set('s1', []);
    await store.visits.append({ id: 'v1', at: '2026-01-02T10:00:00.000Z', shopperId: 's1', zoneId: 'z', touchpoint: 'd' });
    await store.close();
    const consentFile = join(dir(), 'consents', `00${shardOf('s1', 2)}.json`);
    const dayFile = join(dir(), 'visits', '2026-01-02.json');
    await writeFile(consentFile, '[');
    await writeFile(dayFile, '[{"id":');
    const again = await MallStore.open(dir(), { fsync: false });
    await expect(again.consents.load('s1')).rejects.toThrow(consentFile);
    await expect(again.visits.read('2026-01-02')).rejects.toThrow(dayFile);
  });

  it('discards temp files left by a crash and keeps the last good data', async () => {
    const store = await MallStore.open(dir(), { fsync: false, shopperShards: 2 });
    await store.shoppers.set('s1', shopperRecord('s1'));
    store.mall.data = { id: 'm', name: 'Good', zones: [], tenants: [], interests: [], areas: [], createdAt: '2026-01-01T00:00:00.000Z' };
    await store.mall.commit();
    const shard = `00${shardOf('s1', 2)}.json`;
    await writeFile(join(dir(), '.mall.json.tmp'), '{"id":"m","name":"Half');
    await writeFile(join(dir(), 'shoppers', `.${shard}.tmp`), '{"s1":');
    await mkdir(join(dir(), 'visits'), { recursive: true });
    const again = await MallStore.open(dir(), { fsync: false });
    expect(again.mall.data?.name).toBe('Good');
    expect(again.shoppers.get('s1')).toEqual(shopperRecord('s1'));
    expect((await readdir(dir())).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect((await readdir(join(dir(), 'shoppers'))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
