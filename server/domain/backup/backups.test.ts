import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '#server/config.ts';
import { verifyBackup } from '#server/storage/backup/manifest.ts';
import { tempFolderEach } from '#server/testing/files.ts';
import { startTestHub } from '#server/testing/test-hub.ts';
import { Backups } from './backups.ts';

describe('the daily scheduled backup', () => {
  const folder = tempFolderEach('atrium-scheduled-');

  it('runs once per mall-clock day from its hour, keeps the newest N and is audited', async () => {
    const hub = await startTestHub({}, join(folder(), 'data'));
    try {
      const dir = join(folder(), 'backups');
      // Warsaw is UTC+1 in March: 03:00 there is 02:00 UTC.
      const backups = new Backups(hub.store, { mall: 'demo', backupDir: dir, backupKeep: 2, backupHour: 3, timezone: 'Europe/Warsaw' }, hub.services.audit, () => ({
        hubBuild: 'test-build',
        hubVersion: '0.1.0',
      }));

      expect(await backups.runIfDue(new Date('2026-03-10T01:59:00Z'))).toBeNull();
      const first = await backups.runIfDue(new Date('2026-03-10T02:00:00Z'));
      expect(first).toMatchObject({ mall: 'demo', source: 'running-hub', hubBuild: 'test-build', layoutVersion: 1 });
      expect(await readdir(dir)).toEqual(['demo-2026-03-10T02-00-00-000Z']);
      expect(await verifyBackup(join(dir, 'demo-2026-03-10T02-00-00-000Z'))).toEqual(first);
      // Later the same local day: nothing more.
      expect(await backups.runIfDue(new Date('2026-03-10T22:59:00Z'))).toBeNull();

      // A backup a crash cut short (no manifest) is cleared away by the next one's clean-up.
      await mkdir(join(dir, 'demo-2026-03-10T23-30-00-000Z', 'data'), { recursive: true });
      // 01:30 UTC on the 11th is 02:30 in Warsaw: not yet.
      expect(await backups.runIfDue(new Date('2026-03-11T01:30:00Z'))).toBeNull();
      expect(await backups.runIfDue(new Date('2026-03-11T02:30:00Z'))).not.toBeNull();
      expect(await backups.runIfDue(new Date('2026-03-12T05:00:00Z'))).not.toBeNull();
      expect((await readdir(dir)).sort()).toEqual(['demo-2026-03-11T02-30-00-000Z', 'demo-2026-03-12T05-00-00-000Z']);

      const audit = await hub.services.audit.find({ from: '2000-01-01', to: '2999-12-31', action: 'backup.' });
      expect(audit.filter((a) => a.action === 'backup.scheduled').map((a) => a.target)).toEqual(
        ['demo-2026-03-12T05-00-00-000Z', 'demo-2026-03-11T02-30-00-000Z', 'demo-2026-03-10T02-00-00-000Z'].map((n) => join(dir, n)),
      );
      expect(audit.filter((a) => a.action === 'backup.removed').map((a) => a.target).sort()).toEqual(
        ['demo-2026-03-10T02-00-00-000Z', 'demo-2026-03-10T23-30-00-000Z'].map((n) => join(dir, n)),
      );
    } finally {
      await hub.stop();
    }
  });

  it('a failed backup is audited and tried again only the next day', async () => {
    const hub = await startTestHub({}, join(folder(), 'data'));
    try {
      // The backup folder's parent is a file: every backup into it fails.
      const dir = join(hub.dataRoot, 'demo', 'layout.json', 'backups');
      const errors: string[] = [];
      const backups = new Backups(hub.store, { mall: 'demo', backupDir: dir, backupKeep: 2, backupHour: 0, timezone: 'UTC' }, hub.services.audit, () => ({ hubBuild: 'b', hubVersion: 'v' }));
      backups.onError = (_e, message) => errors.push(message);
      await expect(backups.runIfDue(new Date('2026-03-10T08:00:00Z'))).rejects.toThrow();
      expect(await backups.runIfDue(new Date('2026-03-10T09:00:00Z'))).toBeNull();
      expect(errors).toEqual([`scheduled backup into ${join(dir, 'demo-2026-03-10T08-00-00-000Z')} failed`]);
      const audit = await hub.services.audit.find({ from: '2000-01-01', to: '2999-12-31', action: 'backup.' });
      expect(audit).toMatchObject([{ action: 'backup.failed', actor: 'system:scheduled-backup' }]);
    } finally {
      await hub.stop();
    }
  });

  it('a hub with a backup folder takes the day\'s backup on its own, and /metrics says when', async () => {
    const dir = join(folder(), 'daily');
    // From hour 0, the day's backup is due at once: the hub takes it at start.
    const hub = await startTestHub({ backupDir: dir, backupHour: 0, timezone: 'UTC' }, join(folder(), 'data'));
    try {
      const scraped = async () => {
        const text = await (await fetch(`${hub.url}/metrics`)).text();
        return Number(/^atrium_backup_last_success_timestamp_seconds (\d+)/m.exec(text)?.[1]);
      };
      let made: string[] = [];
      for (let i = 0; i < 200 && !(made.length && (await scraped()) > 0); i++) {
        await new Promise((r) => setTimeout(r, 50));
        made = await readdir(dir).catch(() => []);
      }
      expect(made).toHaveLength(1);
      expect(made[0]).toMatch(/^demo-\d{4}-\d{2}-\d{2}T/);
      await verifyBackup(join(dir, made[0]));
      const first = await scraped();
      expect(first).toBeGreaterThan(Date.parse('2026-01-01') / 1000);
    } finally {
      await hub.stop();
    }
    // Restarted the same day: no second backup, and /metrics still knows the first.
    const again = await startTestHub({ backupDir: dir, backupHour: 0, timezone: 'UTC' }, join(folder(), 'data'));
    try {
      // The hub looks at the folder just after it starts: wait for that, not for a time.
      let seen = 0;
      for (let i = 0; i < 200 && !(seen > 0); i++) {
        const text = await (await fetch(`${again.url}/metrics`)).text();
        seen = Number(/^atrium_backup_last_success_timestamp_seconds (\d+)/m.exec(text)?.[1]);
        if (!(seen > 0)) await new Promise((r) => setTimeout(r, 50));
      }
      expect(seen).toBeGreaterThan(Date.parse('2026-01-01') / 1000);
      expect(await readdir(dir)).toHaveLength(1);
    } finally {
      await again.stop();
    }
  });

  it('is off unless a backup folder is set, and its settings are checked by name', () => {
    expect(loadConfig({}, {}).backupDir).toBeUndefined();
    expect(loadConfig({ ATRIUM_BACKUP_DIR: '/var/backups/atrium', ATRIUM_BACKUP_KEEP: '14', ATRIUM_BACKUP_HOUR: '4' })).toMatchObject({
      backupDir: '/var/backups/atrium',
      backupKeep: 14,
      backupHour: 4,
    });
    expect(() => loadConfig({ ATRIUM_BACKUP_KEEP: '0' })).toThrow('Bad hub setting backupKeep');
    expect(() => loadConfig({ ATRIUM_BACKUP_HOUR: '24' })).toThrow('Bad hub setting backupHour');
  });
});
