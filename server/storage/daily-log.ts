import { mkdir, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { shapeProblem } from './durable-json-file.ts';
import type { Journal, JournalChange, Journaled } from './journal.ts';
import { Partition } from './partition.ts';
import { gatedWrite } from './write-gate.ts';

export interface LogEntry {
  id: string;
  at: string;
}

/** The UTC day an entry belongs to: its file name. */
export function dayOf(at: string | Date): string {
  return (typeof at === 'string' ? new Date(at) : at).toISOString().slice(0, 10);
}

/** `2026-11-23.json` is a day's first segment, `2026-11-23.2.json` its second, and so on. */
const SEGMENT_FILE = /^(\d{4}-\d{2}-\d{2})(?:\.(\d+))?\.json$/;

/** Something that takes a log's days one at a time (DailyLog.readDaysFrom). */
export interface DayReader<V> {
  /** One day's entries in the order they were appended (read only). */
  day(day: string, entries: readonly V[]): void | Promise<void>;
}

/** A change as journaled: an entry appended. */
type LogChange<V> = { e: V };

interface Day<V> {
  /** Segments in order; the last one takes new entries until it is full. */
  segments: { index: number; part: Partition<V[]> }[];
  ids: Set<string>;
}

/**
 * Entries partitioned by day, one lowdb file per day — split into segments of at most
 * `segmentSize` entries, so an append rewrites one bounded file however busy the day gets (a
 * whole-day file grows with every check-in, and so does the cost of each write).
 * Days other than the most recent ones are read when asked for and dropped from memory after.
 * Entry ids are unique: appending an id already in its day is a no-op.
 */
export class DailyLog<V extends LogEntry> implements Journaled {
  readonly #days = new Map<string, Promise<Day<V>>>();
  readonly #touched: string[] = [];
  /** read() calls per day since open, for tests of how often start-up reads a day. */
  readonly #reads = new Map<string, number>();
  /** Staged entries (stageAppend) on disk in their frame and being put in their day in memory. */
  readonly #placing = new Set<Promise<void>>();

  readonly #segmentSchema: z.ZodType<V[]> | undefined;
  readonly #changeSchema: z.ZodType<LogChange<V>> | undefined;

  private constructor(
    readonly dir: string,
    private readonly options: { fsync: boolean; cacheDays: number; segmentSize: number; journal?: { journal: Journal; name: string }; schema?: z.ZodType<V>; carries?: boolean },
  ) {
    const entry = options.schema;
    this.#segmentSchema = entry && z.array(entry);
    this.#changeSchema = entry && z.object({ e: entry });
  }

  /**
   * With a journal, appends are acknowledged once journaled and day files are written at the
   * journal's checkpoints; without one, each acknowledged append rewrites its segment. `schema`:
   * each entry's shape; day files and journaled entries of another shape are refused by name.
   * `carries: false` for the audit log itself: its files never carry audit lines (carried-audit.ts).
   */
  static async open<V extends LogEntry>(
    dir: string,
    options: { fsync: boolean; cacheDays?: number; segmentSize?: number; journal?: { journal: Journal; name: string }; schema?: z.ZodType<V>; carries?: boolean },
  ): Promise<DailyLog<V>> {
    await mkdir(dir, { recursive: true });
    const log = new DailyLog<V>(dir, { ...options, cacheDays: options.cacheDays ?? 3, segmentSize: options.segmentSize ?? 2000 });
    options.journal?.journal.add(options.journal.name, log);
    return log;
  }

  /** Days with entries: on disk, or only journaled so far. */
  async days(): Promise<string[]> {
    const days = new Set<string>();
    for (const [day, p] of this.#days) {
      const d = await p.catch(() => null);
      if (d?.segments.some(({ part }) => part.data.length > 0)) days.add(day);
    }
    for (const n of await readdir(this.dir)) {
      const m = SEGMENT_FILE.exec(n);
      if (m) days.add(m[1]);
    }
    return [...days].sort();
  }

  #fileOf(day: string, index: number): string {
    return join(this.dir, index === 1 ? `${day}.json` : `${day}.${index}.json`);
  }

  async #openDay(day: string): Promise<Day<V>> {
    const indexes = (await readdir(this.dir))
      .map((n) => SEGMENT_FILE.exec(n))
      .filter((m): m is RegExpExecArray => m !== null && m[1] === day)
      .map((m) => (m[2] ? Number(m[2]) : 1))
      .sort((a, b) => a - b);
    if (!indexes.length) indexes.push(1);
    const segments = await Promise.all(
      indexes.map(async (index) => ({ index, part: await Partition.open<V[]>(this.#fileOf(day, index), () => [], this.#partOptions()) })),
    );
    const ids = new Set<string>();
    for (const { part } of segments) for (const v of part.data) ids.add(v.id);
    return { segments, ids };
  }

  #partOptions(): { fsync: boolean; schema?: z.ZodType<V[]>; carries?: boolean } {
    return { fsync: this.options.fsync, ...(this.#segmentSchema ? { schema: this.#segmentSchema } : {}), ...(this.options.carries === false ? { carries: false } : {}) };
  }

  #day(day: string): Promise<Day<V>> {
    let p = this.#days.get(day);
    if (!p) {
      p = this.#openDay(day);
      p.catch(() => this.#days.delete(day));
      this.#days.set(day, p);
    }
    this.#remember(day);
    return p;
  }

  /** The segment that takes the next entry, opening a new one when the last is full. */
  async #tail(day: string, d: Day<V>): Promise<Partition<V[]>> {
    const last = d.segments[d.segments.length - 1];
    if (last.part.data.length < this.options.segmentSize) return last.part;
    const index = last.index + 1;
    const part = await Partition.open<V[]>(this.#fileOf(day, index), () => [], this.#partOptions());
    // Another append may have opened it while this one waited.
    const now = d.segments[d.segments.length - 1];
    if (now.index >= index) return now.part;
    d.segments.push({ index, part });
    return part;
  }

  #remember(day: string): void {
    const i = this.#touched.indexOf(day);
    if (i >= 0) this.#touched.splice(i, 1);
    this.#touched.push(day);
    while (this.#touched.length > this.options.cacheDays) {
      const old = this.#touched.shift()!;
      const p = this.#days.get(old);
      // Journaled changes are written before the day is dropped, so none are lost.
      void p
        ?.then((d) => Promise.all(d.segments.map(({ part }) => part.saveChanged())))
        .then(() => {
          if (!this.#touched.includes(old)) this.#days.delete(old);
        })
        .catch(() => undefined);
    }
  }

  /** Appends unless the id is already there; resolves once on disk, with whether it was new. */
  async append(entry: V): Promise<boolean> {
    return (await this.appendPositioned(entry)) !== null;
  }

  /**
   * Appends unless the id is already there; resolves once on disk with the entry's position in its
   * day (0-based: its index in `read(day)`, which it keeps for good — see rewrite), or null when
   * the id was there already. One limit: an entry whose journal write failed stays in memory (and
   * is saved at the next checkpoint), so a crash before that checkpoint would move the entries
   * appended after it one place down; positions hold as long as journal writes succeed or the hub
   * checkpoints before it stops.
   *
   * `together` (journaled logs only): changes of other stores written in the same journal frame as
   * the entry (Journal.writeTogether), so a crash keeps both or neither — a visit and the shopper
   * summary that counts it. Called only when the entry is new, in the same turn as the entry is
   * placed, so frames keep the order of positions; it must not throw.
   * @throws Error before anything changed if `together` is given to a log without a journal.
   */
  async appendPositioned(entry: V, together?: () => readonly JournalChange[]): Promise<number | null> {
    const journal = this.options.journal;
    if (together && !journal) throw new Error(`${this.dir}: only a journaled log writes changes together`);
    const day = dayOf(entry.at);
    const d = await this.#day(day);
    if (d.ids.has(entry.id)) {
      // The first append of this id may still be on its way to disk; ack only once it is there.
      if (journal) await journal.journal.durable();
      else await Promise.all(d.segments.map(({ part }) => part.flush()));
      return null;
    }
    d.ids.add(entry.id);
    const part = await this.#tail(day, d);
    // Counted and pushed in one turn: the journal gets the entries in this order too, so a replay
    // at start-up puts each back at the same position.
    const position = d.segments.reduce((n, { part: p }) => n + p.data.length, 0);
    part.data.push(entry);
    if (journal) {
      part.markChanged();
      const own: JournalChange = { journal: journal.journal, stream: journal.name, op: { e: entry } satisfies LogChange<V> };
      await journal.journal.writeTogether(together ? [own, ...together()] : [own]);
    } else {
      await part.commit();
    }
    return position;
  }

  /**
   * An append to journal in another store's frame (Journal.writeTogether), built in this turn
   * without waiting for the day to be read: the entry goes into its day in memory once the frame
   * is on disk (an id already there is skipped, as in append). Until then read() waits for it,
   * and a checkpoint writes the day only after it is in (saveChanged waits too), so the journal
   * file holding the frame is never deleted before the entry is in its day file. Journaled logs only.
   * @throws Error if the log has no journal.
   */
  stageAppend(entry: V): JournalChange {
    const journal = this.options.journal;
    if (!journal) throw new Error(`${this.dir}: only a journaled log stages appends`);
    return {
      journal: journal.journal,
      stream: journal.name,
      op: { e: entry } satisfies LogChange<V>,
      onDurable: () => {
        const placed = this.#place(entry).finally(() => this.#placing.delete(placed));
        this.#placing.add(placed);
      },
    };
  }

  async replay(op: unknown): Promise<void> {
    // Thrown as a plain error: the journal names its own file and line.
    const problem = shapeProblem(this.#changeSchema, op);
    if (problem) throw new Error(problem);
    await this.#place((op as LogChange<V>).e);
  }

  /** Puts a journaled entry in its day in memory (unless its id is there) for the next checkpoint. */
  async #place(entry: V): Promise<void> {
    const day = dayOf(entry.at);
    const d = await this.#day(day);
    if (d.ids.has(entry.id)) return;
    d.ids.add(entry.id);
    const part = await this.#tail(day, d);
    part.data.push(entry);
    part.markChanged();
  }

  /** Resolves once the staged entries whose frames are on disk are in their days in memory. */
  async #placed(): Promise<void> {
    while (this.#placing.size) await Promise.allSettled([...this.#placing]);
  }

  async saveChanged(): Promise<void> {
    await this.#placed();
    for (const p of [...this.#days.values()]) {
      const d = await p.catch(() => null);
      if (d) for (const { part } of d.segments) if (part.changed) await part.saveChanged();
    }
  }

  /**
   * Bulk load: appends many entries (ids already stored are skipped), writing each touched
   * segment once. For provisioning and benchmark data; resolves once everything is on disk.
   */
  async appendMany(entries: Iterable<V>): Promise<number> {
    const byDay = new Map<string, V[]>();
    for (const e of entries) {
      const day = dayOf(e.at);
      let list = byDay.get(day);
      if (!list) byDay.set(day, (list = []));
      list.push(e);
    }
    let added = 0;
    for (const [day, list] of byDay) {
      const d = await this.#day(day);
      const touched = new Set<Partition<V[]>>();
      for (const e of list) {
        if (d.ids.has(e.id)) continue;
        d.ids.add(e.id);
        const part = await this.#tail(day, d);
        part.data.push(e);
        touched.add(part);
        added++;
      }
      await Promise.all([...touched].map((part) => part.commit()));
    }
    return added;
  }

  async has(id: string, at: string): Promise<boolean> {
    return (await this.#day(dayOf(at))).ids.has(id);
  }

  /** A day's entries in the order they were appended. Read only: changes are not stored. */
  async read(day: string): Promise<readonly V[]> {
    this.#reads.set(day, (this.#reads.get(day) ?? 0) + 1);
    await this.#placed();
    const { segments } = await this.#day(day);
    return segments.length === 1 ? segments[0].part.data : segments.flatMap(({ part }) => part.data);
  }

  /** How many times read() was asked for `day` since the log was opened. */
  readsOf(day: string): number {
    return this.#reads.get(day) ?? 0;
  }

  /**
   * One pass over the days from `first` (YYYY-MM-DD) on, oldest first: each day is read once and
   * handed to every reader in turn, each reader awaited before the next. For start-up, where
   * several followers of the visits (rewards, feedback, the till) each look at the same recent
   * days: the days are read (and, beyond the cached few, loaded from disk) once, not once each.
   * Resolves once every reader has had every day; throws what a read or a reader throws.
   */
  async readDaysFrom(first: string, readers: readonly DayReader<V>[]): Promise<void> {
    for (const day of await this.days()) {
      if (day < first) continue;
      const entries = await this.read(day);
      for (const r of readers) await r.day(day, entries);
    }
  }

  /**
   * Rewrites one day's entries (for erasure), segment by segment; resolves once on disk. Each
   * segment file is replaced atomically; a crash part-way leaves some segments changed, so the
   * change must be one that can simply be run again (as erasing a shopper's visits is), and must
   * keep every entry where it is: the same ids in the same order, as followers name entries by
   * position (appendPositioned). With a journal the rewrite is checkpointed, which also deletes the
   * journal files that still held the entries as they were.
   * @throws Error naming the day, before anything changed, if `change` drops, adds or moves an entry.
   */
  async rewrite(day: string, change: (entries: V[]) => V[]): Promise<void> {
    const d = await this.#day(day);
    const changed = d.segments.map(({ part }) => change(part.data));
    for (const [i, { part }] of d.segments.entries()) {
      const after = changed[i];
      if (after.length !== part.data.length || after.some((v, j) => v.id !== part.data[j].id)) {
        throw new Error(`${this.dir}: a rewrite of ${day} must keep every entry at its position`);
      }
    }
    for (const [i, { part }] of d.segments.entries()) {
      part.data = changed[i];
      part.markChanged();
    }
    if (this.options.journal) await this.options.journal.journal.checkpoint();
    else await Promise.all(d.segments.map(({ part }) => part.commit()));
  }

  /**
   * Deletes every day before `day` (YYYY-MM-DD), its files and all; resolves once they are gone,
   * with how many entries they held. Running it again deletes nothing more. A journaled log
   * checkpoints first, so no journal file still holds an entry of a day it deletes (an entry for
   * such a day appended meanwhile would come back at the next start, for the next run to delete).
   */
  async dropBefore(day: string): Promise<number> {
    if (this.options.journal) await this.options.journal.journal.checkpoint();
    let dropped = 0;
    for (const old of await this.days()) {
      if (old >= day) break;
      const d = await this.#day(old);
      for (const { part } of d.segments) {
        dropped += part.data.length;
        // A write still under way would bring the file back after the unlink.
        await part.flush();
      }
      this.#days.delete(old);
      const i = this.#touched.indexOf(old);
      if (i >= 0) this.#touched.splice(i, 1);
      // Through the folder's write gate, so a backup sees the day whole or not at all.
      for (const { index } of d.segments) await gatedWrite(this.#fileOf(old, index), () => unlink(this.#fileOf(old, index))).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'ENOENT') throw e;
      });
    }
    return dropped;
  }

  async flush(): Promise<void> {
    await this.#placed();
    await Promise.all(
      [...this.#days.values()].map((p) => p.then((d) => Promise.all(d.segments.map(({ part }) => part.flush()))).catch(() => undefined)),
    );
  }
}
