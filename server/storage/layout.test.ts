import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestHub } from '../testing/test-hub.ts';
import { tempFolderEach } from '../testing/files.ts';
import { verifyBackup } from './backup/manifest.ts';
import { CURRENT_LAYOUT_VERSION, LayoutTooNewError, MIGRATIONS, upgradeLayout, type Migration } from './layout.ts';
import { MallStore } from './mall-store.ts';

/**
 * A test-only step from layout 1 to 2: the mall's zones get a `floor` field (a change a later
 * Atrium might make), written whole like a real migration would.
 */
const addFloors: Migration = {
  from: 1,
  describe: 'zones get a floor',
  run: async (dir) => {
    const file = join(dir, 'mall.json');
    const mall = JSON.parse(await readFile(file, 'utf8')) as { zones: Record<string, unknown>[] };
    mall.zones = mall.zones.map((z) => ({ floor: 0, ...z }));
    await writeFile(file, JSON.stringify(mall));
  },
};

const readJson = async (file: string) => JSON.parse(await readFile(file, 'utf8')) as Record<string, any>;

describe('data folder layout version', () => {
  const folder = tempFolderEach('atrium-layout-');

  it('the registry holds one step per version below the current one', () => {
    expect(MIGRATIONS.map((m) => m.from)).toEqual(Array.from({ length: CURRENT_LAYOUT_VERSION - 1 }, (_, i) => i + 1));
  });

  it('a folder with no layout file yet is version 1, and a hub writes version 1 into it', async () => {
    const hub = await startTestHub({}, folder());
    await hub.stop();
    expect(await readJson(join(folder(), 'demo', 'layout.json'))).toMatchObject({ version: 1 });
  });

  it('an older folder is backed up inside itself, then migrated step by step', async () => {
    const hub = await startTestHub({}, folder());
    await hub.stop();
    const dir = join(folder(), 'demo');
    const before = await readJson(join(dir, 'mall.json'));
    expect(before.zones[0].floor).toBeUndefined();

    const logged: string[] = [];
    const store = await MallStore.open(dir, { fsync: false, layout: { current: 2, migrations: [addFloors], log: (m) => logged.push(m) } });
    await store.close();

    expect(await readJson(join(dir, 'layout.json'))).toMatchObject({ version: 2, shopperShards: 1024 });
    expect((await readJson(join(dir, 'mall.json'))).zones.every((z: { floor?: number }) => z.floor === 0)).toBe(true);
    const [backup, ...more] = await readdir(join(dir, 'backups'));
    expect(more).toEqual([]);
    expect(backup).toMatch(/^pre-migration-1-\d{4}-/);
    // A whole, verifiable backup of the folder as it was: version 1, zones without floors.
    const manifest = await verifyBackup(join(dir, 'backups', backup));
    expect(manifest).toMatchObject({ source: 'pre-migration', layoutVersion: 1, mall: 'demo' });
    expect(await readJson(join(dir, 'backups', backup, 'data', 'mall.json'))).toEqual(before);
    expect(logged).toEqual(['data folder backed up before its layout is migrated', 'data folder layout migrated']);

    // Opened again at version 2: nothing more to do, no second backup.
    const again = await upgradeLayout(dir, { current: 2, migrations: [addFloors] });
    expect(again).toEqual({ found: 2, version: 2, backup: null });
    expect(await readdir(join(dir, 'backups'))).toEqual([backup]);
  });

  it('a newer folder is refused, naming both versions, and is left as it was', async () => {
    const dir = join(folder(), 'demo');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'layout.json'), JSON.stringify({ version: CURRENT_LAYOUT_VERSION + 1, shopperShards: 4 }));
    const start = startTestHub({}, folder());
    await expect(start).rejects.toThrow(LayoutTooNewError);
    await expect(start).rejects.toThrow(`has layout version ${CURRENT_LAYOUT_VERSION + 1}, but this hub knows layout versions up to ${CURRENT_LAYOUT_VERSION}`);
    expect(await readdir(dir)).toEqual(['layout.json']);
  });

  it('refuses an older folder it has no migration for, before changing anything', async () => {
    const dir = join(folder(), 'demo');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'layout.json'), JSON.stringify({ version: 1, shopperShards: 4 }));
    await writeFile(join(dir, 'mall.json'), JSON.stringify({ zones: [] }));
    await expect(upgradeLayout(dir, { current: 3, migrations: [addFloors] })).rejects.toThrow('No migration of the data folder layout from version 2 to 3');
    expect((await readdir(dir)).sort()).toEqual(['layout.json', 'mall.json']);
  });
});
