import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempFolderEach } from '../../testing/files.ts';
import { shopperRecord } from '../../testing/records.ts';
import { MallStore } from '../mall-store.ts';
import { gateFor } from '../write-gate.ts';
import { backupRunningStore, stageSnapshot, STAGING } from './snapshot.ts';
import { verifyBackup } from './manifest.ts';

const settle = () => new Promise((r) => setTimeout(r, 30));

describe('snapshots of a running store', () => {
  const tmp = tempFolderEach('atrium-snapshot-');
  const dir = () => join(tmp(), 'mall');

  it('holds file rewrites, journal appends and media writes at the gate while it is closed', async () => {
    const store = await MallStore.open(dir(), { fsync: false, shopperShards: 4 });
    try {
      const gate = gateFor(store.dir);
      let release!: () => void;
      const held = gate.exclusive(() => new Promise<void>((r) => (release = r)));
      await settle();

      store.devices.data.devices.push({ id: 'd', kind: 'kiosk', name: 'K', zoneId: 'z', tokenHash: 'h', pairedAt: '2026-01-01T00:00:00.000Z' });
      let rewritten = false;
      const rewrite = store.devices.commit().then(() => (rewritten = true));
      let journaled = false;
      const append = store.shoppers.set('s1', shopperRecord('s1')).then(() => (journaled = true));
      await settle();
      // Neither happened, nor left anything on disk, while the gate was closed.
      expect([rewritten, journaled]).toEqual([false, false]);
      await expect(stat(join(store.dir, 'devices.json'))).rejects.toThrow();
      expect(await readdir(join(store.dir, 'journal'))).toEqual([]);

      release();
      await Promise.all([held, rewrite, append]);
      expect(JSON.parse(await readFile(join(store.dir, 'devices.json'), 'utf8')).devices).toHaveLength(1);
      expect(await readdir(join(store.dir, 'journal'))).toEqual(['00000001.log']);
    } finally {
      await store.close();
    }
  });

  it('stages hard links of the files and a copy of the journal, and the staged files keep the moment', async () => {
    const store = await MallStore.open(dir(), { fsync: false, shopperShards: 4 });
    try {
      store.devices.data.devices.push({ id: 'd1', kind: 'kiosk', name: 'K', zoneId: 'z', tokenHash: 'h', pairedAt: '2026-01-01T00:00:00.000Z' });
      await store.devices.commit();
      const staged = await stageSnapshot(store);
      expect(staged.files).toContain('devices.json');
      expect(staged.dir.startsWith(join(store.dir, STAGING))).toBe(true);
      // A link: the same file, not a copy…
      expect((await stat(join(staged.dir, 'devices.json'))).ino).toBe((await stat(join(store.dir, 'devices.json'))).ino);

      // …that a later write does not change, as it replaces the file by a rename.
      store.devices.data.devices.push({ id: 'd2', kind: 'screen', name: 'S', zoneId: 'z', tokenHash: 'h2', pairedAt: '2026-01-01T00:00:00.000Z' });
      await store.devices.commit();
      await store.shoppers.set('s2', shopperRecord('s2'));
      expect(JSON.parse(await readFile(join(staged.dir, 'devices.json'), 'utf8')).devices.map((d: { id: string }) => d.id)).toEqual(['d1']);
      // The checkpoint before the snapshot left no journal to copy; the change after it is journaled.
      expect(staged.files.filter((f) => f.startsWith('journal/'))).toEqual([]);
      expect(await readdir(join(store.dir, 'journal'))).not.toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('a backup of the running store opens as a store with everything acknowledged before it', async () => {
    const store = await MallStore.open(dir(), { fsync: false, shopperShards: 4, checkpointMs: 60_000 });
    const ids = Array.from({ length: 40 }, (_, i) => `s${i}`);
    await Promise.all(ids.map((id) => store.shoppers.set(id, shopperRecord(id))));
    await store.visits.append({ id: 'v1', at: '2026-01-02T10:00:00.000Z', shopperId: 's1', zoneId: 'z', touchpoint: 'd' });
    // More writes under way while the backup is taken; they may or may not be in it.
    const during = Promise.all(ids.map((id) => store.shoppers.set(`${id}-late`, shopperRecord(`${id}-late`))));
    const to = join(tmp(), 'backup');
    const manifest = await backupRunningStore(store, to, { mall: 'mall', hubBuild: 'b', hubVersion: 'v' });
    await during;
    await store.close();
    expect(await verifyBackup(to)).toEqual(manifest);
    // No staging left behind.
    expect(await readdir(join(dir(), STAGING))).toEqual([]);

    const restored = await MallStore.open(join(to, 'data'), { fsync: false });
    try {
      for (const id of ids) expect(restored.shoppers.get(id)).toEqual(shopperRecord(id));
      expect(await restored.visits.has('v1', '2026-01-02T10:00:00.000Z')).toBe(true);
    } finally {
      await restored.close();
    }
  });
});
