import type { AuditSort } from '#shared/schemas/audit.ts';
import type { ListPage } from '#shared/schemas/list.ts';
import { carryAuditLine } from '#server/storage/carried-audit.ts';
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

export interface AuditPageRequest {
  /** Words every matching entry contains, in who, action, target, from or detail (case-insensitive). */
  q?: string;
  /** Default: `at`, newest first. */
  sort?: AuditSort;
  dir?: 'ascending' | 'descending';
  /** From 0; past the last page gives the last page. */
  page: number;
  pageSize: number;
}

/** What a line written at start-up from a stored change says (see Audit.audited). */
export const RECOVERED_DETAIL = 'written at start-up from the stored change: the hub stopped before writing it';
/** What the line of an action that failed after asking to store a change says. */
export const FAILED_DETAIL = 'the action failed after asking to store its change';

const joinDetail = (...parts: (string | undefined)[]) => parts.filter(Boolean).join('; ');

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
const textOf = (e: AuditRecord) => `${e.actor} ${e.action} ${e.target ?? ''} ${e.from ?? ''} ${e.detail ?? ''}`.toLocaleLowerCase();

/** The audit log: every operator action and every look at personal data, append-only. */
export class Audit {
  constructor(
    private readonly log: DailyLog<AuditRecord>,
    /** The hub's clock (epoch ms): lines are stamped on it, so they sort with what they record. */
    private readonly now: () => number = () => Date.now(),
  ) {}

  async record(entry: Omit<AuditRecord, 'id' | 'at'>): Promise<void> {
    await this.log.append({ id: newId(), at: new Date(this.now()).toISOString(), ...entry });
  }

  /**
   * Runs an audited action so that its change and its line survive a crash together
   * (server/storage/carried-audit.ts): the line (id and time fixed now) rides on every durable
   * write the action asks for, and is written to the log once the action has succeeded, with
   * `finish`'s additions (what only the result names, e.g. a new record's id). A crash after the
   * change was stored and before the line was written leaves the line with the change; start-up
   * writes it then, once, without `finish`'s additions and with RECOVERED_DETAIL as its detail.
   * An action that throws before asking to store anything (a refused request) writes no line; one
   * that throws after asking gets its line with FAILED_DETAIL, as its change may be on disk.
   * Resolves with the action's result once the line is on disk; rethrows the action's error.
   */
  async audited<T>(
    line: Omit<AuditRecord, 'id' | 'at'>,
    action: () => T | Promise<T>,
    finish?: (result: Awaited<T>) => Pick<AuditRecord, 'target' | 'detail'>,
  ): Promise<Awaited<T>> {
    const id = newId();
    const at = new Date(this.now()).toISOString();
    const { outcome, line: carried } = await carryAuditLine({ id, at, ...line, detail: joinDetail(line.detail, RECOVERED_DETAIL) }, action);
    if (outcome.status === 'rejected') {
      if (carried.carried) await this.log.append({ id, at, ...line, detail: joinDetail(line.detail, FAILED_DETAIL) });
      carried.release();
      throw outcome.reason;
    }
    const more = finish?.(outcome.value) ?? {};
    await this.log.append({ id, at, ...line, ...more });
    // Only once the line is on disk: until then the change's writes keep it (a failed log write
    // leaves it to the next start).
    carried.release();
    return outcome.value;
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

  /**
   * One page of the entries that pass the filter and the search, sorted on the hub, with how many
   * match in all: the panel's audit list asks for this, so it holds one page however long the log
   * is. Ties keep the log's order (newest first).
   */
  async page(filter: AuditFilter, req: AuditPageRequest): Promise<ListPage<AuditRecord>> {
    let rows = await this.find(filter, Number.POSITIVE_INFINITY);
    const words = (req.q ?? '').trim().toLocaleLowerCase().split(/\s+/).filter(Boolean);
    if (words.length > 0) rows = rows.filter((e) => ((t) => words.every((w) => t.includes(w)))(textOf(e)));
    const sort = req.sort ?? 'at';
    const dir = req.dir ?? (sort === 'at' ? 'descending' : 'ascending');
    if (sort === 'at') {
      // find() returns newest first already.
      if (dir === 'ascending') rows = rows.toReversed();
    } else {
      const sign = dir === 'ascending' ? 1 : -1;
      const keyed = rows.map((e, i) => ({ e, i, k: e[sort] ?? '' }));
      keyed.sort((a, b) => sign * collator.compare(a.k, b.k) || a.i - b.i);
      rows = keyed.map((x) => x.e);
    }
    const pageCount = Math.max(1, Math.ceil(rows.length / req.pageSize));
    const page = Math.min(req.page, pageCount - 1);
    return { rows: rows.slice(page * req.pageSize, (page + 1) * req.pageSize), total: rows.length, page, pageSize: req.pageSize };
  }
}
