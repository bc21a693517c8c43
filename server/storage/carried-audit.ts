import { AsyncLocalStorage } from 'node:async_hooks';
import { resolve, sep } from 'node:path';
import type { AuditRecord } from './records.ts';

/**
 * Audit lines that ride with the change they record (DESIGN.md rule 7 for the audit log).
 *
 * Why: an audited action changes some file (signage.json, a journal line, …) and then writes its
 * line to the audit log, a second file. A crash between the two writes would keep the change and
 * lose the line. So while an audited action runs (`carryAuditLine`), every durable write it asks
 * for carries the action's line in that same write:
 * - a journal line (journal.ts) gets the line in its `a` field, inside the line's CRC frame;
 * - a file rewrite (partition.ts → durable-json-file.ts) gets it under the top-level key `#audit`
 *   (an object file), or is wrapped as `{"#audit": […], "#data": …}` (an array or null file), in
 *   the same temp file and rename.
 * The change and its line are then on disk together or not at all. Once the action has written
 * its line to the audit log, it `release()`s it: each carrier forgets it (a file is rewritten
 * without it, a journal file goes at the next checkpoint). A line a carrier still holds when the
 * hub starts (a crash came first) is written to the audit log then (`makeGoodCarried`), once: the
 * log keeps an id once per day, so a line written before the crash is not written twice.
 *
 * Which writes belong to an action is known from the async context the write was asked for in
 * (AsyncLocalStorage): a write asked for while the action's handler runs, however deep in the
 * domain. Group commit (coalesced.ts) runs its writes outside any action's context, so a write
 * one action asked for never carries another's line by accident; writes shared by several
 * commits carry the lines of every action that asked.
 */

/**
 * Something that wrote carried lines: it forgets one once the line is in the audit log, and
 * resolves once its files no longer hold it (a file carrier rewrites its file).
 */
export interface AuditCarrier {
  release(id: string): void | Promise<void>;
}

interface Scope {
  readonly line: AuditRecord;
  readonly carriers: Set<AuditCarrier>;
}

const scopes = new AsyncLocalStorage<Scope>();
// Actions running now. Async context tracking costs every promise a little while it is enabled
// (Node 20), so it is enabled only while an audited action runs: operators' actions are rare.
let running = 0;

/**
 * The audit line that must ride on a write asked for now, or undefined when no audited action
 * asked for it. Notes `carrier` as holding the line, so `release()` reaches it.
 */
export function lineToCarry(carrier: AuditCarrier): AuditRecord | undefined {
  if (running === 0) return undefined;
  const scope = scopes.getStore();
  if (!scope) return undefined;
  scope.carriers.add(carrier);
  return scope.line;
}

/** Runs `fn` outside any audited action's context (for work shared by several callers). */
export function outsideAuditedAction<T>(fn: () => T): T {
  return running === 0 ? fn() : scopes.exit(fn);
}

/** What `carryAuditLine` reports besides the outcome. */
export interface CarriedLine {
  /** Whether any write asked for while the action ran carried the line. */
  readonly carried: boolean;
  /** Lets every carrier forget the line: call once the line is in the audit log (or never will be). */
  release(): void;
}

/**
 * Runs `action` with `line` riding on every durable write it asks for. Never throws: the outcome
 * is returned as settled, beside whether a write carried the line.
 */
export async function carryAuditLine<T>(line: AuditRecord, action: () => T | Promise<T>): Promise<{ outcome: PromiseSettledResult<Awaited<T>>; line: CarriedLine }> {
  const scope: Scope = { line, carriers: new Set() };
  running++;
  let outcome: PromiseSettledResult<Awaited<T>>;
  try {
    outcome = { status: 'fulfilled', value: await scopes.run(scope, action) };
  } catch (reason) {
    outcome = { status: 'rejected', reason };
  } finally {
    if (--running === 0) scopes.disable();
  }
  return {
    outcome,
    line: {
      carried: scope.carriers.size > 0,
      release: () => {
        // Not waited for: a rewrite that fails leaves the line in the file, written again (once) at the next start.
        for (const c of scope.carriers) void Promise.resolve(c.release(line.id)).catch(() => undefined);
        scope.carriers.clear();
      },
    },
  };
}

