import { constants } from 'node:fs';
import { appendFile, copyFile, cp, mkdir, readdir, readFile, readlink, rm, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempFolderEach } from '../testing/files.ts';
import { shopperRecord } from '../testing/records.ts';
import { CorruptDataFileError } from './durable-json-file.ts';
import { frameLine } from './journal-frame.ts';
import { Journal } from './journal.ts';
import { MallStore } from './mall-store.ts';
import type { VisitRecord } from './records.ts';
import { ShardedMap } from './sharded-map.ts';

const visit = (id: string, shopperId: string, at = '2026-03-02T10:00:00.000Z'): VisitRecord => ({ id, at, shopperId, zoneId: 'z', touchpoint: 'k' });

/** A store that never checkpoints on its own, so a test decides when files are written. */
const openStore = (dir: string) => MallStore.open(dir, { fsync: false, shopperShards: 4, checkpointMs: 3_600_000 });

const journalFiles = async (dir: string) => (await readdir(join(dir, 'journal'))).sort();

describe('journal', () => {
  const tmp = tempFolderEach('atrium-journal-');
  /** The mall's folder in this test's temp folder; the store lays it out. */
  const dir = () => join(tmp(), 'mall');

  it('acknowledges changes once journaled and brings them back after a crash, before any checkpoint', async () => {
    const store = await openStore(dir());
    await Promise.all([store.shoppers.set('s1', shopperRecord('s1')), store.consents.set('s1', []), store.visits.append(visit('v1', 's1'))]);
    await store.shoppers.set('s1', shopperRecord('s1', { visitCount: 1 }));
    // Nothing in the shard or day files yet: only the journal has the changes.
    expect(await readdir(join(dir(), 'shoppers'))).toEqual([]);
    expect(await readdir(join(dir(), 'visits'))).toEqual([]);
    expect(await journalFiles(dir())).toEqual(['00000001.log']);

    // The first store is abandoned as a killed process would leave it.
    const again = await openStore(dir());
    expect(again.shoppers.get('s1')).toEqual(shopperRecord('s1', { visitCount: 1 }));
    expect(again.shoppers.size).toBe(1);
    expect(await again.consents.load('s1')).toEqual([]);
    expect(await again.visits.read('2026-03-02')).toEqual([visit('v1', 's1')]);
  });

  it('writes changes made in one turn of the event loop as one group', async () => {
    const store = await openStore(dir());
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.visits.append(visit(`v${i}`, 's1'))));
    const lines = (await readFile(join(dir(), 'journal', '00000001.log'), 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(50);
    expect(store.journal.appends).toBe(1);
  });

  it('checkpoints into the files and deletes the journal files they cover', async () => {
    const store = await openStore(dir());
    await store.shoppers.set('s1', shopperRecord('s1'));
    await store.visits.append(visit('v1', 's1'));
    await store.journal.checkpoint();
    expect(await journalFiles(dir())).toEqual([]);
    expect((await readdir(join(dir(), 'shoppers'))).length).toBe(1);
    expect(JSON.parse(await readFile(join(dir(), 'visits', '2026-03-02.json'), 'utf8'))).toEqual([visit('v1', 's1')]);
    // Later changes go to a new file.
    await store.visits.append(visit('v2', 's1'));
    expect(await journalFiles(dir())).toEqual(['00000002.log']);
    const again = await openStore(dir());
    expect((await again.visits.read('2026-03-02')).map((v) => v.id)).toEqual(['v1', 'v2']);
  });

  it('replays safely over files that already have the changes (a crash after a checkpoint wrote them)', async () => {
    const store = await openStore(dir());
    await store.visits.append(visit('v1', 's1'));
    await store.shoppers.set('s1', shopperRecord('s1', { visitCount: 1 }));
    await copyFile(join(dir(), 'journal', '00000001.log'), join(dir(), 'kept.log'));
    await store.journal.checkpoint();
    await copyFile(join(dir(), 'kept.log'), join(dir(), 'journal', '00000001.log'));
    const again = await openStore(dir());
    expect(await again.visits.read('2026-03-02')).toEqual([visit('v1', 's1')]);
    expect(again.shoppers.get('s1')).toEqual(shopperRecord('s1', { visitCount: 1 }));
    expect(again.shoppers.size).toBe(1);
  });

  it('skips a line torn by a crash at the end of the newest file, and names a file corrupt elsewhere', async () => {
    const store = await openStore(dir());
    await store.visits.append(visit('v1', 's1'));
    await appendFile(join(dir(), 'journal', '00000001.log'), '{"s":"visits","o":{"e":{"id":"v2","at":"2026-03');
    const again = await openStore(dir());
    expect((await again.visits.read('2026-03-02')).map((v) => v.id)).toEqual(['v1']);

    const file = join(dir(), 'journal', '00000001.log');
    await writeFile(file, '{"s":"visits","o":{"e":{"id":"v2",\n' + JSON.stringify({ s: 'visits', o: { e: visit('v3', 's1') } }) + '\n');
    const error = await openStore(dir()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptDataFileError);
    expect((error as CorruptDataFileError).file).toBe(file);
  });

  it('finds a line changed in the middle of the journal by its checksum and refuses to start, naming the file', async () => {
    const store = await openStore(dir());
    for (const id of ['v1', 'v2', 'v3']) await store.visits.append(visit(id, 's1'));
    const file = join(dir(), 'journal', '00000001.log');
    const text = await readFile(file, 'utf8');
    // Still valid JSON, so only a checksum can tell: one acknowledged check-in's id changed.
    await writeFile(file, text.replace('"id":"v1"', '"id":"v9"'));
    const error = await openStore(dir()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptDataFileError);
    expect((error as CorruptDataFileError).file).toBe(file);
    expect((error as Error).message).toMatch(/checksum mismatch \(at byte 0\).*ATRIUM_SALVAGE=1/);

    // Told to salvage, it starts without the damaged line, says so, and keeps a copy of the file.
    const warnings: [string, Record<string, unknown>][] = [];
    const salvaged = await MallStore.open(dir(), { fsync: false, shopperShards: 4, checkpointMs: 3_600_000, salvage: true, warn: (m, d) => warnings.push([m, d]) });
    expect((await salvaged.visits.read('2026-03-02')).map((v) => v.id)).toEqual(['v2', 'v3']);
    expect(warnings).toEqual([[expect.stringContaining('salvage'), expect.objectContaining({ file, offset: 0, reason: 'checksum mismatch' })]]);
    expect((await readdir(join(dir(), 'journal-damaged'))).length).toBe(1);
    // Everything replayed went into its own files, so the next start needs no salvage.
    expect(await journalFiles(dir())).toEqual([]);
    expect((await (await openStore(dir())).visits.read('2026-03-02')).map((v) => v.id)).toEqual(['v2', 'v3']);
  });

  it('refuses a journaled change of the wrong shape, naming the journal file and line', async () => {
    const store = await openStore(dir());
    await store.visits.append(visit('v1', 's1'));
    const file = join(dir(), 'journal', '00000001.log');
    // Framed and checksummed, so only the shape check can tell.
    await appendFile(file, frameLine(JSON.stringify({ s: 'shoppers', o: { k: 's1', v: [1, 2, 3] } })));
    const error = await openStore(dir()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptDataFileError);
    expect((error as CorruptDataFileError).file).toBe(file);
    expect((error as Error).message).toMatch(/wrong shape at v: .* \(at byte \d+\)/);
    // Salvage skips that change, and only that one.
    const salvaged = await MallStore.open(dir(), { fsync: false, shopperShards: 4, checkpointMs: 3_600_000, salvage: true });
    expect(salvaged.shoppers.get('s1')).toBeUndefined();
    expect((await salvaged.visits.read('2026-03-02')).map((v) => v.id)).toEqual(['v1']);
  });

  it('reads journal files written before lines were framed', async () => {
    await mkdir(join(dir(), 'journal'), { recursive: true });
    const lines = [visit('v1', 's1'), visit('v2', 's1')].map((e) => JSON.stringify({ s: 'visits', o: { e } }));
    await writeFile(join(dir(), 'journal', '00000003.log'), lines.join('\n') + '\n');
    const store = await openStore(dir());
    expect((await store.visits.read('2026-03-02')).map((v) => v.id)).toEqual(['v1', 'v2']);
    // New lines go to the next file, framed.
    await store.visits.append(visit('v3', 's1'));
    expect(await readFile(join(dir(), 'journal', '00000004.log'), 'utf8')).toMatch(/^#\d+ [0-9a-f]{8} \{"s":"#journal","o":\{"prev":3,"prevBytes":\d+\}\}\n#\d+ [0-9a-f]{8} \{"s":"visits"/);
    const again = await openStore(dir());
    expect((await again.visits.read('2026-03-02')).map((v) => v.id)).toEqual(['v1', 'v2', 'v3']);
  });

  it('leaves no trace of an erased record in the journal', async () => {
    const store = await openStore(dir());
    await store.shoppers.set('s1', shopperRecord('s1', { email: 'ada@example.org' }));
    await store.shoppers.set('s2', shopperRecord('s2'));
    await store.shoppers.delete('s1');
    for (const name of await journalFiles(dir())) expect(await readFile(join(dir(), 'journal', name), 'utf8')).not.toContain('ada@example.org');
    for (const name of await readdir(join(dir(), 'shoppers'))) expect(await readFile(join(dir(), 'shoppers', name), 'utf8')).not.toContain('ada@example.org');
    const again = await openStore(dir());
    expect(again.shoppers.get('s1')).toBeUndefined();
    expect(again.shoppers.get('s2')).toEqual(shopperRecord('s2'));
  });

  it('keeps rewritten entries as rewritten across a crash', async () => {
    const store = await openStore(dir());
    await store.visits.append(visit('v1', 's1'));
    await store.visits.append(visit('v2', 's2'));
    await store.visits.rewrite('2026-03-02', (all) => all.map((v) => (v.shopperId === 's1' ? { ...v, shopperId: null } : v)));
    await store.visits.append(visit('v3', 's1'));
    const again = await openStore(dir());
    expect((await again.visits.read('2026-03-02')).map((v) => [v.id, v.shopperId])).toEqual([
      ['v1', null],
      ['v2', 's2'],
      ['v3', 's1'],
    ]);
  });

  it('writes a lazily loaded shard with journaled changes before dropping it from memory', async () => {
    const journal = await Journal.open(join(dir(), 'journal'), { fsync: false });
    const map = await ShardedMap.open<number>(join(dir(), 'ledgers'), { shardCount: 64, fsync: false, resident: false, cacheShards: 4, journal: { journal, name: 'ledgers' } });
    for (let i = 0; i < 300; i++) await map.set(`s${i}`, i);
    // Evicted shards were written on the way out, before any checkpoint.
    expect((await readdir(join(dir(), 'ledgers'))).length).toBeGreaterThan(50);
    await journal.close();
    const reopened = await ShardedMap.open<number>(join(dir(), 'ledgers'), { shardCount: 64, fsync: false, resident: false });
    for (let i = 0; i < 300; i++) expect(await reopened.load(`s${i}`)).toBe(i);
  });
});

describe('changes written together (a visit and the summary that counts it)', () => {
  const tmp = tempFolderEach('atrium-journal-together-');
  const dir = () => join(tmp(), 'mall');

  /** A visit for s1 journaled in one frame with s1's summary counting it, as a check-in writes them. */
  const checkIn = (store: MallStore, id: string, visitCount: number) =>
    store.visits.appendPositioned(visit(id, 's1'), () => [store.shoppers.stageSetNow('s1', shopperRecord('s1', { visitCount }))]);

  /** The open-file flags (octal, from /proc) of this process's descriptors on `file`. */
  const openFlags = async (file: string): Promise<number[]> => {
    const flags: number[] = [];
    for (const fd of await readdir('/proc/self/fd')) {
      const target = await readlink(`/proc/self/fd/${fd}`).catch(() => '');
      if (target !== file) continue;
      const info = await readFile(`/proc/self/fdinfo/${fd}`, 'utf8').catch(() => '');
      const m = /^flags:\s+([0-7]+)/m.exec(info);
      if (m) flags.push(parseInt(m[1], 8));
    }
    return flags;
  };

  it.runIf(process.platform === 'linux')('with fsync on, a journal file is opened O_DSYNC: the write is the sync, one trip to the disk thread instead of two', async () => {
    for (const fsync of [true, false]) {
      const at = join(tmp(), `mall-${fsync}`);
      const store = await MallStore.open(at, { fsync, shopperShards: 4, checkpointMs: 3_600_000 });
      await store.shoppers.set('s1', shopperRecord('s1'));
      const flags = await openFlags(join(at, 'journal', '00000001.log'));
      expect(flags).toHaveLength(1);
      expect((flags[0] & constants.O_DSYNC) !== 0).toBe(fsync);
      await store.close();
    }
  });

  it('writes both in one frame with one write and one sync, and changes the stored summary only once it is on disk', async () => {
    const store = await MallStore.open(dir(), { fsync: true, shopperShards: 4, checkpointMs: 3_600_000 });
    await store.shoppers.set('s1', shopperRecord('s1'));
    const [appends, syncs] = [store.journal.appends, store.journal.syncs];
    const done = checkIn(store, 'v1', 1);
    // Asked for, not yet on disk: readers still see the summary as it was.
    expect(store.shoppers.get('s1')?.visitCount).toBe(0);
    expect(await done).toBe(0);
    expect(store.shoppers.get('s1')?.visitCount).toBe(1);
    expect(store.journal.appends - appends).toBe(1);
    expect(store.journal.syncs - syncs).toBe(1);
    const lines = (await readFile(join(dir(), 'journal', '00000001.log'), 'utf8')).trimEnd().split('\n');
    const last = JSON.parse(lines.at(-1)!.replace(/^#\d+ [0-9a-f]{8} /, '')) as { t: { s: string }[] };
    expect(last.t.map((c) => c.s)).toEqual(['visits', 'shoppers']);
    await store.close();
  });

  it('a crash that tears the frame at any byte keeps both or neither: the summary never counts a visit that is not stored', async () => {
    const store = await openStore(dir());
    await store.shoppers.set('s1', shopperRecord('s1'));
    await checkIn(store, 'v1', 1);
    const file = join(dir(), 'journal', '00000001.log');
    const start = (await readFile(file)).length;
    await checkIn(store, 'v2', 2);
    const whole = await readFile(file);
    // The first store is abandoned as a killed process leaves it; each cut is tried on a fresh copy.
    const pristine = join(tmp(), 'pristine');
    await cp(dir(), pristine, { recursive: true });
    const seen = new Set<string>();
    for (let cut = start; cut <= whole.length; cut++) {
      const copy = join(tmp(), `cut-${cut}`);
      await cp(pristine, copy, { recursive: true });
      await truncate(join(copy, 'journal', '00000001.log'), cut);
      const again = await openStore(copy);
      const stored = (await again.visits.read('2026-03-02')).map((v) => v.id);
      const count = again.shoppers.get('s1')?.visitCount;
      // The summary counts exactly the stored visits; the whole frame (the acknowledged check-in) is all there.
      expect({ cut, count }).toEqual({ cut, count: stored.length });
      if (cut === whole.length) expect(stored).toEqual(['v1', 'v2']);
      else expect(stored).toEqual(['v1']);
      seen.add(stored.join());
      // Left as a killed process leaves it (no checkpoint): cheaper than closing, for ~400 cuts.
      await rm(copy, { recursive: true, force: true });
    }
    expect([...seen].sort()).toEqual(['v1', 'v1,v2']);
  });

  it('keeps staged changes of a lazily loaded map whose shards are dropped from memory meanwhile', async () => {
    const journal = await Journal.open(join(dir(), 'journal'), { fsync: false });
    const map = await ShardedMap.open<number>(join(dir(), 'ledgers'), { shardCount: 64, fsync: false, resident: false, cacheShards: 4, journal: { journal, name: 'ledgers' } });
    const other = await ShardedMap.open<number>(join(dir(), 'other'), { shardCount: 4, fsync: false, resident: true, journal: { journal, name: 'other' } });
    // Many at once, over more shards than stay cached: each staged record lands once its frame does.
    await Promise.all(
      Array.from({ length: 300 }, async (_, i) => {
        const staged = await map.stageSet(`s${i}`, i);
        expect(await map.load(`s${i}`)).toBeUndefined();
        await journal.writeTogether([staged, other.stageSetNow(`s${i}`, -i)]);
      }),
    );
    for (let i = 0; i < 300; i++) expect(await map.load(`s${i}`)).toBe(i);
    await journal.close();
    const reopened = await ShardedMap.open<number>(join(dir(), 'ledgers'), { shardCount: 64, fsync: false, resident: false });
    for (let i = 0; i < 300; i++) expect(await reopened.load(`s${i}`)).toBe(i);
    expect(other.get('s299')).toBe(-299);
  });

  it('replays changes written together with their audit line, and refuses a frame naming an unknown stream', async () => {
    const store = await openStore(dir());
    await store.shoppers.set('s1', shopperRecord('s1'));
    await checkIn(store, 'v1', 1);
    const file = join(dir(), 'journal', '00000001.log');
    await appendFile(file, frameLine(JSON.stringify({ t: [{ s: 'visits', o: { e: visit('v2', 's1') } }, { s: 'nowhere', o: {} }] })));
    await appendFile(file, frameLine(JSON.stringify({ s: 'visits', o: { e: visit('v3', 's1') } })));
    await expect(openStore(dir())).rejects.toThrow(/unknown journal stream nowhere/);
    // Salvaged, the bad frame is skipped whole: its visit is not applied without the rest.
    const salvaged = await MallStore.open(dir(), { fsync: false, shopperShards: 4, checkpointMs: 3_600_000, salvage: true });
    expect((await salvaged.visits.read('2026-03-02')).map((v) => v.id)).toEqual(['v1', 'v3']);
    expect(salvaged.shoppers.get('s1')?.visitCount).toBe(1);
  });
});
