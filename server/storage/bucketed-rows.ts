import { mkdir, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { Partition } from './partition.ts';

/**
 * Compact rows grouped into named buckets ("<owner>/<YYYY-MM>"), one lowdb file per bucket,
 * read when first asked for. Used for precomputed indexes that would be too slow to rebuild
 * from raw files on every request.
 */
export class BucketedRows<R> {
  readonly #buckets = new Map<string, Promise<Partition<R[]>>>();
  readonly #open = new Map<string, Partition<R[]>>();
  /** Appends under way per bucket, counted from the call: one may still be waiting for its file. */
  readonly #appending = new Map<string, number>();

  readonly #schema: z.ZodType<R[]> | undefined;

  private constructor(
    readonly dir: string,
    private readonly fsync: boolean,
    row?: z.ZodType<R>,
  ) {
    this.#schema = row && z.array(row);
  }

  /** `schema`: each row's shape; a bucket file of another shape is refused by name when read. */
  static async open<R>(dir: string, options: { fsync: boolean; schema?: z.ZodType<R> }): Promise<BucketedRows<R>> {
    await mkdir(dir, { recursive: true });
    return new BucketedRows<R>(dir, options.fsync, options.schema);
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

  /** Adds rows to a bucket; resolves once on disk. */
  async append(name: string, ...rows: R[]): Promise<void> {
    this.#appending.set(name, (this.#appending.get(name) ?? 0) + 1);
    try {
      const part = await this.#bucket(name);
      part.data.push(...rows);
      await part.commit();
    } finally {
      const n = this.#appending.get(name)! - 1;
      if (n) this.#appending.set(name, n);
      else this.#appending.delete(name);
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

  /** Bucket names under an owner, e.g. the months a store has rows for. */
  async list(owner: string): Promise<string[]> {
    try {
      return (await readdir(join(this.dir, owner))).filter((n) => n.endsWith('.json') && !n.startsWith('.')).map((n) => `${owner}/${n.slice(0, -5)}`).sort();
    } catch {
      return [];
    }
  }

  async flush(): Promise<void> {
    await Promise.all([...this.#buckets.values()].map((p) => p.then((part) => part.flush()).catch(() => undefined)));
  }
}
