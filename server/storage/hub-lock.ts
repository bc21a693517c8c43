import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

/** The file in a mall's data folder naming the process that holds the folder. */
export const LOCK_FILE = 'hub.lock';

/**
 * Who holds a data folder: a running hub (with the address and the token its local backup route
 * takes), or a backup copying a folder no hub runs on.
 */
export const FolderLock = z.object({
  kind: z.enum(['hub', 'backup']),
  pid: z.number().int().positive(),
  /**
   * The process's start time as Linux counts it (/proc/<pid>/stat), when known: a pid reused by
   * another process after a crash then does not pass for the holder.
   */
  start: z.string().optional(),
  since: z.string(),
  /** A hub's address, as it listens (0.0.0.0 / :: mean any of this machine's addresses). */
  url: z.string().optional(),
  /** A hub's backup token (64 hex digits); the file is readable by the folder's owner only. */
  token: z.string().optional(),
});
export type FolderLock = z.infer<typeof FolderLock>;

/**
 * Raised when another live process holds the folder; says which. It keeps the holder without
 * its backup token: the error is logged (a failed start's fatal line), and a log is read by more
 * people than the data folder.
 */
export class FolderHeldError extends Error {
  readonly holder: Omit<FolderLock, 'token'>;

  constructor(
    readonly dir: string,
    holder: FolderLock,
  ) {
    super(`${dir} is in use by ${holder.kind === 'hub' ? `a running hub (pid ${holder.pid}${holder.url ? `, ${holder.url}` : ''})` : `a ${holder.kind} (pid ${holder.pid})`}`);
    this.name = 'FolderHeldError';
    const { token: _token, ...named } = holder;
    this.holder = named;
  }
}

/** A process's start time (clock ticks since boot) from /proc, or null where there is none. */
export function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After the command name (in parentheses, which may hold spaces): state is field 3, start time field 22.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

const alive = (lock: FolderLock): boolean => {
  try {
    process.kill(lock.pid, 0);
  } catch (e) {
    // EPERM: the process exists but belongs to another user.
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const start = lock.start === undefined ? null : processStart(lock.pid);
  return start === null || start === lock.start;
};

/**
 * The live holder of `dir`, or null when none: no lock file, an unreadable one, or one whose
 * process is gone (a crash leaves its lock behind; that one is stale), its pid now another
 * process's (told by the start time, where /proc has it).
 */
export async function folderHolder(dir: string): Promise<FolderLock | null> {
  let text: string;
  try {
    text = await readFile(join(dir, LOCK_FILE), 'utf8');
  } catch {
    return null;
  }
  let parsed: FolderLock;
  try {
    parsed = FolderLock.parse(JSON.parse(text));
  } catch {
    return null;
  }
  return alive(parsed) ? parsed : null;
}

/** A held folder. */
export interface HeldFolder {
  readonly lock: FolderLock;
  /** For a hub, once it listens: records its address and a fresh random backup token. */
  announce(url: string): Promise<FolderLock>;
  /** Removes the lock if it is still this one's. */
  release(): Promise<void>;
}

/**
 * Takes `dir` (which must exist) for this process. Throws FolderHeldError when another live
 * process holds it. A lock of this same process is taken over: only tests open one folder twice
 * in a process, and a hub they abandoned (a simulated crash) must not keep the folder.
 * The lock file is written mode 0600: a hub's token is in it.
 */
export async function holdFolder(dir: string, kind: FolderLock['kind']): Promise<HeldFolder> {
  const start = processStart(process.pid);
  let lock: FolderLock = { kind, pid: process.pid, ...(start ? { start } : {}), since: new Date().toISOString() };
  try {
    await writeFile(join(dir, LOCK_FILE), JSON.stringify(lock), { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    const holder = await folderHolder(dir);
    if (holder && holder.pid !== process.pid) throw new FolderHeldError(dir, holder);
    await writeLock(dir, lock);
  }
  return {
    get lock() {
      return lock;
    },
    announce: async (url) => {
      lock = { ...lock, url, token: randomBytes(32).toString('hex') };
      await writeLock(dir, lock);
      return lock;
    },
    release: async () => {
      const now = await readFile(join(dir, LOCK_FILE), 'utf8').catch(() => '');
      if (now === JSON.stringify(lock)) await unlink(join(dir, LOCK_FILE)).catch(() => undefined);
    },
  };
}

/** Rewrites the lock file whole (temp file and rename), mode 0600. */
async function writeLock(dir: string, lock: FolderLock): Promise<void> {
  const tmp = join(dir, `.${LOCK_FILE}.${process.pid}.tmp`);
  await writeFile(tmp, JSON.stringify(lock), { mode: 0o600 });
  await rename(tmp, join(dir, LOCK_FILE));
}
