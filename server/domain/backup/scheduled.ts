import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { localMoment } from '../mall/local-time.ts';
import { readManifest } from '#server/storage/backup/manifest.ts';

/** A scheduled backup's folder name: `<mall>-<UTC time>`, e.g. `demo-2026-11-30T03-00-00-000Z`. */
export const scheduledName = (mall: string, at: Date) => `${mall}-${at.toISOString().replace(/[:.]/g, '-')}`;

const nameTime = (mall: string, name: string): Date | null => {
  const m = new RegExp(`^${mall}-(\\d{4}-\\d{2}-\\d{2})T(\\d{2})-(\\d{2})-(\\d{2})-(\\d{3})Z$`).exec(name);
  return m ? new Date(`${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5]}Z`) : null;
};

/** The scheduled backups of `mall` in `dir`, oldest first, with whether each finished (has a valid manifest). */
export async function scheduledBackups(dir: string, mall: string): Promise<{ path: string; at: Date; complete: boolean }[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const out: { path: string; at: Date; complete: boolean }[] = [];
  for (const name of names) {
    const at = nameTime(mall, name);
    if (!at) continue;
    const path = join(dir, name);
    const complete = await readManifest(path).then(() => true, () => false);
    out.push({ path, at, complete });
  }
  return out.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/**
 * Whether the daily backup is due at `now`: it is at or past `hour` o'clock on the mall clock and
 * no finished backup was made earlier on the same local day.
 */
export function backupDue(now: Date, hour: number, timeZone: string, made: readonly { at: Date; complete: boolean }[]): boolean {
  const here = localMoment(now, timeZone);
  if (here.minute < hour * 60) return false;
  return !made.some((b) => b.complete && localMoment(b.at, timeZone).day === here.day);
}

/**
 * Keeps the newest `keep` finished scheduled backups of `mall` in `dir` and removes the older
 * ones, and any unfinished one (no manifest: a backup a crash or a full disk cut short) other than
 * the newest folder. Only folders named as scheduled backups are touched. Resolves with the removed paths.
 */
export async function pruneBackups(dir: string, mall: string, keep: number): Promise<string[]> {
  const all = await scheduledBackups(dir, mall);
  const complete = all.filter((b) => b.complete);
  const newest = all.at(-1);
  const drop = [...complete.slice(0, Math.max(0, complete.length - keep)), ...all.filter((b) => !b.complete && b !== newest)];
  for (const b of drop) await rm(b.path, { recursive: true, force: true });
  return drop.map((b) => b.path);
}
