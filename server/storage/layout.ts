import { open, readFile, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { dataFiles, INNER_BACKUPS } from './backup/data-files.ts';
import { writeBackup } from './backup/manifest.ts';

/**
 * The data folder layout this hub reads and writes (`layout.json`'s `version`). Raise it with a
 * migration in MIGRATIONS whenever a change to the files would make an older folder read wrong.
 */
export const CURRENT_LAYOUT_VERSION = 1;

/** One step: rewrites a mall's data folder from layout `from` to `from + 1`. */
export interface Migration {
  from: number;
  /** What it changes, for the log. */
  describe: string;
  /**
   * Runs on the folder before anything in it is opened. It should write each file whole (temp file
   * and rename) so a crash leaves old or new; a step a crash interrupted runs again from the start
   * at the next start (the version is raised only after it finishes), so it must be safe to rerun.
   */
  run(dir: string): Promise<void>;
}

/** Every migration, in order: MIGRATIONS[i].from === i + 1. Empty while the layout is version 1. */
export const MIGRATIONS: readonly Migration[] = [];

/** A data folder written by a newer Atrium than this one. */
export class LayoutTooNewError extends Error {
  constructor(
    readonly dir: string,
    readonly found: number,
    readonly known: number,
  ) {
    super(
      `Data folder ${dir} has layout version ${found}, but this hub knows layout versions up to ${known}: ` +
        `it was written by a newer Atrium. Run that version again, or restore a backup made before the upgrade.`,
    );
    this.name = 'LayoutTooNewError';
  }
}

export interface LayoutCheck {
  /** The version found (1 for a folder with no layout.json yet). */
  found: number;
  /** The version the folder has now. */
  version: number;
  /** The backup taken before migrating (inside the folder's `backups/`), or null. */
  backup: string | null;
}

export interface LayoutOptions {
  current?: number;
  migrations?: readonly Migration[];
  /** Written into the pre-migration backup's manifest. */
  origin?: { hubBuild: string; hubVersion: string };
  log?: (message: string, details: Record<string, unknown>) => void;
}

/**
 * Checks the layout version of the mall data folder `dir` before it is opened. A folder without
 * `layout.json` (new, or from before layout versions) is version 1. A newer version than `current`
 * throws LayoutTooNewError naming both; an older one is first backed up into
 * `<dir>/backups/pre-migration-<version>-<time>/` (a full backup with a manifest), then migrated
 * step by step, the version written after each step. Throws when a step is missing from
 * `migrations` or fails; the folder then stays at the last version reached.
 */
export async function upgradeLayout(dir: string, options: LayoutOptions = {}): Promise<LayoutCheck> {
  const current = options.current ?? CURRENT_LAYOUT_VERSION;
  const migrations = options.migrations ?? MIGRATIONS;
  const file = join(dir, 'layout.json');
  let layout: Record<string, unknown> | null = null;
  try {
    layout = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    // Missing: version 1. Unreadable: MallStore's own read of layout.json names it.
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return { found: current, version: current, backup: null };
  }
  const raw = layout?.version ?? 1;
  const found = typeof raw === 'number' && Number.isInteger(raw) && raw > 0 ? raw : null;
  if (found === null) return { found: current, version: current, backup: null };
  if (found > current) throw new LayoutTooNewError(dir, found, current);
  if (found === current) return { found, version: found, backup: null };
  const files = await dataFiles(dir);
  // A new folder: MallStore.open writes the current version into it.
  if (layout === null && files.length === 0) return { found: current, version: current, backup: null };
  // From before layout.json: what MallStore.open assumed for such a folder.
  layout ??= { version: 1, shopperShards: 1024 };

  for (let v = found; v < current; v++) {
    if (!migrations.some((m) => m.from === v)) throw new Error(`No migration of the data folder layout from version ${v} to ${v + 1}; this hub cannot open ${dir}`);
  }
  const backup = join(dir, INNER_BACKUPS, `pre-migration-${found}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  await writeBackup(dir, files, backup, {
    mall: basename(dir),
    hubBuild: options.origin?.hubBuild ?? 'dev',
    hubVersion: options.origin?.hubVersion ?? (process.env.npm_package_version ?? '0.1.0'),
    layoutVersion: found,
    source: 'pre-migration',
    snapshotAt: new Date().toISOString(),
    journal: null,
  });
  options.log?.('data folder backed up before its layout is migrated', { dir, backup, from: found, to: current });
  let version = found;
  for (; version < current; version++) {
    const step = migrations.find((m) => m.from === version)!;
    await step.run(dir);
    const now = await readFile(file, 'utf8').then((t) => JSON.parse(t) as Record<string, unknown>, () => layout!);
    layout = { ...now, version: version + 1 };
    await writeWhole(file, JSON.stringify(layout));
    options.log?.('data folder layout migrated', { dir, from: version, to: version + 1, migration: step.describe });
  }
  return { found, version, backup };
}

async function writeWhole(file: string, text: string): Promise<void> {
  const tmp = join(dirname(file), `.${basename(file)}.migrating.tmp`);
  const h = await open(tmp, 'w');
  try {
    await h.writeFile(text);
    await h.sync();
  } finally {
    await h.close();
  }
  await rename(tmp, file);
}
