import { readFileSync } from 'node:fs';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';

/** Raised when a data file exists but cannot be read back; names the file so an operator can act. */
export class CorruptDataFileError extends Error {
  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    super(`Data file ${file} is unreadable (${cause instanceof Error ? cause.message : String(cause)}). ` +
      `Restore it from a backup or move it aside; the hub will not start over it, to avoid losing data.`);
    this.name = 'CorruptDataFileError';
  }
}

/**
 * A lowdb adapter that writes compact JSON to a temp file, fsyncs it (unless told not to) and
 * renames it over the old one. A crash at any moment leaves the old file or the new one, never a
 * half; the fsync extends that from a process crash to a power cut.
 */
export class DurableJsonFile<T> implements Adapter<T> {
  readonly #tmp: string;

  constructor(
    readonly file: string,
    private readonly fsync: boolean,
  ) {
    this.#tmp = join(dirname(file), `.${basename(file)}.tmp`);
  }

  /** Where a write goes before its rename. */
  get tempFile(): string {
    return this.#tmp;
  }

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
    try {
      return JSON.parse(text) as T;
    } catch (e) {
      throw new CorruptDataFileError(this.file, e);
    }
  }

  /**
   * The same as read(), blocking: for loading many files at start-up, before the hub serves
   * anyone, where a round trip through the thread pool per file only adds time.
   */
  readSync(): T | null {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
    try {
      return JSON.parse(text) as T;
    } catch (e) {
      throw new CorruptDataFileError(this.file, e);
    }
  }

  async write(data: T): Promise<void> {
    const text = JSON.stringify(data);
    const handle = await open(this.#tmp, 'w');
    try {
      await handle.writeFile(text, 'utf8');
      if (this.fsync) await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(this.#tmp, this.file);
  }

  /** A temp file left by a crash mid-write holds nothing acknowledged; it is safe to drop. */
  async discardLeftovers(): Promise<void> {
    await unlink(this.#tmp).catch(() => undefined);
  }
}
