import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach } from 'vitest';

/** Every file under a folder with its content, to check that a rejected input wrote nothing. */
export async function snapshotFiles(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (d: string): Promise<void> => {
    for (const entry of await readdir(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) await walk(path);
      else out[relative(dir, path)] = await readFile(path, 'utf8');
    }
  };
  await walk(dir);
  return out;
}

/**
 * Call inside a describe block: before each test makes an empty folder under the OS temp folder
 * (named `prefix` and a random suffix), after it removes the folder and all in it. Returns a
 * function giving the current test's folder (an absolute path); call it inside tests and hooks.
 */
export function tempFolderEach(prefix: string): () => string {
  let dir: string | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix));
  });
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });
  return () => {
    if (!dir) throw new Error('tempFolderEach: the folder is made in beforeEach; ask for it inside a test or hook');
    return dir;
  };
}
