import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempFolderEach } from '../testing/files.ts';
import { CorruptDataFileError, DurableJsonFile } from './durable-json-file.ts';

describe('DurableJsonFile', () => {
  const dir = tempFolderEach('atrium-djf-');

  it('reads null when the file does not exist yet', async () => {
    expect(await new DurableJsonFile(join(dir(), 'none.json'), false).read()).toBeNull();
  });

  it('writes compact JSON, reads it back and leaves no temp file', async () => {
    const file = join(dir(), 'data.json');
    const adapter = new DurableJsonFile<{ a: number[] }>(file, true);
    await adapter.write({ a: [1, 2, 3] });
    expect(await readFile(file, 'utf8')).toBe('{"a":[1,2,3]}');
    expect(await adapter.read()).toEqual({ a: [1, 2, 3] });
    expect(await readdir(dir())).toEqual(['data.json']);
  });

  it.each([
    ['half-written JSON', '{"users":[{"username":"op'],
    ['an empty file', ''],
    ['binary junk', '\u0000\u0000\u0000'],
  ])('refuses %s with a CorruptDataFileError naming the file', async (_what, text) => {
    const file = join(dir(), 'accounts.json');
    await writeFile(file, text);
    const error = await new DurableJsonFile(file, false).read().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptDataFileError);
    expect((error as CorruptDataFileError).file).toBe(file);
    expect((error as Error).message).toContain(file);
    // The file is left as it was, for the operator to inspect or restore.
    expect(await readFile(file, 'utf8')).toBe(text);
  });

  it('a temp file left by a crash mid-write does not affect the real file, and is discarded', async () => {
    const file = join(dir(), 'mall.json');
    const adapter = new DurableJsonFile<{ v: number }>(file, false);
    await adapter.write({ v: 1 });
    // What a process killed between open() and rename() leaves behind.
    await writeFile(join(dir(), '.mall.json.tmp'), '{"v":2, "half');
    expect(await adapter.read()).toEqual({ v: 1 });
    await adapter.discardLeftovers();
    expect(await readdir(dir())).toEqual(['mall.json']);
  });

  it('discardLeftovers is harmless when there is nothing to discard', async () => {
    await new DurableJsonFile(join(dir(), 'x.json'), false).discardLeftovers();
    expect(await readdir(dir())).toEqual([]);
  });
});
