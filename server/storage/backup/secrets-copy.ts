import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { ensureEmptyFolder, writeDurably } from './manifest.ts';

export const SECRETS_MANIFEST = 'secrets-manifest.json';

/** What a secrets backup holds: each key file by role, with its SHA-256. */
const SecretsManifest = z.object({
  format: z.literal('atrium-secrets'),
  mall: z.string(),
  takenAt: z.string(),
  files: z.array(z.object({ role: z.enum(['card-token-key', 'offline-seal-key']), name: z.string().regex(/^[^/\\]+$/), sha256: z.string() })),
});
type SecretsManifest = z.infer<typeof SecretsManifest>;

export interface SecretFiles {
  /** The card-token key (config secretFile). */
  cardKey: string;
  /** The key that opens offline-sealed card taps (beside it). */
  offlineKey: string;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * Copies the mall's key files into `toDir` (new or empty), apart from the data backup: see
 * docs/backup.md for why. A key file not made yet is skipped (a hub makes the card key at its
 * first start, the offline key at the first kiosk that asks). Files are written mode 0600.
 * Throws when there is no card key at all.
 */
export async function backupSecrets(files: SecretFiles, toDir: string, mall: string): Promise<SecretsManifest> {
  await ensureEmptyFolder(toDir, 'secrets folder');
  const listed: SecretsManifest['files'] = [];
  for (const [role, file] of [['card-token-key', files.cardKey], ['offline-seal-key', files.offlineKey]] as const) {
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' && role === 'offline-seal-key') continue;
      throw new Error(`cannot read the ${role} ${file}: ${(e as Error).message}`);
    }
    await writeDurably(join(toDir, basename(file)), bytes);
    listed.push({ role, name: basename(file), sha256: sha256(bytes) });
  }
  const manifest: SecretsManifest = { format: 'atrium-secrets', mall, takenAt: new Date().toISOString(), files: listed };
  await writeDurably(join(toDir, SECRETS_MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

/**
 * Puts the key files of a secrets backup back where the hub reads them. Checks each against the
 * manifest first (naming a missing or damaged file). An existing key file that differs is refused
 * unless `force`: a wrong card key makes every known card look new. Resolves with the paths written
 * (with `check`, the paths it would write, having written nothing).
 */
export async function restoreSecrets(fromDir: string, files: SecretFiles, options: { force?: boolean; check?: boolean } = {}): Promise<string[]> {
  let manifest: SecretsManifest;
  try {
    manifest = SecretsManifest.parse(JSON.parse(await readFile(join(fromDir, SECRETS_MANIFEST), 'utf8')));
  } catch {
    const names = await readdir(fromDir).catch(() => null);
    throw new Error(`${fromDir} is not a secrets backup: ${names === null ? 'no such folder' : `${SECRETS_MANIFEST} is missing or damaged`}`);
  }
  const plan: { to: string; bytes: Buffer }[] = [];
  for (const f of manifest.files) {
    const bytes = await readFile(join(fromDir, f.name)).catch(() => null);
    if (!bytes) throw new Error(`${join(fromDir, f.name)} is missing from the secrets backup`);
    if (sha256(bytes) !== f.sha256) throw new Error(`${join(fromDir, f.name)} does not match its SHA-256 in ${SECRETS_MANIFEST} (damaged)`);
    const to = f.role === 'card-token-key' ? files.cardKey : files.offlineKey;
    const there = await readFile(to).catch(() => null);
    if (there && !there.equals(bytes) && !options.force) throw new Error(`${to} exists and holds another key; give --force to replace it`);
    plan.push({ to, bytes });
  }
  if (options.check) return plan.map((p) => p.to);
  const written: string[] = [];
  for (const { to, bytes } of plan) {
    await mkdir(dirname(to), { recursive: true, mode: 0o700 });
    const tmp = join(dirname(to), `.${basename(to)}.restoring`);
    await rm(tmp, { force: true });
    await writeDurably(tmp, bytes);
    await rename(tmp, to);
    written.push(to);
  }
  return written;
}
