import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { shapeProblem } from './durable-json-file.ts';
import type { Journal, JournalChange, Journaled } from './journal.ts';
import { Partition } from './partition.ts';

type Shard<T> = Record<string, T>;

/** FNV-1a: cheap, stable across runs and machines, spreads random ids evenly. */
export function shardOf(key: string, shardCount: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % shardCount;
}

export interface ShardedMapOptions<T = unknown> {
  shardCount: number;
  fsync: boolean;
  /** Resident maps keep every shard in memory; lazy ones read a shard when first asked for it. */
  resident: boolean;
  /** For lazy maps: how many shards stay cached before idle ones are dropped. */
  cacheShards?: number;
  /**
   * With a journal, set() and delete() are acknowledged once journaled, and shards are written at
   * the journal's checkpoints; without one, each acknowledged change rewrites its shard.
   */
  journal?: { journal: Journal; name: string };
  /** Each record's shape: shards and journaled changes of another shape are refused by file name. */
  schema?: z.ZodType<T>;
  /**
   * Resident maps: called once for each record read at open, with its key, before anything else
   * sees it. For sharing equal strings between records (see records.ts `shareShopperStrings`):
   * it must leave every record equal to what was read.
   */
  onOpen?: (key: string, value: T) => void;
}

/** A change as journaled: a record stored, or a key removed. */
type MapChange<T> = { k: string; v: T } | { k: string; d: 1 };
const DELETE_CHANGE = z.object({ k: z.string(), d: z.literal(1) });

/**
 * Records keyed by id, spread over a fixed number of lowdb files, so a write rewrites one small
 * shard, never the whole collection.
 */
export class ShardedMap<T> implements Journaled {
  readonly #shards = new Map<number, Promise<Partition<Shard<T>>>>();
  readonly #loaded = new Map<number, Partition<Shard<T>>>();
  #size = 0;
  /** Shards with a staged change not yet on disk (stageSet): kept in memory until it lands. */
  readonly #pinned = new Map<Partition<Shard<T>>, number>();
  readonly #shardSchema: z.ZodType<Shard<T>> | undefined;
  readonly #setSchema: z.ZodType<MapChange<T>> | undefined;

  private constructor(
    readonly dir: string,
    private readonly options: ShardedMapOptions<T>,
  ) {
    const value = options.schema;
    this.#shardSchema = value && z.record(z.string(), value);
    this.#setSchema = value && z.object({ k: z.string(), v: value });
  }

