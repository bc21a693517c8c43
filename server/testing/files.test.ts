import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { snapshotFiles, tempFolderEach } from './files.ts';

describe('snapshotFiles', () => {
  const dir = tempFolderEach('atrium-snapshot-');

  it('leaves out a write’s temp file and waits for a write under way to land', async () => {
    await writeFile(join(dir(), 'signage.json'), 'v1');
    await writeFile(join(dir(), '.signage.json.tmp'), 'half');
    // A write the hub started just before the picture: the picture shows where it lands.
    setTimeout(() => void writeFile(join(dir(), 'signage.json'), 'v2'), 20);
    expect(await snapshotFiles(dir())).toEqual({ 'signage.json': 'v2' });
  });

  it('takes its picture while a hub renames temp files into place, without tripping on a file gone mid-read', async () => {
    // As DurableJsonFile writes: the whole text to `.x.json.tmp`, then renamed over `x.json`.
    const write = async (name: string, text: string) => {
      await writeFile(join(dir(), `.${name}.tmp`), text);
      await rename(join(dir(), `.${name}.tmp`), join(dir(), name));
    };
    await write('signage.json', JSON.stringify({ n: 0 }));
    await write('counters.json', JSON.stringify({ n: 0 }));
    // Bursts 40 to 80 ms apart: the folder goes quiet now and then, and a burst can start while it is read.
    let writing = true;
    const writer = (async () => {
      for (let n = 1; writing; n++) {
        await write('signage.json', JSON.stringify({ n }));
        await write('counters.json', JSON.stringify({ n }));
        await new Promise((r) => setTimeout(r, 40 + (n % 5) * 10));
      }
    })();
    try {
      for (let i = 0; i < 5; i++) {
        const files = await snapshotFiles(dir());
        expect(Object.keys(files).sort()).toEqual(['counters.json', 'signage.json']);
        // Whole files only: each parses.
        for (const text of Object.values(files)) expect(JSON.parse(text)).toHaveProperty('n');
      }
    } finally {
      writing = false;
      await writer;
    }
  });
});
