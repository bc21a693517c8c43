import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Partition } from './partition.ts';

const onDisk = async (file: string) => JSON.parse(await readFile(file, 'utf8'));

describe('Partition', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'atrium-part-'));
    file = join(dir, 'part.json');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('starts from the initial value when the file is missing, and writes nothing until a commit', async () => {
    const part = await Partition.open(file, () => ({ items: [] as number[] }), { fsync: false });
    expect(part.data).toEqual({ items: [] });
    expect(part.writes).toBe(0);
    expect(part.idle).toBe(true);
    expect(await readdir(dir)).toEqual([]);
  });

  it('group-commits: many commits in one tick make one file write', async () => {
    const part = await Partition.open(file, () => ({ items: [] as number[] }), { fsync: false });
    const commits: Promise<void>[] = [];
    for (let i = 0; i < 50; i++) {
      part.data.items.push(i);
      commits.push(part.commit());
    }
    await Promise.all(commits);
    expect(part.writes).toBe(1);
    expect((await onDisk(file)).items).toHaveLength(50);
  });

  it('commits asked for while a write is running share the next write', async () => {
    const part = await Partition.open(file, () => ({ items: [] as number[] }), { fsync: true });
    part.data.items.push(0);
    const first = part.commit();
    // Let the first write start, then ask for more while it runs.
    while (part.writes === 0) await new Promise((r) => setImmediate(r));
    const more: Promise<void>[] = [];
    for (let i = 1; i <= 20; i++) {
      part.data.items.push(i);
      more.push(part.commit());
    }
    await Promise.all([first, ...more]);
    expect(part.writes).toBe(2);
    expect((await onDisk(file)).items).toEqual(Array.from({ length: 21 }, (_, i) => i));
  });

  it('resolves a commit only once a write that includes the change is on disk', async () => {
    const part = await Partition.open(file, () => ({ n: 0 }), { fsync: false });
    for (let n = 1; n <= 5; n++) {
      part.data.n = n;
      await part.commit();
      expect(await onDisk(file)).toEqual({ n });
    }
    expect(part.writes).toBe(5);
  });

  it('reads back what was committed when opened again', async () => {
    const part = await Partition.open(file, () => ({ names: [] as string[] }), { fsync: false });
    part.data.names.push('a', 'b');
    await part.commit();
    const again = await Partition.open(file, () => ({ names: [] as string[] }), { fsync: false });
    expect(again.data).toEqual({ names: ['a', 'b'] });
  });

  it('flush waits for every write asked for so far', async () => {
    const part = await Partition.open(file, () => ({ n: 0 }), { fsync: false });
    part.data.n = 7;
    void part.commit();
    expect(part.idle).toBe(false);
    await part.flush();
    expect(part.idle).toBe(true);
    expect(await onDisk(file)).toEqual({ n: 7 });
  });

  it('rejects a commit whose write failed, and a later commit writes everything', async () => {
    const part = await Partition.open(file, () => ({ items: [] as string[] }), { fsync: false });
    // A directory where the temp file goes makes the next write fail.
    await mkdir(join(dir, '.part.json.tmp'));
    part.data.items.push('a');
    await expect(part.commit()).rejects.toThrow();
    expect(await readdir(dir)).not.toContain('part.json');
    await rmdir(join(dir, '.part.json.tmp'));
    part.data.items.push('b');
    await part.commit();
    expect(await onDisk(file)).toEqual({ items: ['a', 'b'] });
  });

  it('discards a leftover temp file on open and keeps the last good file', async () => {
    const part = await Partition.open(file, () => ({ v: 0 }), { fsync: false });
    part.data.v = 1;
    await part.commit();
    await writeFile(join(dir, '.part.json.tmp'), '{"v":2,"trunc');
    const again = await Partition.open(file, () => ({ v: 0 }), { fsync: false });
    expect(again.data).toEqual({ v: 1 });
    expect(await readdir(dir)).toEqual(['part.json']);
  });

  it('writes atomically: a reader during a stream of large writes never sees a half file', async () => {
    const part = await Partition.open(file, () => ({ rows: [] as string[], round: 0 }), { fsync: false });
    part.data.rows = Array.from({ length: 20_000 }, (_, i) => `row ${i} ${'x'.repeat(40)}`);
    await part.commit();
    let writing = true;
    let reads = 0;
    const reader = (async () => {
      while (writing) {
        // Synchronous reads land between the writer's asynchronous steps.
        const data = JSON.parse(readFileSync(file, 'utf8'));
        expect(data.rows).toHaveLength(20_000);
        reads++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    for (let round = 1; round <= 30; round++) {
      part.data.round = round;
      await part.commit();
    }
    writing = false;
    await reader;
    expect(reads).toBeGreaterThan(0);
    expect((await onDisk(file)).round).toBe(30);
  });

  it('survives kill -9 in the middle of writing: the file parses and holds every acknowledged commit', async () => {
    // A child process commits a growing counter into a large file and prints each acknowledged
    // value; it is killed while writes are still running.
    const script = `
      import { Partition } from ${JSON.stringify(new URL('./partition.ts', import.meta.url).href)};
      const part = await Partition.open(${JSON.stringify(file)}, () => ({ acked: 0, pad: [] }), { fsync: false });
      part.data.pad = Array.from({ length: 30000 }, (_, i) => 'padding ' + i);
      for (let n = 1; ; n++) {
        part.data.acked = n;
        void part.commit().then(() => process.stdout.write(n + '\\n'));
        await new Promise((r) => setImmediate(r));
      }
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let lastAck = 0;
    await new Promise<void>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`writer exited early (${code})`)));
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        for (const line of chunk.split('\n')) if (line) lastAck = Math.max(lastAck, Number(line));
        if (lastAck >= 20) {
          child.kill('SIGKILL');
          resolve();
        }
      });
    });
    await new Promise((r) => child.once('close', r));
    const after = await Partition.open(file, () => ({ acked: 0, pad: [] as string[] }), { fsync: false });
    expect(after.data.acked).toBeGreaterThanOrEqual(lastAck);
    expect(after.data.pad).toHaveLength(30_000);
    expect(await readdir(dir)).toEqual(['part.json']);
  });
});
