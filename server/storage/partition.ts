import { rmSync } from 'node:fs';
import { Low } from 'lowdb';
import type { z } from 'zod';
import { Coalesced } from './coalesced.ts';
import { DurableJsonFile } from './durable-json-file.ts';

/**
 * One lowdb file with group commit. Changes are made to `data` in memory; `commit()` resolves once
 * a file write that includes them has finished. Commits asked for while a write is running share
 * the next write, so a burst of check-ins costs one stringify and one rename per file, not one each.
 */
export class Partition<T> {
  readonly #db: Low<T>;
  readonly #adapter: DurableJsonFile<T>;
  // Writes start on the next turn of the event loop (or after the one in flight), so every commit
  // asked for until then shares one.
  readonly #writer = new Coalesced(() => this.#write(), true);
  #writes = 0;
  #changed = false;

  private constructor(adapter: DurableJsonFile<T>, initial: T) {
    this.#adapter = adapter;
    this.#db = new Low(adapter, initial);
  }

  /** `schema`: the shape the file must have when read; see DurableJsonFile. */
  static async open<T>(file: string, initial: () => T, options: { fsync: boolean; schema?: z.ZodType<T> }): Promise<Partition<T>> {
    const adapter = new DurableJsonFile<T>(file, options.fsync, options.schema);
    await adapter.discardLeftovers();
    const partition = new Partition(adapter, initial());
    await partition.#db.read();
    return partition;
  }

  /**
   * Opens many files at start-up in one blocking pass: each is read synchronously, and temp files
   * are only removed where `leftovers` (names in the folder) says there is one, instead of trying
   * an unlink per file. Same result as open() for each file.
   */
  static openAllSync<T>(
    files: readonly string[],
    initial: () => T,
    options: { fsync: boolean; leftovers: ReadonlySet<string>; schema?: z.ZodType<T> },
  ): Partition<T>[] {
    return files.map((file) => {
      const adapter = new DurableJsonFile<T>(file, options.fsync, options.schema);
      if (options.leftovers.has(adapter.tempFile)) rmSync(adapter.tempFile, { force: true });
      const partition = new Partition(adapter, initial());
      const data = adapter.readSync();
      if (data !== null) partition.data = data;
      return partition;
    });
  }

  get file(): string {
    return this.#adapter.file;
  }

  get data(): T {
    return this.#db.data;
  }

  set data(value: T) {
    this.#db.data = value;
  }

  /** How many file writes this partition has made; lets tests and benchmarks see group commit. */
  get writes(): number {
    return this.#writes;
  }

  commit(): Promise<void> {
    return this.#writer.request();
  }

  /** Notes a change kept in memory (and in the journal) that the file does not have yet. */
  markChanged(): void {
    this.#changed = true;
  }

  /** Whether `data` has changes the file lacks. */
  get changed(): boolean {
    return this.#changed;
  }

  /** Writes the file if it lacks changes; either way resolves once it is up to date on disk. */
  saveChanged(): Promise<void> {
    return this.#changed ? this.commit() : this.flush();
  }

  async #write(): Promise<void> {
    this.#writes++;
    // The write serialises `data` before its first await, so every change made until now is in it.
    this.#changed = false;
    try {
      await this.#db.write();
    } catch (e) {
      this.#changed = true; // still not on disk: the next save tries again
      throw e;
    }
  }

  get idle(): boolean {
    return this.#writer.idle;
  }

  /** Waits for every write asked for so far. */
  flush(): Promise<void> {
    return this.#writer.settled();
  }
}
