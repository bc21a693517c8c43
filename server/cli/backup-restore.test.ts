import { randomUUID } from 'node:crypto';
import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { Manifest } from '../storage/backup/manifest.ts';
import { FolderLock, LOCK_FILE } from '../storage/hub-lock.ts';
import { testCard } from '../testing/cards.ts';
import { runHubProcess, runNpmScript } from '../testing/cli.ts';
import { enrolByTap } from '../testing/enrol.ts';
import { snapshotFiles, tempFolderEach } from '../testing/files.ts';
import { request, startTestHub, type ClientSocket } from '../testing/test-hub.ts';

/** The smallest PNG header the media check takes. */
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
type Ack = { ok: true; data: any } | { ok: false; error: string };
const readJson = async (file: string) => JSON.parse(await readFile(file, 'utf8')) as unknown;
const exists = (path: string) => stat(path).then(() => true, () => false);

// Each test runs the commands as processes (npm, tsx) while a hub works: allow for a busy machine.
describe('npm run backup / npm run restore', { timeout: 180_000 }, () => {
  const folder = tempFolderEach('atrium-backup-');

  it('a backup taken under load, restored into a fresh folder, holds every check-in acknowledged before its snapshot', async () => {
    const root = join(folder(), 'live');
    const hub = await startTestHub({ visitWindowMinutes: 0 }, root);
    try {
      const operator = await hub.login();
      const { token } = await hub.pair('kiosk', 'entrance', 'Kiosk', operator);
      // A promotion image in the mall's media folder: backed up with the rest.
      const uploaded = await fetch(`${hub.url}/api/media`, { method: 'POST', headers: { cookie: operator, 'content-type': 'image/png' }, body: new Blob([new Uint8Array(PNG)]) });
      expect(uploaded.status).toBe(201);
      const image = ((await uploaded.json()) as { url: string }).url;
      // And an item of the media library, with its poster and thumbnail, and its record in media.json.
      const still = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#336699' } }).webp().toBuffer();
      const added = await fetch(`${hub.url}/api/media/items?name=Blue`, { method: 'POST', headers: { cookie: operator, 'content-type': 'image/webp' }, body: new Blob([new Uint8Array(still)]) });
      expect(added.status).toBe(201);
      const item = (await added.json()) as { id: string; url: string; posterUrl: string; thumbUrl: string };
      const kiosk = await hub.socket({ token });
      const cards = Array.from({ length: 12 }, (_, i) => testCard(7000 + i));
      const passes = new Map<string, string>();
      for (const card of cards) passes.set(card, (await enrolByTap(kiosk, card)).passId);

      // Check-ins keep arriving, a wave of one per card at a time, until told to stop; each
      // acknowledgement is stamped with the moment it arrived.
      const acked: { card: string; visitId: string; at: string; ackedAt: number }[] = [];
      let stop = false;
      const load = (async () => {
        while (!stop) {
          await Promise.all(
            cards.map(async (card) => {
              const visit = { card, visitId: randomUUID(), at: new Date().toISOString() };
              const ack = await request<Ack>(kiosk, 'checkin:tap', visit);
              const ackedAt = Date.now();
              if (!ack.ok) throw new Error(JSON.stringify(ack));
              acked.push({ ...visit, ackedAt });
            }),
          );
        }
      })();
      while (acked.length < 50) await new Promise((r) => setTimeout(r, 20));

      const backupDir = join(folder(), 'backup');
      const secretsDir = join(folder(), 'keys');
      const taken = await runNpmScript('backup', [backupDir, '--secrets', secretsDir], { ATRIUM_DATA: root });
      expect(taken.stderr).toBe('');
      expect(taken.code).toBe(0);
      expect(taken.stdout).toContain('from the running hub');
      // A little more load after the snapshot, then stop.
      const afterBackup = acked.length;
      while (acked.length < afterBackup + 50) await new Promise((r) => setTimeout(r, 20));
      stop = true;
      await load;

      const manifest = Manifest.parse(await readJson(join(backupDir, 'manifest.json')));
      expect(manifest).toMatchObject({ mall: 'demo', source: 'running-hub', layoutVersion: 1 });
      expect(manifest.journal).not.toBeNull();
      // Nothing of the snapshot is left in the data folder, and the hub still holds its lock.
      expect(await readdir(join(root, 'demo', '.backup-staging')).catch(() => [])).toEqual([]);
      const snapshotAt = Date.parse(manifest.snapshotAt);
      const before = acked.filter((a) => a.ackedAt < snapshotAt);
      // The backup was taken while check-ins were being acknowledged, on both sides of its point.
      expect(before.length).toBeGreaterThan(0);
      expect(acked.filter((a) => a.ackedAt > snapshotAt).length).toBeGreaterThan(0);
      // Keys went to their own folder, never into the data backup.
      expect(await readdir(secretsDir)).toEqual(['demo.key', 'secrets-manifest.json']);
      expect(manifest.files.some((f) => f.path.includes('secrets') || f.path.endsWith('.key') || f.path === LOCK_FILE)).toBe(false);
      expect(manifest.files.map((f) => f.path)).toContain(image.slice(1));
      expect(manifest.files.map((f) => f.path)).toEqual(expect.arrayContaining(['media.json', ...[item.url, item.posterUrl, item.thumbUrl].map((u) => u.slice(1))]));

      const fresh = join(folder(), 'restored');
      const restored = await runNpmScript('restore', [backupDir, '--data', fresh, '--secrets', secretsDir]);
      expect(restored.stderr).toBe('');
      expect(restored.code).toBe(0);

      const second = await startTestHub({ visitWindowMinutes: 0 }, fresh);
      try {
        const served = await fetch(second.url + image);
        expect(served.status).toBe(200);
        expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);
        // The library came back whole: the item is listed and its file served.
        const library = await second.api('/api/media/items', { cookie: await second.login() });
        expect(library.body.items.map((i: { id: string }) => i.id)).toEqual([item.id]);
        expect(Buffer.from(await (await fetch(second.url + item.url)).arrayBuffer()).equals(still)).toBe(true);
        // The kiosk's pairing came back with the data: it connects with its token.
        const again: ClientSocket = await second.socket({ token });
        for (const a of before) {
          expect(await request<Ack>(again, 'checkin:tap', { card: a.card, visitId: a.visitId, at: a.at })).toMatchObject({ ok: true, data: { status: 'welcome', duplicate: true } });
        }
        // Every enrolled card is known by the same pass: the key came back too.
        for (const card of cards) {
          expect(await request<Ack>(again, 'checkin:tap', { card, visitId: randomUUID(), at: new Date().toISOString() })).toMatchObject({
            ok: true,
            data: { status: 'welcome', shopper: { passId: passes.get(card) } },
          });
        }
      } finally {
        await second.stop();
      }
    } finally {
      await hub.stop();
    }
  });

  it('backs up a folder no hub runs on, and restore refuses a running hub and a non-empty folder unless --force', async () => {
    const root = join(folder(), 'data');
    const first = await startTestHub({}, root);
    const operator = await first.login();
    await first.stop();
    const backupDir = join(folder(), 'offline-backup');
    const taken = await runNpmScript('backup', [backupDir, '--data', root]);
    expect(taken.code).toBe(0);
    expect(taken.stdout).toContain('no hub was running');
    expect(taken.stdout).toContain('--secrets');
    expect(Manifest.parse(await readJson(join(backupDir, 'manifest.json')))).toMatchObject({ source: 'stopped-folder', journal: null });
    // The command held the folder while copying and let it go after.
    expect(await exists(join(root, 'demo', LOCK_FILE))).toBe(false);

    // Over a running hub: refused, the hub's folder untouched.
    const hub = await startTestHub({}, root);
    try {
      const lock = FolderLock.parse(await readJson(join(root, 'demo', LOCK_FILE)));
      expect(lock).toMatchObject({ kind: 'hub', pid: process.pid, url: hub.url });
      expect((await stat(join(root, 'demo', LOCK_FILE))).mode & 0o777).toBe(0o600);
      const before = await snapshotFiles(join(root, 'demo'));
      const refused = await runNpmScript('restore', [backupDir, '--data', root, '--force']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`${join(root, 'demo')} is in use by a running hub (pid ${process.pid}`);
      expect(await snapshotFiles(join(root, 'demo'))).toEqual(before);
      // A second hub on the same folder stops at start, naming the one that runs.
      const second = await runHubProcess({ ATRIUM_DATA: root, ATRIUM_PORT: '0', ATRIUM_LOG_LEVEL: 'info' });
      expect(second.code).toBe(1);
      expect(second.stdout).toContain(`is in use by a running hub (pid ${process.pid}, ${hub.url})`);
      expect(await snapshotFiles(join(root, 'demo'))).toEqual(before);
      // The hub still answers, its sign-in intact.
      expect((await hub.api('/api/health', { cookie: operator })).status).toBe(200);
    } finally {
      await hub.stop();
    }

    const notEmpty = await runNpmScript('restore', [backupDir, '--data', root]);
    expect(notEmpty.code).toBe(1);
    expect(notEmpty.stderr).toContain(`${join(root, 'demo')} is not empty`);
    expect(notEmpty.stderr).toContain('--force');

    const forced = await runNpmScript('restore', [backupDir, '--data', root, '--force']);
    expect(forced.code).toBe(0);
    const aside = (await readdir(root)).filter((n) => n.startsWith('demo.before-restore-'));
    expect(aside).toHaveLength(1);
    expect(forced.stdout).toContain(join(root, aside[0]));
    expect(await readJson(join(root, 'demo', 'mall.json'))).toEqual(await readJson(join(backupDir, 'data', 'mall.json')));
  });

  it('refuses, naming the file, a folder that is not a backup, one half copied, one with a damaged file and a wrong path', async () => {
    const root = join(folder(), 'data');
    const hub = await startTestHub({}, root);
    await hub.stop();
    const good = join(folder(), 'good');
    expect((await runNpmScript('backup', [good, '--data', root])).code).toBe(0);
    const manifest = Manifest.parse(await readJson(join(good, 'manifest.json')));
    const target = join(folder(), 'target');

    const refuse = async (backup: string, says: string) => {
      const r = await runNpmScript('restore', [backup, '--data', target]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(says);
      // Nothing was written.
      expect(await exists(target)).toBe(false);
    };

    // The data folder itself is not a backup.
    await refuse(join(root, 'demo'), 'manifest.json is missing: this is not an Atrium backup');
    // Not a folder at all, and a path with nothing there.
    await refuse(join(good, 'manifest.json'), 'is not a folder');
    await refuse(join(folder(), 'no-such-backup'), 'is not a folder');

    // Half copied: a file the manifest lists is missing.
    const half = join(folder(), 'half');
    await cp(good, half, { recursive: true });
    await rm(join(half, 'data', 'accounts.json'));
    await refuse(half, 'data/accounts.json is missing');

    // A file changed after the backup, with its length kept: only the hash can tell.
    const damaged = join(folder(), 'damaged');
    await cp(good, damaged, { recursive: true });
    const mall = await readFile(join(damaged, 'data', 'mall.json'), 'utf8');
    await writeFile(join(damaged, 'data', 'mall.json'), mall.replace('"', "'"));
    await refuse(damaged, 'data/mall.json does not match its SHA-256');

    // A manifest cut short, and one of something else.
    const cut = join(folder(), 'cut');
    await mkdir(join(cut, 'data'), { recursive: true });
    await writeFile(join(cut, 'manifest.json'), JSON.stringify(manifest).slice(0, 100));
    await refuse(cut, 'manifest.json is not valid JSON');
    await writeFile(join(cut, 'manifest.json'), JSON.stringify({ name: 'atrium', version: '0.1.0' }));
    await refuse(cut, 'manifest.json is not an Atrium backup manifest');

    // And a good one still restores.
    const ok = await runNpmScript('restore', [good, '--data', target]);
    expect(ok.code).toBe(0);
  });

  it('backup refuses a folder that is not empty and a mall with no data folder', async () => {
    const root = join(folder(), 'data');
    const hub = await startTestHub({}, root);
    await hub.stop();
    const used = join(folder(), 'used');
    await mkdir(used);
    await writeFile(join(used, 'notes.txt'), 'keep me');
    const full = await runNpmScript('backup', [used, '--data', root]);
    expect(full.code).toBe(1);
    expect(full.stderr).toContain(`backup folder ${used} is not empty`);
    expect(await readdir(used)).toEqual(['notes.txt']);

    const none = await runNpmScript('backup', [join(folder(), 'b'), '--data', root, '--mall', 'northgate']);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(`no data folder for mall "northgate" at ${join(root, 'northgate')}`);
    const usage = await runNpmScript('backup', []);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toContain('usage: npm run backup');
  });
});

