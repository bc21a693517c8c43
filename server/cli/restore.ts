/**
 * `npm run restore -- <backup dir> [--data <folder>] [--mall <id>] [--force] [--secrets <dir>]`
 *
 * Verifies a backup made by `npm run backup` (every file against its SHA-256) and restores it as
 * the mall's data folder `<data>/<mall>` (the mall named in the backup unless --mall). Refuses a
 * damaged, incomplete or not-a-backup folder naming the file, a folder a hub runs on, and a
 * non-empty folder unless --force (which moves it aside). `--secrets <dir>` puts back the keys
 * saved with `npm run backup -- --secrets`. See docs/backup.md.
 */
import { resolve } from 'node:path';
import { loadConfig, offlineKeyFile, secretFile } from '../config.ts';
import { readManifest } from '../storage/backup/manifest.ts';
import { restoreBackup } from '../storage/backup/restore.ts';
import { restoreSecrets } from '../storage/backup/secrets-copy.ts';
import { parseArgs } from './args.ts';

const USAGE = 'usage: npm run restore -- <backup folder> [--data <data folder>] [--mall <id>] [--force] [--secrets <folder>]';

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), ['data', 'mall', 'secrets'], ['force', 'help']);
  if (args.flags.has('help')) {
    console.log(USAGE);
    return;
  }
  if (args.positional.length !== 1) throw new Error(USAGE);
  const backup = resolve(args.positional[0]);
  const manifest = await readManifest(backup);
  const config = loadConfig(process.env, {
    ...(args.options.has('data') ? { dataRoot: args.options.get('data') } : {}),
    mall: args.options.get('mall') ?? manifest.mall,
  });
  const target = resolve(config.dataRoot, config.mall);
  const force = args.flags.has('force');
  // The keys are checked first: a refusal there (another key in place) comes before the data is swapped.
  const secretsFrom = args.options.get('secrets');
  const files = { cardKey: secretFile(config), offlineKey: offlineKeyFile(config) };
  if (secretsFrom) await restoreSecrets(resolve(secretsFrom), files, { force, check: true });
  const { movedAside } = await restoreBackup(backup, target, { force });
  console.log(
    [
      `Restored mall "${manifest.mall}" into ${target}`,
      `  ${manifest.files.length} files verified; layout version ${manifest.layoutVersion}; snapshot at ${manifest.snapshotAt}`,
      ...(movedAside ? [`  the folder that was there is now ${movedAside}`] : []),
    ].join('\n'),
  );
  if (secretsFrom) {
    const written = await restoreSecrets(resolve(secretsFrom), files, { force });
    console.log(`Restored the mall's keys: ${written.join(', ')}`);
  } else {
    console.log(`Keys not restored (no --secrets): the hub uses ${files.cardKey}; without the mall's own key, known cards look new.`);
  }
}

main().catch((e: unknown) => {
  console.error(`restore failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
