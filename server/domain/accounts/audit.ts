import type { DailyLog } from '#server/storage/daily-log.ts';
import type { AuditRecord } from '#server/storage/records.ts';
import { newId } from '../core/ids.ts';

export interface AuditFilter {
  from: string;
  to: string;
  actor?: string;
  /** Action name prefix, e.g. `auth.` for sign-ins, failed sign-ins and lockouts. */
  action?: string;
  /** Exactly what the action was done to (a username for sign-ins and user changes). */
  target?: string;
}

/** The audit log: every operator action and every look at personal data, append-only. */
export class Audit {
  constructor(private readonly log: DailyLog<AuditRecord>) {}

  async record(entry: Omit<AuditRecord, 'id' | 'at'>): Promise<void> {
    await this.log.append({ id: newId(), at: new Date().toISOString(), ...entry });
  }

  /** Entries between two UTC dates inclusive, newest first, at most `limit`. */
  async find(filter: AuditFilter, limit = 500): Promise<AuditRecord[]> {
    const days = (await this.log.days()).filter((d) => d >= filter.from && d <= filter.to).reverse();
    const out: AuditRecord[] = [];
    for (const day of days) {
      const entries = [...(await this.log.read(day))].reverse();
      for (const e of entries) {
        if (filter.actor && e.actor !== filter.actor) continue;
        if (filter.action && !e.action.startsWith(filter.action)) continue;
        if (filter.target && e.target !== filter.target) continue;
        out.push(e);
        if (out.length >= limit) return out;
      }
    }
    return out;
  }
}
