import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach } from 'vitest';

/** One pass over the folder: every file with its content; a write's temp file (`*.tmp`) and a file gone mid-walk are left out. */
async function readAll(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (d: string): Promise<void> => {
    for (const entry of await readdir(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (!entry.name.endsWith('.tmp')) {
        try {
          out[relative(dir, path)] = await readFile(path, 'utf8');
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        }
      }
    }
  };
  await walk(dir);
  return out;
}

/**
 * Every file under a folder with its content, to check that a rejected input wrote nothing. Taken
 * once the folder is still (two passes 50 ms apart agree, for at most 3 s): a write the hub started
 * before (a group commit, a follower's file) lands before the picture is taken, not between the
 * "before" and the "after" (a CI run caught a temp file vanishing mid-walk).
 */
export async function snapshotFiles(dir: string): Promise<Record<string, string>> {
  let last = await readAll(dir);
  const until = Date.now() + 3_000;
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, 50));
    const now = await readAll(dir);
    if (JSON.stringify(now) === JSON.stringify(last)) return now;
    last = now;
  }
  return last;
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
