import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Partition } from './partition.ts';

export interface LogEntry {
  id: string;
  at: string;
}

/** The UTC day an entry belongs to: its file name. */
export function dayOf(at: string | Date): string {
  return (typeof at === 'string' ? new Date(at) : at).toISOString().slice(0, 10);
}

/**
 * Entries partitioned by day, one lowdb file per day. Appending rewrites only that day's file.
 * Days other than the most recent ones are read when asked for and dropped from memory after.
 * Entry ids are unique: appending an id already in its day's file is a no-op.
 */
export class DailyLog<V extends LogEntry> {
  readonly #days = new Map<string, Promise<{ part: Partition<V[]>; ids: Set<string> }>>();
  readonly #touched: string[] = [];

  private constructor(
    readonly dir: string,
    private readonly options: { fsync: boolean; cacheDays: number },
  ) {}

  static async open<V extends LogEntry>(dir: string, options: { fsync: boolean; cacheDays?: number }): Promise<DailyLog<V>> {
    await mkdir(dir, { recursive: true });
    return new DailyLog<V>(dir, { fsync: options.fsync, cacheDays: options.cacheDays ?? 3 });
  }

  async days(): Promise<string[]> {
    const names = await readdir(this.dir);
    return names
      .filter((n) => /^\d{4}-\d{2}-\d{2}\.json$/.test(n))
      .map((n) => n.slice(0, 10))
      .sort();
  }

  #day(day: string) {
    let p = this.#days.get(day);
    if (!p) {
      p = Partition.open<V[]>(join(this.dir, `${day}.json`), () => [], { fsync: this.options.fsync }).then((part) => ({
        part,
        ids: new Set(part.data.map((v) => v.id)),
      }));
      p.catch(() => this.#days.delete(day));
      this.#days.set(day, p);
    }
    this.#remember(day);
    return p;
  }

  #remember(day: string): void {
    const i = this.#touched.indexOf(day);
    if (i >= 0) this.#touched.splice(i, 1);
    this.#touched.push(day);
    while (this.#touched.length > this.options.cacheDays) {
      const old = this.#touched.shift()!;
      const p = this.#days.get(old);
      void p?.then(({ part }) => part.flush()).then(() => {
        if (!this.#touched.includes(old)) this.#days.delete(old);
      });
    }
  }

  /** Appends unless the id is already there; resolves once on disk, with whether it was new. */
  async append(entry: V): Promise<boolean> {
    const { part, ids } = await this.#day(dayOf(entry.at));
    if (ids.has(entry.id)) {
      // The first append of this id may still be on its way to disk; ack only once it is there.
      await part.flush();
      return false;
    }
    ids.add(entry.id);
    part.data.push(entry);
    await part.commit();
    return true;
  }

  /**
   * Bulk load: appends many entries (ids already stored are skipped), writing each day's file
   * once. For provisioning and benchmark data; resolves once everything is on disk.
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
      const { part, ids } = await this.#day(day);
      for (const e of list) {
        if (ids.has(e.id)) continue;
        ids.add(e.id);
        part.data.push(e);
        added++;
      }
      await part.commit();
    }
    return added;
  }

  async has(id: string, at: string): Promise<boolean> {
    return (await this.#day(dayOf(at))).ids.has(id);
  }

  /** A day's entries, oldest first. The array is the stored one: read, do not change. */
  async read(day: string): Promise<readonly V[]> {
    return (await this.#day(day)).part.data;
  }

  /** Rewrites one day's entries (for erasure); resolves once on disk. */
  async rewrite(day: string, change: (entries: V[]) => V[]): Promise<void> {
    const { part, ids } = await this.#day(day);
    part.data = change(part.data);
    ids.clear();
    for (const v of part.data) ids.add(v.id);
    await part.commit();
  }

  async flush(): Promise<void> {
    await Promise.all([...this.#days.values()].map((p) => p.then(({ part }) => part.flush()).catch(() => undefined)));
  }
}
