import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';

/** Where a backup's data files sit inside its folder; `manifest.json` sits beside it. */
export const BACKUP_DATA = 'data';
export const MANIFEST = 'manifest.json';

/** One file of a backup: path relative to the mall's data folder, size in bytes, SHA-256 (hex). */
export const BackupFile = z.object({ path: z.string().min(1), bytes: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) });
export type BackupFile = z.infer<typeof BackupFile>;

/** The journal's position at the snapshot: its current file's number and the bytes in it then. */
export const JournalPosition = z.object({ file: z.number().int().nonnegative(), bytes: z.number().int().nonnegative() });
export type JournalPosition = z.infer<typeof JournalPosition>;

/**
 * `manifest.json`, written last: a folder without it is a backup that never finished.
 * `snapshotAt` is the moment the write gate was closed: every write acknowledged before it is in
 * the backup, none that began after it is.
 */
export const Manifest = z.object({
  format: z.literal('atrium-backup'),
  formatVersion: z.literal(1),
  mall: z.string().min(1),
  /** The data folder's layout version (server/storage/layout.ts). */
  layoutVersion: z.number().int().positive(),
  /** The build of the hub that made it (dist/build.json, 'dev' without one) and its package version. */
  hubBuild: z.string(),
  hubVersion: z.string(),
  /** running-hub: taken from a running hub through its write gate; stopped-folder: no hub ran on it. */
  source: z.enum(['running-hub', 'stopped-folder', 'pre-migration']),
  snapshotAt: z.string(),
  /** The journal position acknowledged at the snapshot; null for a folder no hub ran on. */
  journal: JournalPosition.nullable(),
  files: z.array(BackupFile),
});
export type Manifest = z.infer<typeof Manifest>;

/** A backup folder that cannot be restored, with the file that is wrong (relative to the backup). */
export class DamagedBackupError extends Error {
  constructor(
    readonly backupDir: string,
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${backupDir} cannot be restored: ${file} ${problem}`);
    this.name = 'DamagedBackupError';
  }
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function writeDurably(file: string, bytes: Buffer | string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const h = await open(file, 'wx', 0o600);
  try {
    await h.writeFile(bytes);
    await h.sync();
  } finally {
    await h.close();
  }
}

/** Refuses unless `dir` is missing or an empty folder (a backup never mixes with other files). */
export async function ensureEmptyFolder(dir: string, what: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      await mkdir(dir, { recursive: true });
      return;
    }
    throw e;
  }
  if (entries.length) throw new Error(`${what} ${dir} is not empty (it holds ${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', …' : ''}); give a new or empty folder`);
}

/**
 * Copies `files` (paths relative to `fromDir`) into `<toDir>/data/`, hashing what it copies, then
 * writes `<toDir>/manifest.json` with `meta` and the file list. Every file is synced; the manifest
 * comes last, so an interrupted backup has none and is refused by `verifyBackup`. `toDir` must be
 * missing or empty. Resolves with the manifest.
 */
export async function writeBackup(fromDir: string, files: readonly string[], toDir: string, meta: Omit<Manifest, 'format' | 'formatVersion' | 'files'>): Promise<Manifest> {
  await ensureEmptyFolder(toDir, 'backup folder');
  const listed: BackupFile[] = [];
  for (const path of files) {
    const bytes = await readFile(join(fromDir, path));
    await writeDurably(join(toDir, BACKUP_DATA, path), bytes);
    listed.push({ path, bytes: bytes.length, sha256: sha256(bytes) });
  }
  const manifest: Manifest = { format: 'atrium-backup', formatVersion: 1, ...meta, files: listed };
  await writeDurably(join(toDir, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
  const d = await open(toDir, 'r');
  await d.sync().finally(() => d.close());
  return manifest;
}

/** Reads a backup's manifest; throws DamagedBackupError when there is none or it is not one. */
export async function readManifest(backupDir: string): Promise<Manifest> {
  const info = await stat(backupDir).catch(() => null);
  if (!info?.isDirectory()) throw new DamagedBackupError(backupDir, backupDir, 'is not a folder');
  let text: string;
  try {
    text = await readFile(join(backupDir, MANIFEST), 'utf8');
  } catch {
    throw new DamagedBackupError(backupDir, MANIFEST, 'is missing: this is not an Atrium backup, or one that never finished');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new DamagedBackupError(backupDir, MANIFEST, 'is not valid JSON (damaged or cut short)');
  }
  const parsed = Manifest.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DamagedBackupError(backupDir, MANIFEST, `is not an Atrium backup manifest (${issue.path.join('.') || 'top'}: ${issue.message})`);
  }
  for (const f of parsed.data.files) {
    if (f.path.split('/').some((part) => part === '..' || part === '' || part === '.') || f.path.startsWith('/')) {
      throw new DamagedBackupError(backupDir, MANIFEST, `lists a path outside the backup: ${f.path}`);
    }
  }
  return parsed.data;
}

/**
 * Checks a backup completely: its manifest, then every file's presence, size and SHA-256. Throws
 * DamagedBackupError naming the first file that is missing or differs. With `onFile`, each file's
 * verified bytes are handed on (restore copies them, so what it writes is what it checked).
 */
export async function verifyBackup(backupDir: string, onFile?: (file: BackupFile, bytes: Buffer) => Promise<void>): Promise<Manifest> {
  const manifest = await readManifest(backupDir);
  for (const f of manifest.files) {
    const rel = `${BACKUP_DATA}/${f.path}`;
    let bytes: Buffer;
    try {
      bytes = await readFile(join(backupDir, BACKUP_DATA, f.path));
    } catch {
      throw new DamagedBackupError(backupDir, rel, 'is missing (the backup is incomplete, half copied?)');
    }
    if (bytes.length !== f.bytes) throw new DamagedBackupError(backupDir, rel, `has ${bytes.length} bytes, the manifest says ${f.bytes}`);
    if (sha256(bytes) !== f.sha256) throw new DamagedBackupError(backupDir, rel, 'does not match its SHA-256 in the manifest (damaged)');
    await onFile?.(f, bytes);
  }
  return manifest;
}

export { writeDurably };