/** Writes carried lines to the audit log; resolves once they are on disk. */
export type CarriedSink = (lines: readonly AuditRecord[]) => Promise<void>;

interface Folder {
  sink: CarriedSink | null;
  /** Lines found before the sink was set: written when it is. */
  waiting: { lines: readonly AuditRecord[]; carrier: AuditCarrier }[];
}

// One entry per open data folder, found by path, as write-gate.ts does for its gates.
const folders = new Map<string, Folder>();

function folderOf(file: string): Folder | undefined {
  if (folders.size === 0) return undefined;
  const path = resolve(file);
  for (const [dir, folder] of folders) if (path.startsWith(dir + sep)) return folder;
  return undefined;
}

/** Starts collecting the carried lines found in `dir` (MallStore.open, before opening its files). */
export function collectCarried(dir: string): void {
  // Anew at each open: a store opened again after a crash (in a test) must not reach the old sink.
  folders.set(resolve(dir), { sink: null, waiting: [] });
}

/** Stops collecting for a data folder closed for good (MallStore.close). */
export function forgetCarried(dir: string): void {
  folders.delete(resolve(dir));
}

/**
 * A carrier in the data folder holding `file` found lines on disk (a crash came before they were
 * released): they are written to the audit log and released, at once if the folder's sink is set,
 * else when it is. Resolves once that is done (or at once when waiting for the sink). Outside
 * any collected folder (a lone file in a test) the lines stay with the carrier.
 */
export async function foundCarried(file: string, lines: readonly AuditRecord[], carrier: AuditCarrier): Promise<void> {
  const folder = folderOf(file);
  if (!folder || lines.length === 0) return;
  if (!folder.sink) {
    folder.waiting.push({ lines, carrier });
    return;
  }
  await folder.sink(lines);
  for (const l of lines) await carrier.release(l.id);
}

/**
 * Sets the folder's sink and writes every line found so far to it, releasing each; resolves with
 * how many lines that was. Lines found later (files opened after start-up) go to the sink at once.
 */
export async function makeGoodCarried(dir: string, sink: CarriedSink): Promise<number> {
  const folder = folders.get(resolve(dir));
  if (!folder) return 0;
  folder.sink = sink;
  let n = 0;
  while (folder.waiting.length) {
    const { lines, carrier } = folder.waiting.shift()!;
    await sink(lines);
    for (const l of lines) await carrier.release(l.id);
    n += lines.length;
  }
  return n;
}

/** The key a file rewrite carries its lines under (see the module comment). */
export const CARRIED_KEY = '#audit';
const WRAPPED_KEY = '#data';

/** `data` with `lines` riding along, as written to its file. */
export function withCarried(data: unknown, lines: readonly AuditRecord[]): unknown {
  if (lines.length === 0) return data;
  if (typeof data === 'object' && data !== null && !Array.isArray(data)) return { ...data, [CARRIED_KEY]: lines };
  return { [CARRIED_KEY]: lines, [WRAPPED_KEY]: data };
}

/** Splits what a file held into its data and the lines riding along (none for most files). */
export function splitCarried(parsed: unknown): { data: unknown; lines: unknown[] } {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || !(CARRIED_KEY in parsed)) return { data: parsed, lines: [] };
  const record = parsed as Record<string, unknown>;
  const carried = record[CARRIED_KEY];
  const lines = Array.isArray(carried) ? carried : [carried];
  const keys = Object.keys(record);
  if (keys.length === 2 && WRAPPED_KEY in record) return { data: record[WRAPPED_KEY], lines };
  delete record[CARRIED_KEY];
  return { data: record, lines };
}