describe('the local snapshot route', () => {
  const folder = tempFolderEach('atrium-snapshot-route-');

  it('answers only this machine with the token from the lock file; anyone else gets 403, a bad body 400', async () => {
    const hub = await startTestHub({}, folder());
    let staging = '';
    try {
      const lock = FolderLock.parse(await readJson(join(hub.dataRoot, 'demo', LOCK_FILE)));
      const post = (headers: Record<string, string>, body: unknown = {}) =>
        fetch(`${hub.url}/admin/backup/snapshot`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
      expect((await post({})).status).toBe(403);
      expect((await post({ authorization: `Bearer ${'0'.repeat(64)}` })).status).toBe(403);
      // An operator's sign-in is no key to it.
      expect((await post({ cookie: await hub.login() })).status).toBe(403);
      // Through a proxy on this machine every caller looks local: refused even with the token.
      expect((await post({ authorization: `Bearer ${lock.token}`, 'x-forwarded-for': '203.0.113.9' })).status).toBe(403);
      const bad = await post({ authorization: `Bearer ${lock.token}` }, { to: 7 });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ field: 'to' });

      const res = await post({ authorization: `Bearer ${lock.token}` }, { to: '/backups/x' });
      expect(res.status).toBe(200);
      const answer = (await res.json()) as { staging: string; files: string[] };
      expect(answer.files).toContain('mall.json');
      expect(await readFile(join(answer.staging, 'mall.json'), 'utf8')).toBe(await readFile(join(hub.dataRoot, 'demo', 'mall.json'), 'utf8'));
      staging = answer.staging;
      const audit = await hub.services.audit.find({ from: '2000-01-01', to: '2999-12-31', action: 'backup.' });
      expect(audit).toMatchObject([{ actor: 'system:backup-command', action: 'backup.snapshot', target: '/backups/x' }]);
    } finally {
      await hub.stop();
    }
    // A command that never removed its staged snapshot (it was stopped): the next start does.
    expect(await exists(staging)).toBe(true);
    const again = await startTestHub({}, folder());
    await again.stop();
    expect(await exists(staging)).toBe(false);
  });
});
