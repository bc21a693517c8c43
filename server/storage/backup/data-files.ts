import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { LOCK_FILE } from '../hub-lock.ts';

/** Backups the hub keeps inside the data folder (pre-migration copies): never part of a backup. */
export const INNER_BACKUPS = 'backups';

/**
 * The files a backup of the mall's data folder `dir` holds, as `/`-separated paths relative to it,
 * sorted. Left out: the lock file (it names a process), `backups/` (copies inside the folder) and
 * every name starting with a dot (temp files a crash left, which hold nothing acknowledged, and
 * the staging folder of a backup under way).
 */
export async function dataFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(join(dir, rel), { withFileTypes: true });
    } catch (e) {
      // A folder removed while listed (none is, under the write gate) or a folder not made yet.
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (!rel && (entry.name === LOCK_FILE || entry.name === INNER_BACKUPS)) continue;
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) out.push(path);
    }
  };
  await walk('');
  return out.sort();
}
