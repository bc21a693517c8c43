import { mkdir, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Partition } from './partition.ts';

/**
 * Compact rows grouped into named buckets ("<owner>/<YYYY-MM>"), one lowdb file per bucket,
 * read when first asked for. Used for precomputed indexes that would be too slow to rebuild
 * from raw files on every request.
 */
export class BucketedRows<R> {
  readonly #buckets = new Map<string, Promise<Partition<R[]>>>();

  private constructor(
    readonly dir: string,
    private readonly fsync: boolean,
  ) {}

  static async open<R>(dir: string, options: { fsync: boolean }): Promise<BucketedRows<R>> {
    await mkdir(dir, { recursive: true });
    return new BucketedRows<R>(dir, options.fsync);
  }

  #bucket(name: string): Promise<Partition<R[]>> {
    if (!/^[A-Za-z0-9_-]+\/[A-Za-z0-9_-]+$/.test(name)) throw new Error(`bad bucket name ${name}`);
    let p = this.#buckets.get(name);
    if (!p) {
      const file = join(this.dir, `${name}.json`);
      p = mkdir(dirname(file), { recursive: true }).then(() => Partition.open<R[]>(file, () => [], { fsync: this.fsync }));
      p.catch(() => this.#buckets.delete(name));
      this.#buckets.set(name, p);
    }
    return p;
  }

  /** Adds rows to a bucket; resolves once on disk. */
  async append(name: string, ...rows: R[]): Promise<void> {
    const part = await this.#bucket(name);
    part.data.push(...rows);
    await part.commit();
  }

  /** A bucket's rows (empty if none). The array is the stored one: read, do not change. */
  async read(name: string): Promise<readonly R[]> {
    return (await this.#bucket(name)).data;
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
