import { writeFile } from 'node:fs/promises';
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
});
