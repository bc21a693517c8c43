/**
 * What the tests and the bench share to run the hub (or anything else) as a child process on
 * loopback: a free port, the hub's command and base environment, and waiting until it answers.
 * Used by server/testing/cluster.ts (several processes for one mall) and e2e/hub-process.ts (one
 * hub to kill and start again).
 */
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { staleBuild } from './build-fresh.ts';

/** The repository's root: the hub's working directory. */
export const ROOT = resolve(import.meta.dirname, '../..');

/** A loopback port the OS hands out, freed at once for a child process to take (and take again after a restart). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });
}

/**
 * Node's arguments for the hub: the built hub (dist/hub/main.mjs, as `npm start` runs it) when
 * `built` and it was built from the sources as they are now, else the sources through tsx's
 * loader (no tsx CLI process in between, so the child's pid is the hub's own). A stale build is
 * never run: it would test or measure old code.
 */
export const hubArgs = (built = false): string[] => (built && staleBuild() === null ? ['dist/hub/main.mjs'] : ['--import', 'tsx', 'server/main.ts']);

/**
 * The environment every spawned hub starts from: on loopback at `port`, data in `dataRoot`, warnings
 * only, and no config file from the machine (a developer's atrium.config.json must not leak in).
 * `env` adds to it or overrides it.
 */
export const hubEnv = (port: number, dataRoot: string, env: Record<string, string> = {}): Record<string, string> => ({
  ATRIUM_CONFIG: '/nonexistent/atrium.config.json',
  ATRIUM_HOST: '127.0.0.1',
  ATRIUM_PORT: String(port),
  ATRIUM_DATA: dataRoot,
  ATRIUM_LOG_LEVEL: 'warn',
  ...env,
});

/** Waits until `probe` is true, or throws after `timeoutMs` naming what was awaited. A probe that throws counts as not yet. */
export async function until(what: string, probe: () => Promise<boolean> | boolean, timeoutMs = 20_000, everyMs = 50): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await probe()) return;
    } catch {
      /* not yet */
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Whether the hub (or fan-out process) at `url` answers /api/health with 200. */
export const healthy = async (url: string) => (await fetch(`${url}/api/health`)).status === 200;
