/**
 * `npm run backup -- <dir> [--secrets <dir>] [--data <folder>] [--mall <id>]`
 *
 * Backs up one mall's data folder into `<dir>` (new or empty) with a manifest of every file's
 * size and SHA-256. When a hub runs on the folder, the command asks it for a snapshot through its
 * local backup route (with the token from the folder's `hub.lock`) and copies that out: the hub
 * keeps serving. When none runs, it holds the folder itself and copies it. `--secrets <dir>`
 * copies the mall's key files into a separate folder. See docs/backup.md.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { SnapshotAnswer } from '#shared/schemas/backup.ts';
import { servedBuild } from '../build-info.ts';
import { loadConfig, mallDir, offlineKeyFile, secretFile, type HubConfig } from '../config.ts';
import { ensureEmptyFolder, writeBackup, type Manifest } from '../storage/backup/manifest.ts';
import { backupSecrets } from '../storage/backup/secrets-copy.ts';
import { backupStoppedFolder, STAGING } from '../storage/backup/snapshot.ts';
import { folderHolder, FolderHeldError, type FolderLock } from '../storage/hub-lock.ts';
import { parseArgs } from './args.ts';

const USAGE = 'usage: npm run backup -- <backup folder> [--secrets <folder>] [--data <data folder>] [--mall <id>]';

/** POSTs JSON to the hub on this machine; a hub listening on every address is reached on loopback. */
function post(hubUrl: string, path: string, token: string, body: unknown): Promise<{ status: number; text: string }> {
  const url = new URL(path, hubUrl);
  if (url.hostname === '0.0.0.0') url.hostname = '127.0.0.1';
  if (url.hostname === '[::]') url.hostname = '[::1]';
  const payload = JSON.stringify(body);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((done, fail) => {
    const req = send(
      url,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
        // On this machine only, to a hub whose certificate names the mall's host, not 127.0.0.1.
        rejectUnauthorized: false,
        timeout: 120_000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => (text += d));
        res.on('end', () => done({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('the hub did not answer within 120 s')));
    req.on('error', fail);
    req.end(payload);
  });
}

async function fromRunningHub(hub: FolderLock, mallFolder: string, to: string): Promise<Manifest> {
  if (!hub.url || !hub.token) throw new Error(`a hub (pid ${hub.pid}) is starting on this folder; try again once it serves`);
  // Before the hub does any work: a backup folder in use is refused at once.
  await ensureEmptyFolder(to, 'backup folder');
  const res = await post(hub.url, '/admin/backup/snapshot', hub.token, { to });
  if (res.status !== 200) throw new Error(`the hub at ${hub.url} refused the snapshot (${res.status}): ${res.text}`);
  const answer = SnapshotAnswer.parse(JSON.parse(res.text));
  // Read from, and removed after, only where a hub stages snapshots.
  if (!answer.staging.startsWith(join(mallFolder, STAGING) + sep)) throw new Error(`the hub staged its snapshot outside ${join(mallFolder, STAGING)}: ${answer.staging}`);
  try {
    return await writeBackup(answer.staging, answer.files, to, {
      mall: answer.mall,
      hubBuild: answer.hubBuild,
      hubVersion: answer.hubVersion,
      layoutVersion: answer.layoutVersion,
      source: 'running-hub',
      snapshotAt: answer.snapshotAt,
      journal: answer.journal,
    });
  } finally {
    await rm(answer.staging, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), ['secrets', 'data', 'mall'], ['help']);
  if (args.flags.has('help')) {
    console.log(USAGE);
    return;
  }
  if (args.positional.length !== 1) throw new Error(USAGE);
  const config: HubConfig = loadConfig(process.env, {
    ...(args.options.has('data') ? { dataRoot: args.options.get('data') } : {}),
    ...(args.options.has('mall') ? { mall: args.options.get('mall') } : {}),
  });
  const to = resolve(args.positional[0]);
  const from = mallDir(config);
  if (!existsSync(from)) throw new Error(`no data folder for mall "${config.mall}" at ${from} (set --data or ATRIUM_DATA, --mall or ATRIUM_MALL)`);

  const holder = await folderHolder(from);
  let manifest: Manifest;
  if (holder?.kind === 'hub') manifest = await fromRunningHub(holder, from, to);
  else if (holder) throw new FolderHeldError(from, holder);
  else manifest = await backupStoppedFolder(from, to, { mall: config.mall, hubBuild: servedBuild(config.distDir)(), hubVersion: process.env.npm_package_version ?? '0.1.0' });

  const bytes = manifest.files.reduce((n, f) => n + f.bytes, 0);
  console.log(
    [
      `Backed up mall "${manifest.mall}" (${manifest.source === 'running-hub' ? 'from the running hub' : 'no hub was running'}) into ${to}`,
      `  ${manifest.files.length} files, ${bytes} bytes; layout version ${manifest.layoutVersion}; snapshot at ${manifest.snapshotAt}` +
        (manifest.journal ? `; journal ${manifest.journal.file} at byte ${manifest.journal.bytes}` : ''),
    ].join('\n'),
  );
  const secretsTo = args.options.get('secrets');
  if (secretsTo) {
    const secrets = await backupSecrets({ cardKey: secretFile(config), offlineKey: offlineKeyFile(config) }, resolve(secretsTo), config.mall);
    console.log(`Copied ${secrets.files.map((f) => f.role).join(' and ')} into ${resolve(secretsTo)}: keep it apart from the data backup.`);
  } else {
    console.log(`The mall's keys were not copied (they never go into a data backup): back them up once, apart, with --secrets <folder>. See docs/backup.md.`);
  }
}

main().catch((e: unknown) => {
  console.error(`backup failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
