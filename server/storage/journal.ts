import { mkdir, open, readdir, readFile, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { Coalesced } from './coalesced.ts';
import { CorruptDataFileError } from './durable-json-file.ts';

/** Something whose changes are written to the journal first and to its own files at checkpoints. */
export interface Journaled {
  /** Applies a change read back from the journal at start-up; must be idempotent. */
  replay(op: unknown): void | Promise<void>;
  /** Writes every file changed since the last checkpoint; resolves once they are on disk. */
  saveChanged(): Promise<void>;
}

const LOG_FILE = /^(\d{8})\.log$/;

/**
 * A write-ahead journal: one line of JSON per change, appended and synced as a group. An
 * acknowledged change costs a few hundred bytes on disk instead of a rewrite of the file it
 * belongs to (a shopper shard is ~90 KB, a day's visits up to ~350 KB). The files themselves are
 * brought up to date at checkpoints, after which the journal files they cover are deleted.
 *
 * Crash safety: a change is acknowledged once its line is synced. At start-up every journal file
 * left is replayed, oldest first, over the files as they were; a line torn by a crash at the very
 * end of the newest file was never acknowledged and is skipped.
 */
export class Journal {
  readonly #streams = new Map<string, Journaled>();
  /** The file new changes go to; created by its first write. */
  #file: { n: number; handle: Promise<FileHandle> | null };
  #maxBytes = Infinity;
  /** Files that hold only changes from before the running (or next) checkpoint's rotation. */
  readonly #older: number[] = [];
  #pending: string[] = [];
  readonly #appender = new Coalesced(() => this.#append(), true);
  #bytesSinceCheckpoint = 0;
  #linesInFile = 0;
  // A checkpoint asked for while one runs waits for it and then runs again, so that it covers
  // every change made before it was asked for.
  readonly #checkpointer = new Coalesced(() => this.#checkpoint(), false);
  #timer: ReturnType<typeof setInterval> | null = null;
  #closed = false;
  #checkpoints = 0;
  #appends = 0;

  private constructor(
    readonly dir: string,
    private readonly fsync: boolean,
    existing: number[],
  ) {
    this.#older.push(...existing);
    const n = (existing.at(-1) ?? 0) + 1;
    this.#file = { n, handle: null };
  }

  /** Opens the journal folder; the files found are replayed by `replay()` once streams are added. */
  static async open(dir: string, options: { fsync: boolean }): Promise<Journal> {
    await mkdir(dir, { recursive: true });
    const existing = (await readdir(dir))
      .map((name) => LOG_FILE.exec(name))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
    return new Journal(dir, options.fsync, existing);
  }

  #path(n: number): string {
    return join(this.dir, `${String(n).padStart(8, '0')}.log`);
  }

  #openFile(n: number): Promise<FileHandle> {
    const handle = (async () => {
      const h = await open(this.#path(n), 'a');
      // A new file's name must be on disk too, or a power cut could lose the whole file.
      if (this.fsync) {
        const dir = await open(this.dir, 'r');
        await dir.sync().finally(() => dir.close());
      }
      return h;
    })();
    handle.catch(() => undefined);
    return handle;
  }

  /** Names a stream; its changes are journaled under that name. */
  add(name: string, stream: Journaled): void {
    if (this.#streams.has(name)) throw new Error(`journal stream ${name} added twice`);
    this.#streams.set(name, stream);
  }

  /** Applies every change left in the journal files, oldest first. */
  async replay(): Promise<number> {
    let applied = 0;
    for (const [i, n] of this.#older.entries()) {
      const file = this.#path(n);
      const text = await readFile(file, 'utf8');
      const lines = text.split('\n');
      for (const [j, line] of lines.entries()) {
        if (!line) continue;
        let entry: { s: string; o: unknown };
        try {
          entry = JSON.parse(line) as { s: string; o: unknown };
        } catch (e) {
          // Only the last line of the newest file can be torn by a crash mid-append.
          if (i === this.#older.length - 1 && j === lines.length - 1) break;
          throw new CorruptDataFileError(file, e);
        }
        const stream = this.#streams.get(entry.s);
        if (!stream) throw new CorruptDataFileError(file, new Error(`unknown journal stream ${entry.s}`));
        await stream.replay(entry.o);
        applied++;
      }
    }
    return applied;
  }

  /**
   * Records a change already made in memory; resolves once it is on disk. Changes asked for in the
   * same turn of the event loop (and while a sync is running) share one write and one sync.
   */
  write(stream: string, op: unknown): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('journal closed'));
    const line = JSON.stringify({ s: stream, o: op });
    this.#pending.push(line);
    this.#bytesSinceCheckpoint += line.length + 1;
    const done = this.#appender.request();
    if (this.#bytesSinceCheckpoint > this.#maxBytes && !this.#checkpointer.queued) void this.checkpoint().catch(() => undefined);
    return done;
  }

  async #append(): Promise<void> {
    const lines = this.#pending;
    this.#pending = [];
    if (!lines.length) return;
    this.#appends++;
    const handle = await (this.#file.handle ??= this.#openFile(this.#file.n));
    this.#linesInFile += lines.length;
    await handle.write(lines.join('\n') + '\n');
    if (this.fsync) await handle.datasync();
  }

  /** Resolves once every change recorded so far is on disk. */
  durable(): Promise<void> {
    return this.#appender.settled();
  }

  /** Bytes journaled since the last checkpoint began. */
  get backlog(): number {
    return this.#bytesSinceCheckpoint;
  }

  /** Appends (each one write and one sync) made so far: fewer than changes when they group. */
  get appends(): number {
    return this.#appends;
  }

  /** Checkpoints run so far (for tests). */
  get checkpoints(): number {
    return this.#checkpoints;
  }

  /** Brings every stream's files up to date and deletes the journal files that covered them. */
  checkpoint(): Promise<void> {
    return this.#checkpointer.request();
  }

  async #checkpoint(): Promise<void> {
    // Changes from here on go to a new file; the older ones are only needed until their changes
    // are in the streams' own files.
    if (this.#linesInFile > 0) {
      this.#older.push(this.#file.n);
      const previous = this.#file.handle;
      this.#file = { n: this.#file.n + 1, handle: null };
      this.#linesInFile = 0;
      // An append already under way still goes to the old file; let it finish before closing.
      await this.#appender.running?.catch(() => undefined);
      void previous?.then((h) => h.close()).catch(() => undefined);
    }
    this.#bytesSinceCheckpoint = 0;
    const covered = [...this.#older];
    for (const stream of this.#streams.values()) await stream.saveChanged();
    for (const n of covered) {
      await unlink(this.#path(n)).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'ENOENT') throw e;
      });
      this.#older.splice(this.#older.indexOf(n), 1);
    }
    this.#checkpoints++;
  }

  /**
   * Checkpoints every `everyMs`, and sooner when `maxBytes` have been journaled since the last,
   * so start-up never has much to replay.
   */
  startCheckpoints(everyMs: number, maxBytes: number): void {
    this.#timer ??= setInterval(() => {
      if (this.#bytesSinceCheckpoint > 0 || this.#older.length) void this.checkpoint().catch(() => undefined);
    }, everyMs);
    this.#timer.unref();
    this.#maxBytes = maxBytes;
  }

  /** Final checkpoint, then no more writes. */
  async close(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.checkpoint();
    this.#closed = true;
    await this.#file.handle?.then((h) => h.close()).catch(() => undefined);
  }
}
