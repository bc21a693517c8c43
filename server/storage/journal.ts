import { constants } from 'node:fs';
import { copyFile, mkdir, open, readdir, readFile, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { lineToCarry, type AuditCarrier } from './carried-audit.ts';
import { Coalesced } from './coalesced.ts';
import { CorruptDataFileError } from './durable-json-file.ts';
import { frameLine, readLines } from './journal-frame.ts';
import { z } from 'zod';
import { AuditRecord } from './records.ts';
import { gatedWrite } from './write-gate.ts';

/** O_DSYNC where the platform has it (Linux, macOS; not Windows, which syncs with fdatasync). */
const DSYNC: number | undefined = constants.O_DSYNC;

/** Something whose changes are written to the journal first and to its own files at checkpoints. */
export interface Journaled {
  /** Applies a change read back from the journal at start-up; must be idempotent. */
  replay(op: unknown): void | Promise<void>;
  /** Writes every file changed since the last checkpoint; resolves once they are on disk. */
  saveChanged(): Promise<void>;
}

const LOG_FILE = /^(\d{8})\.log$/;

/**
 * One change for a frame shared with others (Journal.writeTogether): the journal and stream it
 * belongs to, the op as `replay` takes it, and what to do in memory once the frame is on disk
 * (called synchronously right after the write and sync, before any caller resumes; never after a
 * failed write). Made by the stores' staging calls (DailyLog.appendPositioned, ShardedMap.stageSet).
 */
export interface JournalChange {
  journal: Journal;
  stream: string;
  op: unknown;
  onDurable?: () => void;
}

/** A warning about the journal (damage dropped at start-up): a message and details for the log. */
export type JournalWarn = (message: string, details: Record<string, unknown>) => void;

export interface JournalOptions {
  fsync: boolean;
  /**
   * Start even over damage in the middle of the journal (ATRIUM_SALVAGE): damaged lines are
   * skipped with a warning, the journal files are copied to `journal-damaged/` and a checkpoint
   * is made at once. Without it such damage stops the start-up, naming the file.
   */
  salvage?: boolean;
  warn?: JournalWarn;
}

/** The first line of every journal file names the file before it and its length then. */
const HEADER_STREAM = '#journal';
/** A line holding only audit lines moved on from files a checkpoint deletes (see #checkpoint). */
const CARRY_STREAM = '#audit';
/** One frame's several changes (writeTogether): `{ t: [{ s, o }, …] }`, replayed all or none. */
const TOGETHER = z.array(z.object({ s: z.string(), o: z.unknown() })).min(1);
interface Header {
  prev: number;
  prevBytes: number;
}

interface JournalFile {
  n: number;
  handle: Promise<FileHandle> | null;
  /** Bytes written to it so far. */
  bytes: number;
  /** The file written before it, whose length its header records; final once this file is first written. */
  prev: { n: number; bytes: () => number } | null;
}

/**
 * A write-ahead journal: one framed line of JSON per change (journal-frame.ts: length and CRC-32),
 * appended and synced as a group. An acknowledged change costs a few hundred bytes on disk instead
 * of a rewrite of the file it belongs to (a shopper shard is ~90 KB, a day's visits up to ~350 KB).
 * The files themselves are brought up to date at checkpoints, after which the journal files they
 * cover are deleted.
 *
 * Crash safety: a change is acknowledged once its line is synced. At start-up every journal file
 * left is checked and replayed, oldest first, over the files as they were. Lines cut short or
 * garbled at the very end of the newest file were never acknowledged (a crash mid-append): they
 * are dropped with a warning and cut off the file before anything new is written, so a second
 * crash does not find them in the middle. Damage anywhere else (a bad line followed by good ones,
 * an older file shorter than the next file's header records, a missing file) lost acknowledged
 * changes: the start-up is refused naming the file, unless `salvage` is set.
 */
export class Journal implements AuditCarrier {
  readonly #streams = new Map<string, Journaled>();
  /**
   * Audit lines carried by journal lines (carried-audit.ts) and not yet released: replayed ones
   * wait to be written to the audit log, and a checkpoint moves them to the new file before it
   * deletes the old ones.
   */
  readonly #carried = new Map<string, AuditRecord>();
  /** The file new changes go to; created by its first write. */
  #file: JournalFile;
  #maxBytes = Infinity;
  /** Files that hold only changes from before the running (or next) checkpoint's rotation. */
  readonly #older: number[] = [];
  #pending: string[] = [];
  /** What to do in memory once the pending lines are on disk (JournalChange.onDurable). */
  #pendingDurable: (() => void)[] = [];
  // Appends pass the data folder's write gate, so a backup sees whole, synced lines only.
  readonly #appender = new Coalesced(() => gatedWrite(this.dir, () => this.#append()), true);
  #bytesSinceCheckpoint = 0;
  #linesInFile = 0;
  // A checkpoint asked for while one runs waits for it and then runs again, so that it covers
  // every change made before it was asked for.
  readonly #checkpointer = new Coalesced(() => this.#checkpoint(), false);
  #timer: ReturnType<typeof setInterval> | null = null;
  #closed = false;
  #checkpoints = 0;
  #appends = 0;
  #syncs = 0;

  private constructor(
    readonly dir: string,
    private readonly options: JournalOptions,
    existing: number[],
  ) {
    this.#older.push(...existing);
    const n = (existing.at(-1) ?? 0) + 1;
    this.#file = { n, handle: null, bytes: 0, prev: null };
  }

  private get fsync(): boolean {
    return this.options.fsync;
  }

  /** Opens the journal folder; the files found are replayed by `replay()` once streams are added. */
  static async open(dir: string, options: JournalOptions): Promise<Journal> {
    await mkdir(dir, { recursive: true });
    const existing = (await readdir(dir))
      .map((name) => LOG_FILE.exec(name))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
    return new Journal(dir, options, existing);
  }

  #path(n: number): string {
    return join(this.dir, `${String(n).padStart(8, '0')}.log`);
  }

  #openFile(n: number): Promise<FileHandle> {
    const handle = (async () => {
      // With fsync, O_DSYNC makes each append's write its own fdatasync: one trip to libuv's
      // thread pool per group commit instead of two, so under a busy event loop (a fan-out written
      // in slices, server/realtime/sliced-adapter.ts) a check-in's ack waits one turn fewer.
      const h = await open(this.#path(n), this.fsync && DSYNC !== undefined ? constants.O_APPEND | constants.O_CREAT | constants.O_WRONLY | DSYNC : 'a');
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
    if (this.#streams.has(name) || name === HEADER_STREAM || name === CARRY_STREAM) throw new Error(`journal stream ${name} added twice`);
    this.#streams.set(name, stream);
  }

  /**
   * Checks every journal file left, then applies their changes, oldest first. Throws
   * CorruptDataFileError naming the file for damage that lost acknowledged changes (unless
   * salvaging); drops and cuts off an unfinished tail of the newest file with a warning.
   * Resolves with the number of changes applied.
   */
  async replay(): Promise<number> {
    const files = [...this.#older];
    const read = await Promise.all(files.map(async (n) => ({ n, file: this.#path(n), lines: readLines(await readFile(this.#path(n))) })));
    const warn = this.options.warn ?? (() => undefined);
    const damaged = new Set<string>();
    const damage = (file: string, offset: number, reason: string, bytes?: number) => {
      if (!this.options.salvage) {
        throw new CorruptDataFileError(
          file,
          new Error(`${reason} (at byte ${offset}): acknowledged changes are damaged or missing; set ATRIUM_SALVAGE=1 to start without them`),
        );
      }
      damaged.add(file);
      warn('journal damage skipped (salvage)', { file, offset, ...(bytes !== undefined ? { bytes } : {}), reason });
    };
    let tornFrom: { file: string; offset: number } | null = null;
    const lengths = new Map<number, number>();
    for (const [i, { n, file, lines }] of read.entries()) {
      const newest = i === read.length - 1;
      const lastOk = lines.findLastIndex((l) => l.ok);
      for (const [j, line] of lines.entries()) {
        if (line.ok) continue;
        if (newest && j > lastOk) {
          // The end of the newest file: an append a crash cut short, never acknowledged.
          tornFrom ??= { file, offset: line.offset };
          continue;
        }
        damage(file, line.offset, line.reason, line.end - line.offset);
      }
      lengths.set(n, tornFrom ? tornFrom.offset : (lines.at(-1)?.end ?? 0));
      const first = lines.find((l) => l.ok);
      const header = first?.ok ? headerOf(first.json) : null;
      if (header) {
        const prevLength = lengths.get(header.prev);
        if (prevLength !== undefined && prevLength < header.prevBytes) {
          damage(this.#path(header.prev), prevLength, `file ends at byte ${prevLength} but ${basename(file)} records ${header.prevBytes} bytes before it`);
        } else if (prevLength === undefined && files.some((m) => m < header.prev)) {
          // Checkpoints delete files oldest first: an older one left means this one went missing.
          damage(this.#path(header.prev), 0, 'journal file missing');
        }
      }
    }

    let applied = 0;
    for (const { file, lines } of read) {
      for (const line of lines) {
        if (!line.ok) continue;
        const entry = JSON.parse(line.json) as { s?: unknown; o?: unknown; a?: unknown; t?: unknown };
        if (entry.s === HEADER_STREAM) continue;
        // The line's audit line came in the same frame as its change: kept until released.
        if (entry.a !== undefined) {
          const carried = AuditLines.safeParse(entry.a);
          if (!carried.success) {
            damage(file, line.offset, `carried audit line of the wrong shape: ${carried.error.issues[0]?.message ?? ''}`, line.end - line.offset);
            continue;
          }
          for (const l of carried.data) this.#carried.set(l.id, l);
        }
        if (entry.s === CARRY_STREAM) continue;
        try {
          if (entry.t !== undefined) {
            // Changes written together (writeTogether): every stream is known before any applies.
            const together = TOGETHER.safeParse(entry.t);
            if (!together.success) throw new Error(`changes written together of the wrong shape: ${together.error.issues[0]?.message ?? ''}`);
            const streams = together.data.map(({ s }) => {
              const stream = this.#streams.get(s);
              if (!stream) throw new Error(`unknown journal stream ${s}`);
              return stream;
            });
            for (const [k, { o }] of together.data.entries()) await streams[k].replay(o);
          } else {
            const stream = typeof entry.s === 'string' ? this.#streams.get(entry.s) : undefined;
            if (!stream) throw new Error(`unknown journal stream ${String(entry.s)}`);
            await stream.replay(entry.o);
          }
        } catch (e) {
          // A data file the change applies to is damaged: that is no journal damage to skip.
          if (e instanceof CorruptDataFileError) throw e;
          damage(file, line.offset, e instanceof Error ? e.message : String(e), line.end - line.offset);
          continue;
        }
        applied++;
      }
    }

    const newest = files.at(-1);
    if (tornFrom && newest !== undefined) {
      const { file, offset } = tornFrom;
      const size = (await stat(file)).size;
      const tail = (await readFile(file)).subarray(offset);
      const stream = /"s":"([^"]{1,40})"/.exec(tail.toString('latin1'))?.[1];
      warn('journal: dropped an unfinished change at the end of the newest file (a crash cut it short before it was acknowledged)', {
        file,
        offset,
        bytes: size - offset,
        ...(stream ? { stream } : {}),
      });
      // Cut it off now, before anything new is written: after the next crash this file is no
      // longer the newest, and the torn line would read as damage in the middle.
      const h = await open(file, 'r+');
      try {
        await h.truncate(offset);
        if (this.fsync) await h.datasync();
      } finally {
        await h.close();
      }
    }
    if (newest !== undefined) this.#file.prev = { n: newest, bytes: () => lengths.get(newest)! };
    if (damaged.size) {
      // Keep the damaged files for whoever looks into it, then write everything replayed into
      // its own files, so the next start finds no damage.
      const aside = join(dirname(this.dir), 'journal-damaged');
      await mkdir(aside, { recursive: true });
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      for (const file of damaged) await copyFile(file, join(aside, `${stamp}-${basename(file)}`)).catch(() => undefined);
      await this.checkpoint();
    }
    return applied;
  }

  /**
   * Records a change already made in memory; resolves once it is on disk. Changes asked for in the
   * same turn of the event loop (and while a sync is running) share one write and one sync.
   */
  write(stream: string, op: unknown): Promise<void> {
    return this.#enqueue({ s: stream, o: op }, []);
  }

  /**
   * Records several changes in one frame, so a crash keeps all of them or none: a torn frame fails
   * its length or checksum and is dropped whole (journal-frame.ts), where separate lines of one
   * append could be cut between them. Each change's `onDurable` runs once the frame is on disk,
   * in the order given. Resolves once on disk; shares its write and sync with the turn's others.
   * @throws Error (before anything is queued) if a change belongs to another journal.
   */
  writeTogether(changes: readonly JournalChange[]): Promise<void> {
    if (changes.some((c) => c.journal !== this)) return Promise.reject(new Error('journal: changes written together must belong to this journal'));
    if (changes.length === 1) return this.#enqueue({ s: changes[0].stream, o: changes[0].op }, changes);
    return this.#enqueue({ t: changes.map((c) => ({ s: c.stream, o: c.op })) }, changes);
  }

  #enqueue(entry: { s: string; o: unknown } | { t: { s: string; o: unknown }[] }, changes: readonly JournalChange[]): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('journal closed'));
    // Asked for by an audited action: its audit line goes in the same frame (carried-audit.ts).
    const audit = lineToCarry(this);
    if (audit) this.#carried.set(audit.id, audit);
    const line = frameLine(JSON.stringify(audit ? { ...entry, a: [audit] } : entry));
    this.#pending.push(line);
    for (const c of changes) if (c.onDurable) this.#pendingDurable.push(c.onDurable);
    this.#bytesSinceCheckpoint += line.length;
    const done = this.#appender.request();
    if (this.#bytesSinceCheckpoint > this.#maxBytes && !this.#checkpointer.queued) void this.checkpoint().catch(() => undefined);
    return done;
  }

  async #append(): Promise<void> {
    const lines = this.#pending;
    const durable = this.#pendingDurable;
    this.#pending = [];
    this.#pendingDurable = [];
    if (!lines.length) return;
    this.#appends++;
    const file = this.#file;
    const first = file.handle === null;
    const handle = await (file.handle ??= this.#openFile(file.n));
    this.#linesInFile += lines.length;
    // Appends never overlap, so the previous file's last append has finished: its length is final.
    if (first && file.prev) lines.unshift(frameLine(JSON.stringify({ s: HEADER_STREAM, o: { prev: file.prev.n, prevBytes: file.prev.bytes() } satisfies Header })));
    const text = lines.join('');
    await handle.write(text);
    file.bytes += Buffer.byteLength(text);
    if (this.fsync) {
      // Opened O_DSYNC where the platform has it (#openFile): the write above was the sync.
      if (DSYNC === undefined) await handle.datasync();
      this.#syncs++;
    }
    // Synchronously, before this run's callers (or a checkpoint waiting on it) resume: memory
    // changed here is never written to a file by a checkpoint before its frame is on disk.
    for (const apply of durable) apply();
  }

  /** The audit line is in the audit log: a checkpoint no longer keeps it. */
  release(id: string): void {
    this.#carried.delete(id);
  }

  /** The carried audit lines not yet released (after replay: those a crash kept from the audit log). */
  get carried(): AuditRecord[] {
    return [...this.#carried.values()];
  }

  /** Resolves once every change recorded so far is on disk. */
  durable(): Promise<void> {
    return this.#appender.settled();
  }

  /**
   * Where the journal stands: the file new changes go to and the bytes written to it. Read while
   * the write gate is closed, every change acknowledged so far lies before this point.
   */
  get position(): { file: number; bytes: number } {
    return { file: this.#file.n, bytes: this.#file.bytes };
  }

  /** Bytes journaled since the last checkpoint began. */
  get backlog(): number {
    return this.#bytesSinceCheckpoint;
  }

  /** Appends (each one write and one sync) made so far: fewer than changes when they group. */
  get appends(): number {
    return this.#appends;
  }

  /** Appends synced to disk so far (one per append when fsync is on: O_DSYNC writes, or fdatasync calls where there is no O_DSYNC; for tests). */
  get syncs(): number {
    return this.#syncs;
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
      const old = this.#file;
      const previous = old.handle;
      this.#file = { n: old.n + 1, handle: null, bytes: 0, prev: { n: old.n, bytes: () => old.bytes } };
      this.#linesInFile = 0;
      // An append already under way still goes to the old file; let it finish before closing.
      await this.#appender.running?.catch(() => undefined);
      void previous?.then((h) => h.close()).catch(() => undefined);
    }
    this.#bytesSinceCheckpoint = 0;
    const covered = [...this.#older];
    for (const stream of this.#streams.values()) await stream.saveChanged();
    if (covered.length && this.#carried.size) {
      // Audit lines whose action has not written them to the audit log yet ride in the files about
      // to go: they move on to the current file first, so a crash still finds them.
      this.#pending.push(frameLine(JSON.stringify({ s: CARRY_STREAM, o: null, a: [...this.#carried.values()] })));
      await this.#appender.request();
    }
    for (const n of covered) {
      await gatedWrite(this.#path(n), () => unlink(this.#path(n))).catch((e: NodeJS.ErrnoException) => {
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

const AuditLines = z.array(AuditRecord);

function headerOf(json: string): Header | null {
  const entry = JSON.parse(json) as { s?: unknown; o?: { prev?: unknown; prevBytes?: unknown } };
  if (entry.s !== HEADER_STREAM || typeof entry.o?.prev !== 'number' || typeof entry.o.prevBytes !== 'number') return null;
  return { prev: entry.o.prev, prevBytes: entry.o.prevBytes };
}
