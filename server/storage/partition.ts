import { rmSync } from 'node:fs';
import { Low } from 'lowdb';
import type { z } from 'zod';
import { foundCarried, lineToCarry, type AuditCarrier } from './carried-audit.ts';
import { Coalesced } from './coalesced.ts';
import { DurableJsonFile } from './durable-json-file.ts';
import type { AuditRecord } from './records.ts';

/**
 * One lowdb file with group commit. Changes are made to `data` in memory; `commit()` resolves once
 * a file write that includes them has finished. Commits asked for while a write is running share
 * the next write, so a burst of check-ins costs one stringify and one rename per file, not one each.
 */
export class Partition<T> implements AuditCarrier {
  readonly #db: Low<T>;
  /**
   * Audit lines of actions that committed here and have not yet written them to the audit log:
   * every write of the file carries them (carried-audit.ts).
   */
  readonly #carry = new Map<string, AuditRecord>();
  readonly #carries: boolean;
  readonly #adapter: DurableJsonFile<T>;
  // Writes start on the next turn of the event loop (or after the one in flight), so every commit
  // asked for until then shares one.
  readonly #writer = new Coalesced(() => this.#write(), true);
  #writes = 0;
  #changed = false;

  private constructor(adapter: DurableJsonFile<T>, initial: T, carries: boolean) {
    this.#adapter = adapter;
    this.#db = new Low(adapter, initial);
    this.#carries = carries;
  }

  /**
   * `schema`: the shape the file must have when read; see DurableJsonFile. `carries: false` for
   * the audit log's own files, which never carry audit lines. Audit lines found riding in the file
   * (a crash came before they were in the audit log) go to the audit log before this resolves,
   * once the hub's sink is set (carried-audit.ts); until then they stay in the file.
   */
  static async open<T>(file: string, initial: () => T, options: { fsync: boolean; schema?: z.ZodType<T>; carries?: boolean }): Promise<Partition<T>> {
    const adapter = new DurableJsonFile<T>(file, options.fsync, options.schema);
    await adapter.discardLeftovers();
    const partition = new Partition(adapter, initial(), options.carries ?? true);
    await partition.#db.read();
    await partition.#found();
    return partition;
  }

  /** Keeps the lines the read found, and hands them on to be written to the audit log. */
  #found(): Promise<void> {
    const lines = this.#adapter.found;
    this.#adapter.found = [];
    for (const l of lines) this.#carry.set(l.id, l);
    return foundCarried(this.file, lines, this);
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
      const partition = new Partition(adapter, initial(), true);
      const data = adapter.readSync();
      if (data !== null) partition.data = data;
      // Written to the audit log once the sink is set (MallStore.open sets it after opening).
      void partition.#found().catch(() => undefined);
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

  /**
   * Asks for a write of the file; resolves once a write that includes every change made so far
   * has finished. Asked for by an audited action, the write carries its audit line.
   */
  commit(): Promise<void> {
    if (this.#carries) {
      const line = lineToCarry(this);
      if (line) this.#carry.set(line.id, line);
    }
    return this.#writer.request();
  }

  /** The audit line is in the audit log: the file is rewritten without it; resolves once it is. */
  async release(id: string): Promise<void> {
    if (!this.#carry.delete(id)) return;
    this.#changed = true;
    await this.#writer.request();
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
    this.#adapter.carry = [...this.#carry.values()];
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
