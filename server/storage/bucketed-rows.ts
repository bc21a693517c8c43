import { mkdir, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { shapeProblem } from './durable-json-file.ts';
import type { Journal, Journaled } from './journal.ts';
import { Partition } from './partition.ts';

/** A change as journaled: `r` appended to bucket `b`, which held `at` rows before them. */
type BucketChange<R> = { b: string; at: number; r: R[] };

/**
 * Compact rows grouped into named buckets ("<owner>/<YYYY-MM>"), one lowdb file per bucket,
 * read when first asked for. Used for precomputed indexes that would be too slow to rebuild
 * from raw files on every request.
 *
 * With a journal, an append is one journal line and the bucket's file is rewritten at the
 * journal's checkpoints: without, every append rewrote the bucket, whose file grows all month (a
 * busy shop's month of visits is ~0.7 MB in the bench data, rewritten per till scan).
 */
export class BucketedRows<R> implements Journaled {
  readonly #buckets = new Map<string, Promise<Partition<R[]>>>();
  readonly #open = new Map<string, Partition<R[]>>();
  /** Appends under way per bucket, counted from the call: one may still be waiting for its file. */
  readonly #appending = new Map<string, number>();

  readonly #schema: z.ZodType<R[]> | undefined;
  readonly #changeSchema: z.ZodType<BucketChange<R>> | undefined;

  private constructor(
    readonly dir: string,
    private readonly fsync: boolean,
    row?: z.ZodType<R>,
    private readonly journal?: { journal: Journal; name: string },
  ) {
    this.#schema = row && z.array(row);
    this.#changeSchema = row && z.object({ b: z.string(), at: z.number().int().min(0), r: z.array(row) });
  }

  /**
   * `schema`: each row's shape; a bucket file, or a journaled append, of another shape is refused
   * by name when read. `journal`: appends are acknowledged once journaled (see the class).
   */
  static async open<R>(dir: string, options: { fsync: boolean; schema?: z.ZodType<R>; journal?: { journal: Journal; name: string } }): Promise<BucketedRows<R>> {
    await mkdir(dir, { recursive: true });
    const rows = new BucketedRows<R>(dir, options.fsync, options.schema, options.journal);
    options.journal?.journal.add(options.journal.name, rows);
    return rows;
  }

  #bucket(name: string): Promise<Partition<R[]>> {
    if (!/^[A-Za-z0-9_-]+\/[A-Za-z0-9_-]+$/.test(name)) throw new Error(`bad bucket name ${name}`);
    let p = this.#buckets.get(name);
    if (!p) {
      const file = join(this.dir, `${name}.json`);
      const opening = mkdir(dirname(file), { recursive: true }).then(() => Partition.open<R[]>(file, () => [], { fsync: this.fsync, ...(this.#schema ? { schema: this.#schema } : {}) }));
      p = opening.then((part) => {
        if (this.#buckets.get(name) === p) this.#open.set(name, part);
        return part;
      });
      p.catch(() => this.#buckets.delete(name));
      this.#buckets.set(name, p);
    }
    return p;
  }

  /** Adds rows to a bucket; resolves once on disk (journaled, or the bucket's file written). */
  async append(name: string, ...rows: R[]): Promise<void> {
    this.#appending.set(name, (this.#appending.get(name) ?? 0) + 1);
    try {
      const part = await this.#bucket(name);
      const at = part.data.length;
      part.data.push(...rows);
      if (this.journal) {
        // Journaled in the same turn as the push: lines keep the order of the rows.
        part.markChanged();
        await this.journal.journal.write(this.journal.name, { b: name, at, r: rows } satisfies BucketChange<R>);
      } else {
        await part.commit();
      }
    } finally {
      const n = this.#appending.get(name)! - 1;
      if (n) this.#appending.set(name, n);
      else this.#appending.delete(name);
    }
  }

  /**
   * An append read back from the journal at start-up. The bucket may hold it already (a checkpoint
   * wrote the bucket, then the hub stopped before the journal file went): the rows the bucket
   * lacks past `at` are added, so a replay adds each row once.
   */
  async replay(op: unknown): Promise<void> {
    // Thrown as a plain error: the journal names its own file and line.
    const problem = shapeProblem(this.#changeSchema, op);
    if (problem) throw new Error(problem);
    const { b, at, r } = op as BucketChange<R>;
    const part = await this.#bucket(b);
    const missing = r.slice(Math.max(0, part.data.length - at));
    if (!missing.length) return;
    part.data.push(...missing);
    part.markChanged();
  }

  async saveChanged(): Promise<void> {
    for (const p of [...this.#buckets.values()]) {
      const part = await p.catch(() => null);
      if (part?.changed) await part.saveChanged();
    }
  }

  /** A bucket's rows (empty if none). The array is the stored one: read, do not change. */
  async read(name: string): Promise<readonly R[]> {
    return (await this.#bucket(name)).data;
  }

  /**
   * Lets a bucket's rows go from memory, unless a write to it is under way; the next read or
   * append reads its file again. For buckets that are rarely touched once complete (last year's
   * months), whose rows the caller keeps in a more compact form. True if they were let go.
   */
  release(name: string): boolean {
    const part = this.#open.get(name);
    if (!part || this.#appending.has(name) || !part.idle || part.changed) return false;
    this.#open.delete(name);
    this.#buckets.delete(name);
    return true;
  }

  /** Bucket names under an owner, e.g. the months a store has rows for: on disk, or only journaled so far. */
  async list(owner: string): Promise<string[]> {
    const names = new Set<string>();
    try {
      for (const n of await readdir(join(this.dir, owner))) if (n.endsWith('.json') && !n.startsWith('.')) names.add(`${owner}/${n.slice(0, -5)}`);
    } catch {
      // No folder yet: only what is in memory.
    }
    for (const [name, part] of this.#open) if (name.startsWith(`${owner}/`) && part.data.length) names.add(name);
    return [...names].sort();
  }

  async flush(): Promise<void> {
    await Promise.all([...this.#buckets.values()].map((p) => p.then((part) => part.flush()).catch(() => undefined)));
  }
}
