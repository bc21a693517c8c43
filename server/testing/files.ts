import { lstat, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach } from 'vitest';

/** How long the folder must have gone unchanged before its picture is taken (ms). */
const QUIET_MS = 50;
/** The longest a picture waits for the folder to go quiet (ms); then it is taken as it is. */
const WAIT_AT_MOST_MS = 3_000;

/** What is in the folder, without contents. */
interface Listing {
  /** Every entry (temp files and folders too) by its path under the folder → "mtime ctime size". */
  stamps: Map<string, string>;
  /** The files' paths, temp files left out. */
  files: string[];
  /** When anything in the folder last changed: the latest ctime seen (ms since epoch; a ctime cannot be set back or ahead, unlike an mtime). */
  changed: number;
}

async function list(dir: string): Promise<Listing> {
  const listing: Listing = { stamps: new Map(), files: [], changed: 0 };
  const visit = async (path: string): Promise<void> => {
    let stat;
    try {
      stat = await lstat(path);
    } catch (e) {
      // Gone since its folder was read (a temp file renamed into place): the next listing differs.
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' && path !== dir) return;
      throw e;
    }
    const name = relative(dir, path);
    listing.stamps.set(name, `${stat.mtimeMs} ${stat.ctimeMs} ${stat.size}`);
    listing.changed = Math.max(listing.changed, stat.ctimeMs);
    if (!stat.isDirectory()) {
      if (!name.endsWith('.tmp')) listing.files.push(name);
      return;
    }
    let names: string[];
    try {
      names = await readdir(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    for (const n of names) await visit(join(path, n));
  };
  await visit(dir);
  return listing;
}

const sameListing = (a: Listing, b: Listing) => a.stamps.size === b.stamps.size && [...a.stamps].every(([path, stamp]) => b.stamps.get(path) === stamp);

/**
 * The listing's files with their contents, by path. A file gone while read: null (the folder
 * moved; read it again), or with `skipGone` the file is left out.
 */
async function readFiles(dir: string, listing: Listing, skipGone: boolean): Promise<Record<string, string> | null> {
  const out: Record<string, string> = {};
  for (const path of listing.files) {
    try {
      out[path] = await readFile(join(dir, path), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      if (!skipGone) return null;
    }
  }
  return out;
}

/**
 * Every file under a folder with its content (by path under the folder), to check that a rejected
 * input wrote nothing. Write temp files (`*.tmp`) are left out.
 *
 * The picture is taken once nothing in the folder has changed for 50 ms, judged by the files' and
 * folders' own change times, so a folder already quiet is read at once: a write the hub made just
 * before (a group commit, a follower's file written after the response) lands before the "before"
 * picture, not between it and the "after". The picture counts only if the folder's listing (every
 * entry's times and size) is the same after its files were read as before, so a hub renaming
 * `.x.json.tmp` into place mid-read (a CI run caught an ENOENT there) means another read. A folder
 * still changing after 3 s is taken as it is, files gone mid-read left out.
 */
export async function snapshotFiles(dir: string): Promise<Record<string, string>> {
  const until = Date.now() + WAIT_AT_MOST_MS;
  for (;;) {
    const before = await list(dir);
    const late = Date.now() >= until;
    const quietFor = Date.now() - before.changed;
    if (!late && quietFor < QUIET_MS) {
      await new Promise((r) => setTimeout(r, Math.min(QUIET_MS, QUIET_MS - quietFor)));
      continue;
    }
    const files = await readFiles(dir, before, late);
    if (files && (late || sameListing(before, await list(dir)))) return files;
  }
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
