import { readFileSync } from 'node:fs';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';
import { z } from 'zod';
import { splitCarried, withCarried } from './carried-audit.ts';
import { AuditRecord } from './records.ts';
import { gatedWrite } from './write-gate.ts';

const CARRIED_LINES = z.array(AuditRecord);

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
 * Throws CorruptDataFileError naming `file` unless `data` has the shape `schema` describes. The
 * data itself is kept as read: only the check is wanted, not zod's copy.
 */
export function checkShape(file: string, schema: z.ZodType | undefined, data: unknown): void {
  const problem = shapeProblem(schema, data);
  if (problem) throw new CorruptDataFileError(file, new Error(problem));
}

/** What is wrong with `data`'s shape ("wrong shape at a.b: expected …"), or null if nothing. */
export function shapeProblem(schema: z.ZodType | undefined, data: unknown): string | null {
  if (!schema) return null;
  // Records and arrays (shards, day files, buckets: the big ones) are checked element by element:
  // the same verdict as zod's, at half the cost, as no copy of the whole collection is built.
  if (schema instanceof z.ZodRecord && schema.keyType instanceof z.ZodString && !schema.keyType.def.checks?.length) {
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return `wrong shape: expected record, received ${kindOf(data)}`;
    for (const key in data) {
      const problem = issueOf(schema.valueType as z.ZodType, (data as Record<string, unknown>)[key], [key]);
      if (problem) return problem;
    }
    return null;
  }
  if (schema instanceof z.ZodArray && !schema.def.checks?.length) {
    if (!Array.isArray(data)) return `wrong shape: expected array, received ${kindOf(data)}`;
    for (let i = 0; i < data.length; i++) {
      const problem = issueOf(schema.element as z.ZodType, data[i], [i]);
      if (problem) return problem;
    }
    return null;
  }
  return issueOf(schema, data, []);
}

function issueOf(schema: z.ZodType, data: unknown, at: PropertyKey[]): string | null {
  const result = schema.safeParse(data);
  if (result.success) return null;
  const issue = result.error.issues[0];
  const path = [...at, ...issue.path];
  return `wrong shape${path.length ? ` at ${path.map(String).join('.')}` : ''}: ${issue.message}`;
}

const kindOf = (data: unknown) => (data === null ? 'null' : Array.isArray(data) ? 'array' : typeof data);

/**
 * What a caller is told when a file its request needs is damaged (read after start, e.g. one
 * shopper's consent ledger): a clear 503 or error ack. The file's path goes to the log only.
 */
export const DAMAGED_DATA_MESSAGE = 'stored data this needs is damaged and cannot be read; the hub has logged which file for its operators';

/**
 * A lowdb adapter that writes compact JSON to a temp file, fsyncs it (unless told not to) and
 * renames it over the old one. A crash at any moment leaves the old file or the new one, never a
 * half; the fsync extends that from a process crash to a power cut.
 */
export class DurableJsonFile<T> implements Adapter<T> {
  readonly #tmp: string;
  /**
   * Audit lines the next write carries with the data (carried-audit.ts); set by the Partition
   * before each write.
   */
  carry: readonly AuditRecord[] = [];
  /** Audit lines the last read found riding with the data (a crash came before they were released). */
  found: AuditRecord[] = [];

  /** `schema`: what the file must hold; a file of another shape is refused by name when read. */
  constructor(
    readonly file: string,
    private readonly fsync: boolean,
    private readonly schema?: z.ZodType<T>,
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
    return this.#parse(text);
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
    return this.#parse(text);
  }

  #parse(text: string): T {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw new CorruptDataFileError(this.file, e);
    }
    const { data, lines } = splitCarried(parsed);
    if (lines.length) checkShape(this.file, CARRIED_LINES, lines);
    this.found = lines as AuditRecord[];
    checkShape(this.file, this.schema, data);
    return data as T;
  }

  async write(data: T): Promise<void> {
    // Serialised before the first await: the data and its carried lines as they are now.
    const text = JSON.stringify(this.carry.length ? withCarried(data, this.carry) : data);
    // Inside the folder's write gate (write-gate.ts), so a backup never sees it half done.
    await gatedWrite(this.file, async () => {
      const handle = await open(this.#tmp, 'w');
      try {
        await handle.writeFile(text, 'utf8');
        if (this.fsync) await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(this.#tmp, this.file);
    });
  }

  /** A temp file left by a crash mid-write holds nothing acknowledged; it is safe to drop. */
  async discardLeftovers(): Promise<void> {
    await unlink(this.#tmp).catch(() => undefined);
  }
}
