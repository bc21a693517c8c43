import { randomBytes } from 'node:crypto';
import { copyFile, link, mkdir, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { holdFolder } from '../hub-lock.ts';
import type { MallStore } from '../mall-store.ts';
import { gateFor } from '../write-gate.ts';
import { dataFiles } from './data-files.ts';
import { writeBackup, type JournalPosition, type Manifest } from './manifest.ts';

/** Inside the mall's data folder (same file system, so files can be hard-linked): snapshots being copied. */
export const STAGING = '.backup-staging';

/** A snapshot of a running store, staged in the data folder until it is copied out. */
export interface StagedSnapshot {
  /** The staging folder: a frozen copy of the data folder (hard links, the journal copied). */
  dir: string;
  files: string[];
  /** When the write gate closed (ISO): every write acknowledged before it is in the snapshot. */
  snapshotAt: string;
  journal: JournalPosition;
  layoutVersion: number;
}

/** Who made a backup: the mall's id, the hub's build and package version. */
export interface BackupOrigin {
  mall: string;
  hubBuild: string;
  hubVersion: string;
}

/**
 * Freezes the running store's folder without stopping it: a checkpoint first (so the journal to
 * copy is short), then, with the folder's write gate closed, every data file is hard-linked into
 * a staging folder and the journal files are copied (they are appended in place; every other file
 * is replaced by a rename, never changed, so a link keeps the version of the moment). Writes wait
 * only for the linking — milliseconds for a few thousand files — not for the copy to the backup.
 * Where links are refused (a file system without them) the file is copied instead, under the gate.
 */
export async function stageSnapshot(store: MallStore): Promise<StagedSnapshot> {
  await store.journal.checkpoint();
  const dir = join(store.dir, STAGING, `${Date.now()}-${randomBytes(4).toString('hex')}`);
  await mkdir(dir, { recursive: true });
  try {
    const { files, snapshotAt, journal } = await gateFor(store.dir).exclusive(async () => {
      const snapshotAt = new Date().toISOString();
      const journal = store.journal.position;
      const files = await dataFiles(store.dir);
      for (const path of files) {
        const from = join(store.dir, path);
        const to = join(dir, path);
        await mkdir(dirname(to), { recursive: true });
        if (path.startsWith('journal/')) await copyFile(from, to);
        else await link(from, to).catch(() => copyFile(from, to));
      }
      return { files, snapshotAt, journal };
    });
    const layout = JSON.parse(await readFile(join(dir, 'layout.json'), 'utf8')) as { version: number };
    return { dir, files, snapshotAt, journal, layoutVersion: layout.version };
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
}

/** Removes a staged snapshot (after copying, or one a crash left: see clearStaging). */
export const discardSnapshot = (staged: StagedSnapshot) => rm(staged.dir, { recursive: true, force: true });

/** Removes every staged snapshot in a data folder: at a hub's start, none can be in use. */
export const clearStaging = (mallDir: string) => rm(join(mallDir, STAGING), { recursive: true, force: true });

/**
 * A backup of a running store into `toDir` (new or empty): stageSnapshot, then copied with a
 * manifest (writeBackup). Resolves with the manifest.
 */
export async function backupRunningStore(store: MallStore, toDir: string, origin: BackupOrigin): Promise<Manifest> {
  const staged = await stageSnapshot(store);
  try {
    return await writeBackup(staged.dir, staged.files, toDir, {
      ...origin,
      layoutVersion: staged.layoutVersion,
      source: 'running-hub',
      snapshotAt: staged.snapshotAt,
      journal: staged.journal,
    });
  } finally {
    await discardSnapshot(staged);
  }
}

/**
 * A backup of a data folder no hub runs on: the folder is held (hub.lock) while it is copied, so
 * a hub started meanwhile refuses to open it. Throws FolderHeldError if a live process holds it.
 */
export async function backupStoppedFolder(mallDir: string, toDir: string, origin: BackupOrigin): Promise<Manifest> {
  const held = await holdFolder(mallDir, 'backup');
  try {
    const files = await dataFiles(mallDir);
    let layoutVersion = 1;
    try {
      layoutVersion = (JSON.parse(await readFile(join(mallDir, 'layout.json'), 'utf8')) as { version: number }).version;
    } catch {
      // A folder from before layout.json: layout version 1 (see layout.ts).
    }
    return await writeBackup(mallDir, files, toDir, { ...origin, layoutVersion, source: 'stopped-folder', snapshotAt: new Date().toISOString(), journal: null });
  } finally {
    await held.release();
  }
}