  static async open<T>(dir: string, options: ShardedMapOptions<T>): Promise<ShardedMap<T>> {
    await mkdir(dir, { recursive: true });
    const map = new ShardedMap<T>(dir, options);
    options.journal?.journal.add(options.journal.name, map);
    if (options.resident) {
      // Every shard is needed before the hub can serve, so read them in one blocking pass: one
      // file's text at a time, and no thread-pool round trips or blind unlinks per shard.
      const present = new Set((await readdir(dir)).map((n) => join(dir, n)));
      const files = Array.from({ length: options.shardCount }, (_, n) => map.#fileFor(n));
      const parts = Partition.openAllSync<Shard<T>>(files, () => ({}), { fsync: options.fsync, leftovers: present, ...(map.#shardSchema ? { schema: map.#shardSchema } : {}) });
      parts.forEach((part, n) => {
        map.#loaded.set(n, part);
        map.#shards.set(n, Promise.resolve(part));
        const keys = Object.keys(part.data);
        map.#size += keys.length;
        if (options.onOpen) for (const key of keys) options.onOpen(key, part.data[key]);
      });
    }
    return map;
  }

  get size(): number {
    if (!this.options.resident) throw new Error('size is only known for resident maps');
    return this.#size;
  }

  #fileFor(n: number): string {
    return join(this.dir, `${n.toString(16).padStart(3, '0')}.json`);
  }

  #shard(n: number): Promise<Partition<Shard<T>>> {
    let p = this.#shards.get(n);
    if (!p) {
      p = Partition.open<Shard<T>>(this.#fileFor(n), () => ({}), { fsync: this.options.fsync, ...(this.#shardSchema ? { schema: this.#shardSchema } : {}) }).then((part) => {
        // A staged change put the shard back while this read ran (stageSet): that copy is newer.
        const back = this.#loaded.get(n);
        if (back) return back;
        this.#loaded.set(n, part);
        return part;
      });
      p.catch(() => this.#shards.delete(n));
      this.#shards.set(n, p);
    }
    return p;
  }

  #residentShard(key: string): Partition<Shard<T>> {
    const part = this.#loaded.get(shardOf(key, this.options.shardCount));
    if (!part) throw new Error('resident map not open');
    return part;
  }

  /** Synchronous read, for resident maps. */
  get(key: string): T | undefined {
    return this.#residentShard(key).data[key];
  }

  async load(key: string): Promise<T | undefined> {
    return (await this.#shard(shardOf(key, this.options.shardCount))).data[key];
  }

  /** Stores the record and resolves once it is on disk. */
  async set(key: string, value: T): Promise<void> {
    const part = await this.#shard(shardOf(key, this.options.shardCount));
    if (!(key in part.data)) this.#size++;
    part.data[key] = value;
    const journal = this.options.journal;
    if (journal) {
      part.markChanged();
      await journal.journal.write(journal.name, { k: key, v: value } satisfies MapChange<T>);
    } else {
      await part.commit();
    }
    this.#evictIdle();
  }

  /**
   * A set() to journal together with changes of other stores in one frame (Journal.writeTogether,
   * or DailyLog.appendPositioned's `together`): returns the change without writing it. The record
   * replaces the stored one in memory only once the frame is on disk, so until then readers see
   * the record as it was and no checkpoint writes the new one to a file before its frame is
   * durable. If the frame's write fails the record stays as it was. `value` must be a new object,
   * not the stored one changed in place. Journaled maps only.
   * @throws Error if the map has no journal.
   */
  async stageSet(key: string, value: T): Promise<JournalChange> {
    return this.#staged(await this.#shard(shardOf(key, this.options.shardCount)), key, value);
  }

  /** stageSet for a resident map, in the same turn (for `together`, which must not wait). */
  stageSetNow(key: string, value: T): JournalChange {
    return this.#staged(this.#residentShard(key), key, value);
  }

  #staged(part: Partition<Shard<T>>, key: string, value: T): JournalChange {
    const journal = this.options.journal;
    if (!journal) throw new Error(`${this.dir}: only a journaled map stages changes`);
    // Pinned until the frame lands, so the shard is not dropped from memory (lazy maps) in between.
    this.#pinned.set(part, (this.#pinned.get(part) ?? 0) + 1);
    return {
      journal: journal.journal,
      stream: journal.name,
      op: { k: key, v: value } satisfies MapChange<T>,
      onDurable: () => {
        const left = (this.#pinned.get(part) ?? 1) - 1;
        if (left > 0) this.#pinned.set(part, left);
        else this.#pinned.delete(part);
        // The shard may have been dropped (saved first) in the turn before it was pinned: change
        // the copy in memory now, or put this one back, so a checkpoint writes the change.
        const n = shardOf(key, this.options.shardCount);
        let into = this.#loaded.get(n);
        if (!into) {
          into = part;
          this.#loaded.set(n, part);
          this.#shards.set(n, Promise.resolve(part));
        }
        if (!(key in into.data)) this.#size++;
        into.data[key] = value;
        into.markChanged();
      },
    };
  }

  async replay(op: unknown): Promise<void> {
    // Thrown as a plain error: the journal names its own file and line.
    // Told apart by hand rather than by z.union, whose message would only say "Invalid input".
    const problem = shapeProblem(typeof op === 'object' && op !== null && 'd' in op ? DELETE_CHANGE : this.#setSchema, op);
    if (problem) throw new Error(problem);
    const change = op as MapChange<T>;
    const part = await this.#shard(shardOf(change.k, this.options.shardCount));
    const had = change.k in part.data;
    if ('d' in change) {
      if (!had) return;
      delete part.data[change.k];
      this.#size--;
    } else {
      if (!had) this.#size++;
      part.data[change.k] = change.v;
    }
    part.markChanged();
  }

  async saveChanged(): Promise<void> {
    for (const part of [...this.#loaded.values()]) if (part.changed) await part.saveChanged();
    this.#evictIdle();
  }

  /**
   * Bulk load: stores many records, then writes each touched shard once, a few shards at a time.
   * For provisioning and benchmark data; resolves once every record is on disk.
   */
  async setMany(entries: Iterable<readonly [string, T]>): Promise<void> {
    const byShard = new Map<number, [string, T][]>();
    for (const [key, value] of entries) {
      const n = shardOf(key, this.options.shardCount);
      let list = byShard.get(n);
      if (!list) byShard.set(n, (list = []));
      list.push([key, value]);
    }
    const shards = [...byShard];
    for (let i = 0; i < shards.length; i += 16) {
      await Promise.all(
        shards.slice(i, i + 16).map(async ([n, list]) => {
          const part = await this.#shard(n);
          for (const [key, value] of list) {
            if (!(key in part.data)) this.#size++;
            part.data[key] = value;
          }
          await part.commit();
        }),
      );
      this.#evictIdle();
    }
  }

  /**
   * Removes the record and resolves once it is gone from disk. With a journal that means a
   * checkpoint: the journal files holding the record's earlier versions are deleted too, so an
   * erased shopper's details do not linger there.
   */
  async delete(key: string): Promise<boolean> {
    const part = await this.#shard(shardOf(key, this.options.shardCount));
    if (!(key in part.data)) return false;
    delete part.data[key];
    this.#size--;
    const journal = this.options.journal;
    if (journal) {
      part.markChanged();
      await journal.journal.write(journal.name, { k: key, d: 1 } satisfies MapChange<T>);
      await journal.journal.checkpoint();
    } else {
      await part.commit();
    }
    this.#evictIdle();
    return true;
  }

  *values(): IterableIterator<T> {
    if (!this.options.resident) throw new Error('values() is only for resident maps');
    for (const part of this.#loaded.values()) yield* Object.values(part.data);
  }

  /** Total file writes made so far, over every shard. */
  get writes(): number {
    let n = 0;
    for (const p of this.#loaded.values()) n += p.writes;
    return n;
  }

  async flush(): Promise<void> {
    await Promise.all([...this.#loaded.values()].map((p) => p.flush()));
  }

  #evictIdle(): void {
    const limit = this.options.cacheShards ?? 64;
    if (this.options.resident || this.#loaded.size <= limit) return;
    const excess = [...this.#loaded].slice(0, this.#loaded.size - limit);
    for (const [n, part] of excess) {
      if (this.#pinned.has(part)) continue;
      // A shard with journaled changes is written before it is dropped, so none are lost.
      void part.saveChanged().then(() => {
        if (this.#loaded.get(n) === part && part.idle && !part.changed && !this.#pinned.has(part)) {
          this.#loaded.delete(n);
          this.#shards.delete(n);
        }
      }, () => undefined);
    }
  }
}
