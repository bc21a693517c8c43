import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { FolderHeldError, folderHolder } from '../hub-lock.ts';
import { CURRENT_LAYOUT_VERSION } from '../layout.ts';
import { verifyBackup, writeDurably, readManifest, type Manifest } from './manifest.ts';

export interface RestoreResult {
  manifest: Manifest;
  /** Where the folder that was there before went (with `force`), if there was one. */
  movedAside: string | null;
}

const stamp = () => new Date().toISOString().replace(/[:.]/g, '-');

/**
 * Restores the backup in `backupDir` into the mall data folder `mallDir`. In order: the manifest
 * is read and its layout version checked (a newer one than this hub's is refused), a hub running
 * on `mallDir` is refused (FolderHeldError), a non-empty `mallDir` is refused unless `force`;
 * then every file is verified against its size and SHA-256 (DamagedBackupError names the first bad
 * file; nothing has been written then) and verified again as it is copied into a new folder beside
 * `mallDir`. Only then is the old folder renamed aside (`<mallDir>.before-restore-<time>`)
 * and the new one renamed into its place.
 */
export async function restoreBackup(backupDir: string, mallDir: string, options: { force?: boolean } = {}): Promise<RestoreResult> {
  const manifest = await readManifest(backupDir);
  if (manifest.layoutVersion > CURRENT_LAYOUT_VERSION) {
    throw new Error(`${backupDir} holds data layout version ${manifest.layoutVersion}, newer than this hub's ${CURRENT_LAYOUT_VERSION}: restore it with the Atrium version that made it (${manifest.hubVersion}, build ${manifest.hubBuild})`);
  }
  const holder = await folderHolder(mallDir);
  if (holder) throw new FolderHeldError(mallDir, holder);
  let existing: string[] = [];
  try {
    existing = await readdir(mallDir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  if (existing.length && !options.force) {
    throw new Error(`${mallDir} is not empty (it holds ${existing.slice(0, 3).join(', ')}${existing.length > 3 ? ', …' : ''}); give --force to move it aside and restore in its place`);
  }

  // Every file checked before anything is written; checked again as it is copied.
  await verifyBackup(backupDir);
  await mkdir(dirname(mallDir), { recursive: true });
  const incoming = join(dirname(mallDir), `.${basename(mallDir)}.restoring-${stamp()}`);
  try {
    await mkdir(incoming);
    await verifyBackup(backupDir, (file, bytes) => writeDurably(join(incoming, file.path), bytes));
  } catch (e) {
    await rm(incoming, { recursive: true, force: true });
    throw e;
  }
  // Checked again just before the swap: a hub may have started on the folder meanwhile.
  const late = await folderHolder(mallDir);
  if (late) {
    await rm(incoming, { recursive: true, force: true });
    throw new FolderHeldError(mallDir, late);
  }
  let movedAside: string | null = null;
  if (existing.length) {
    movedAside = `${mallDir}.before-restore-${stamp()}`;
    await rename(mallDir, movedAside);
  } else {
    await rm(mallDir, { recursive: true, force: true });
  }
  await rename(incoming, mallDir);
  return { manifest, movedAside };
}
