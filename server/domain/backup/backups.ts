import { join } from 'node:path';
import { backupRunningStore, stageSnapshot, type StagedSnapshot } from '#server/storage/backup/snapshot.ts';
import type { Manifest } from '#server/storage/backup/manifest.ts';
import type { MallStore } from '#server/storage/mall-store.ts';
import type { Audit } from '../accounts/audit.ts';
import { backupDue, pruneBackups, scheduledBackups, scheduledName } from './scheduled.ts';

export interface BackupSettings {
  mall: string;
  /** Where daily backups go; none: no scheduled backups. */
  backupDir?: string | undefined;
  /** How many daily backups to keep. */
  backupKeep: number;
  /** The hour (0–23, mall clock) from which the day's backup is taken. */
  backupHour: number;
  timezone: string;
}

/**
 * Backups of the running hub: snapshots for the local backup command (which copies them out
 * itself, see server/cli/backup.ts) and the daily scheduled backup with its retention. Every
 * backup is in the audit log (`backup.snapshot`, `backup.scheduled`, `backup.failed`).
 */
export class Backups {
  #timer: ReturnType<typeof setInterval> | null = null;
  #running: Promise<unknown> | null = null;
  #failedDay: string | null = null;
  /** The token the local backup route takes; set by the hub from its folder lock (hub-lock.ts). */
  localToken: () => string | undefined = () => undefined;
  /** When the last scheduled backup finished (for /metrics); null before the first. */
  lastSuccessAt: Date | null = null;
  /** Where a failed scheduled backup is reported (the hub's log). */
  onError: (e: unknown, message: string) => void = () => undefined;

  constructor(
    private readonly store: MallStore,
    private readonly settings: BackupSettings,
    private readonly audit: Audit,
    private readonly origin: () => { hubBuild: string; hubVersion: string },
  ) {}

  /**
   * Freezes the data folder into a staging folder inside it (see stageSnapshot) for the local
   * backup command, which copies it out and removes it. `to` is where the command says it copies
   * it (for the audit log only).
   */
  async snapshot(to: string | undefined): Promise<StagedSnapshot> {
    const staged = await stageSnapshot(this.store);
    await this.audit.record({ actor: 'system:backup-command', action: 'backup.snapshot', ...(to ? { target: to } : {}) });
    return staged;
  }

  /** Checks every 5 minutes whether the daily backup is due (only with a backup folder set). */
  start(): void {
    if (!this.settings.backupDir || this.#timer) return;
    this.#timer = setInterval(() => void this.runIfDue().catch(() => undefined), 5 * 60_000);
    this.#timer.unref();
    void this.runIfDue().catch(() => undefined);
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  /** Resolves once a scheduled backup under way (if any) has finished or failed: the hub waits for it when it stops. */
  async idle(): Promise<void> {
    await this.#running?.catch(() => undefined);
  }

  /**
   * Takes the daily backup into `<backupDir>/<mall>-<time>/` if it is due at `now` (see
   * backupDue), then removes the backups beyond `backupKeep`. Resolves with the new backup's
   * manifest, or null when none was due (or none is configured). A failure is audited and logged
   * and not retried until the next local day; the error is thrown on.
   */
  async runIfDue(now = new Date()): Promise<Manifest | null> {
    const { backupDir, mall, backupHour, backupKeep, timezone } = this.settings;
    if (!backupDir || this.#running) return null;
    const day = now.toISOString().slice(0, 10);
    if (this.#failedDay === day) return null;
    const to = join(backupDir, scheduledName(mall, now));
    const run = (async () => {
      try {
        const made = await scheduledBackups(backupDir, mall);
        // After a restart, /metrics still knows the last one (by its folder's time).
        const newest = made.filter((b) => b.complete).at(-1);
        if (newest && !this.lastSuccessAt) this.lastSuccessAt = newest.at;
        if (!backupDue(now, backupHour, timezone, made)) return null;
        const manifest = await backupRunningStore(this.store, to, { mall, ...this.origin() });
        this.lastSuccessAt = new Date();
        await this.audit.record({ actor: 'system:scheduled-backup', action: 'backup.scheduled', target: to });
        const removed = await pruneBackups(backupDir, mall, backupKeep);
        for (const path of removed) await this.audit.record({ actor: 'system:scheduled-backup', action: 'backup.removed', target: path });
        return manifest;
      } catch (e) {
        this.#failedDay = day;
        this.onError(e, `scheduled backup into ${to} failed`);
        await this.audit.record({ actor: 'system:scheduled-backup', action: 'backup.failed', target: to }).catch(() => undefined);
        throw e;
      }
    })();
    this.#running = run;
    try {
      return await run;
    } finally {
      this.#running = null;
    }
  }
}
