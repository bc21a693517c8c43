import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, basename, join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { ephemeralPort, HubProcess } from '#e2e/hub-process.ts';

/**
 * Makes the next write of `file` hang, for crash tests with the hub as a real process: the file's
 * temp file (storage/partition.ts writes `.<name>.tmp` and renames it) becomes a named pipe no one
 * reads, so opening it for writing blocks (in the thread pool) while the rest of the hub goes on.
 * A SIGKILL then is a crash at exactly that point. The hub removes the pipe as a leftover temp
 * file when it starts again.
 */
export function jamNextWrite(file: string): void {
  execFileSync('mkfifo', [join(dirname(file), `.${basename(file)}.tmp`)]);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The hub of one crash test, made afresh before each test (see crashHubEach). */
export interface CrashHub {
  /** The demo mall's hub as its own process, not yet started. */
  readonly hub: HubProcess;
  /** The data folder (ATRIUM_DATA), removed after the test. */
  readonly dataRoot: string;
  /** The demo mall's own folder in it. */
  readonly mallDir: string;
}

/**
 * Registers, in the calling `describe`, a fresh data folder and a demo-mall hub process for each
 * test (killed with SIGKILL and removed after it): fsync on, as a crash test is about what is on
 * disk, and every tap a new mall visit (this tests durability, not what counts as an arrival).
 * `env` adds to or overrides the hub's environment. Read the fields inside the tests.
 */
export function crashHubEach(name: string, env: Record<string, string> = {}): CrashHub {
  let current: { hub: HubProcess; dataRoot: string } | null = null;
  beforeEach(async () => {
    const dataRoot = await mkdtemp(join(tmpdir(), `atrium-${name}-`));
    const hub = new HubProcess(await ephemeralPort(), dataRoot, { ATRIUM_DEMO: '1', ATRIUM_MALL: 'demo', ATRIUM_VISIT_WINDOW_MINUTES: '0', ATRIUM_FSYNC: '1', ...env });
    current = { hub, dataRoot };
  });
  afterEach(async () => {
    if (!current) return;
    await current.hub.kill();
    await rm(current.dataRoot, { recursive: true, force: true });
    current = null;
  });
  const now = () => {
    if (!current) throw new Error('crashHubEach: read inside a test');
    return current;
  };
  return {
    get hub() {
      return now().hub;
    },
    get dataRoot() {
      return now().dataRoot;
    },
    get mallDir() {
      return join(now().dataRoot, 'demo');
    },
  };
}

/**
 * Starts `call` (a request whose answer waits for a jammed write) and waits `ms`; resolves with
 * whether it answered meanwhile (a test expects it has not, before it kills the hub).
 */
export async function answeredWithin(call: () => Promise<unknown>, ms = 1500): Promise<boolean> {
  let answered = false;
  void call().then(
    () => (answered = true),
    () => undefined,
  );
  await sleep(ms);
  return answered;
}

/** The audit log's day file for today (UTC), where a line written now goes. */
export const auditDayFile = (mallDir: string) => join(mallDir, 'audit', `${new Date().toISOString().slice(0, 10)}.json`);

/** The audit lines on disk with `action`, read from the day files themselves (no hub needed). */
export async function auditLinesOnDisk(mallDir: string, action: string): Promise<{ id: string; action: string; target?: string; detail?: string }[]> {
  const dir = join(mallDir, 'audit');
  const out: { id: string; action: string; target?: string; detail?: string }[] = [];
  for (const f of (await readdir(dir).catch(() => [] as string[])).sort()) {
    if (!f.endsWith('.json') || f.startsWith('.')) continue;
    out.push(...(JSON.parse(await readFile(join(dir, f), 'utf8')) as { id: string; action: string }[]).filter((e) => e.action === action));
  }
  return out;
}

/**
 * Cuts the newest journal file of `mallDir` right after the frame that stored visit `visitId`:
 * a crash just after that append, so the frames after it (the visit's followers': rewards,
 * feedback, the shop's rows) never reached the disk. Every line cut must belong to those streams,
 * so nothing else is lost. False when the frame is not in the newest file (a checkpoint moved it
 * into the files).
 */
export async function cutJournalAfterVisit(mallDir: string, visitId: string): Promise<boolean> {
  const dir = join(mallDir, 'journal');
  const newest = (await readdir(dir)).filter((n) => n.endsWith('.log')).sort().at(-1);
  if (!newest) return false;
  const file = join(dir, newest);
  const buf = await readFile(file);
  let start = 0;
  while (start < buf.length) {
    const end = buf.indexOf(0x0a, start) + 1;
    const line = buf.subarray(start, end).toString('utf8');
    if (line.includes(visitId) && line.includes('{"s":"visits"')) {
      for (const l of buf.subarray(end).toString('utf8').split('\n').filter(Boolean)) {
        if (!/"s":"(rewards|rewardVisits|feedback|storeVisits|redemptions)"/.test(l)) throw new Error(`journal: a line after the visit's frame is not a follower's: ${l.slice(0, 120)}`);
      }
      await truncate(file, end);
      return true;
    }
    start = end;
  }
  return false;
}
