import { spawn, type ChildProcess } from 'node:child_process';
import { DEMO_OPERATOR } from '#server/demo/seed.ts';
import { freePort, hubArgs, hubEnv, ROOT } from '#server/testing/hub-spawn.ts';

/** A loopback port the OS hands out, freed at once so a hub process can take it (and take it again after a restart). */
export const ephemeralPort = freePort;

/**
 * The hub as its own process, so a test can kill it with SIGKILL (nothing flushed, sockets cut)
 * and start it again on the same port and data folder, as a mall's hub restarts.
 */
export class HubProcess {
  #child: ChildProcess | null = null;
  #output = '';
  readonly url: string;

  constructor(
    readonly port: number,
    readonly dataRoot: string,
    readonly env: Record<string, string> = {},
    /** Keep what the hub prints (its log, every start) in `output`, for a test that scans it. */
    readonly capture = false,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  async start(): Promise<void> {
    this.#child = spawn(process.execPath, hubArgs(), {
      cwd: ROOT,
      env: { ...process.env, ...hubEnv(this.port, this.dataRoot, { ATRIUM_FSYNC: '0', ATRIUM_COUNT_TICK_MS: '50', ...this.env }) },
      stdio: ['ignore', this.capture ? 'pipe' : 'ignore', this.capture ? 'pipe' : 'inherit'],
    });
    this.#child.stdout?.on('data', (d: Buffer) => (this.#output += d.toString()));
    this.#child.stderr?.on('data', (d: Buffer) => (this.#output += d.toString()));
    for (let i = 0; i < 200; i++) {
      if (this.#child.exitCode !== null) throw new Error('hub process exited while starting');
      try {
        if ((await fetch(`${this.url}/api/health`)).ok) return;
      } catch {
        /* not up yet */
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('hub did not start');
  }

  /** What the hub printed so far (with `capture`). */
  get output(): string {
    return this.#output;
  }

  /** SIGTERM: the hub shuts down cleanly (every change in its own file, the journal emptied). */
  async stop(): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }

  /** kill -9: no shutdown handler runs. */
  async kill(): Promise<void> {
    const child = this.#child;
    // Killed already (a signal leaves exitCode null and sets signalCode): there is no exit to wait for.
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  /** SIGSTOP / SIGCONT: the hub stops answering but its sockets stay open, as a stalled hub does. */
  freeze(): void {
    this.#child?.kill('SIGSTOP');
  }

  thaw(): void {
    this.#child?.kill('SIGCONT');
  }

  async login(): Promise<string> {
    const res = await fetch(`${this.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(DEMO_OPERATOR),
    });
    if (!res.ok) throw new Error(`login failed: ${res.status}`);
    return (res.headers.get('set-cookie') ?? '').split(';')[0];
  }

  async api(path: string, cookie: string, body?: unknown, method = body === undefined ? 'GET' : 'POST'): Promise<{ status: number; body: any }> {
    const res = await fetch(this.url + path, {
      method,
      headers: { cookie, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: await res.json().catch(() => null) };
  }
}

/** Starts `server/main.ts` with demo off on an empty folder and reads the set-up token off its console, as the mall's IT person would. */
export async function startEmptyHub(dataRoot: string, port: number): Promise<{ child: ChildProcess; token: string; url: string }> {
  const child = spawn(process.execPath, hubArgs(), {
    cwd: ROOT,
    env: {
      ...process.env,
      ...hubEnv(port, dataRoot, { ATRIUM_MALL: 'northgate', ATRIUM_DEMO: '0', ATRIUM_FSYNC: '0' }),
      // The machine's own zone is not the mall's: the mall clock must come from the set-up.
      TZ: 'America/New_York',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const token = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`no set-up token printed: ${out}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /set-up token:\s+([A-Za-z0-9_-]{40,})/.exec(out);
      if (m) {
        clearTimeout(timer);
        done(m[1]);
      }
    });
    child.once('exit', () => fail(new Error(`hub exited: ${out}`)));
  });
  return { child, token, url: `http://127.0.0.1:${port}` };
}
