import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { freePort, hubArgs } from '#server/testing/hub-spawn.ts';
import { now } from './stats.ts';

const ROOT = resolve(import.meta.dirname, '../..');

export interface HubProcess {
  url: string;
  pid: number;
  child: ChildProcess;
  /** Spawn → first 200 from /api/health, ms. */
  startMs: number;
  rssBytes(): number;
  /** CPU time the hub has used (user + system), ms: a figure the shared machine's load does not inflate. */
  cpuMs(): number;
  /** SIGTERM (flushes) or SIGKILL; resolves when the process is gone. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export { freePort };

/**
 * The hub run under other settings while working on it: BENCH_HUB_ENV (a JSON object of
 * environment variables) and BENCH_HUB_NODE_ARGS (node flags, space-separated, e.g. `--cpu-prof`).
 */
export function hubOverrides(): { env: Record<string, string>; nodeArgs: string[] } {
  return {
    env: process.env.BENCH_HUB_ENV ? (JSON.parse(process.env.BENCH_HUB_ENV) as Record<string, string>) : {},
    nodeArgs: process.env.BENCH_HUB_NODE_ARGS ? process.env.BENCH_HUB_NODE_ARGS.split(' ') : [],
  };
}

/**
 * Starts the real hub (server/main.ts, as `npm run hub` does) as its own process on loopback.
 * Node is run with tsx's loader directly rather than through the tsx CLI, which would put a second
 * process in between: the pid here is the hub's own, so its RSS can be read.
 */
/** `nodeArgs`: extra flags for node, before the script (e.g. `--cpu-prof`). */
export async function spawnHub(
  dataRoot: string,
  env: Record<string, string> = {},
  // A machine shared with much other work can take longer to start a hub: BENCH_START_TIMEOUT_MS.
  timeoutMs = Number(process.env.BENCH_START_TIMEOUT_MS ?? 60_000),
  nodeArgs: string[] = [],
): Promise<HubProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = now();
  // The built hub, as `npm start` runs it; straight from the sources if its build is missing or stale.
  const child = spawn(process.execPath, [...nodeArgs, ...hubArgs(true)], {
    cwd: ROOT,
    env: {
      ...process.env,
      ATRIUM_DATA: dataRoot,
      ATRIUM_PORT: String(port),
      ATRIUM_HOST: '127.0.0.1',
      ATRIUM_LOG_LEVEL: 'warn',
      ATRIUM_DEMO: '0',
      ...env,
    },
    // stdout too: the logs (and a refusal to start) go there. Read as it comes, so it never blocks.
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  const keep = (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exited = false;
  const gone = new Promise<void>((r) => child.once('exit', () => ((exited = true), r())));
  for (;;) {
    if (exited) throw new Error(`hub exited during start: ${stderr}`);
    if (now() - started > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`hub did not answer /api/health within ${timeoutMs} ms: ${stderr}`);
    }
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  const startMs = now() - started;
  return {
    url,
    pid: child.pid!,
    child,
    startMs,
    rssBytes: () => {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      return m ? Number(m[1]) * 1024 : NaN;
    },
    cpuMs: () => {
      // Fields 14 and 15 of /proc/<pid>/stat, after the command name in parentheses; in 1/100 s.
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10;
    },
    stop: async (signal = 'SIGTERM') => {
      if (!exited) child.kill(signal);
      await gone;
    },
  };
}
