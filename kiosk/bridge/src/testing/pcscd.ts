import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPcsc } from '../pcsc.ts';

const PCSCD = ['/usr/sbin/pcscd', '/usr/bin/pcscd'].find((p) => existsSync(p)) ?? 'pcscd';
const VPCD_DRIVER = '/usr/lib/pcsc/drivers/serial/libifdvpcd.so';

/**
 * Why the PC/SC tests cannot run on this machine, or null when they can: they need Debian's
 * `pcscd` and `vsmartcard-vpcd`, the bridge's own packages (`npm ci` in kiosk/bridge, which
 * builds the binding against `libpcsclite-dev`), and a private mount namespace (root) so each
 * test's pcscd has its own socket. `.ci/run` installs all of it.
 */
export function pcscUnavailable(): string | null {
  if (spawnSync(PCSCD, ['--version']).error) return 'pcscd is not installed (apt-get install pcscd vsmartcard-vpcd libpcsclite-dev; .ci/run does this)';
  if (!existsSync(VPCD_DRIVER)) return 'the vpcd virtual reader is not installed (apt-get install vsmartcard-vpcd)';
  try {
    loadPcsc();
  } catch {
    return 'the bridge’s packages are not installed (cd kiosk/bridge && npm ci, with libpcsclite-dev installed)';
  }
  if (spawnSync('unshare', ['-m', 'true']).status !== 0) return 'cannot start a private pcscd here (unshare -m needs root)';
  return null;
}

/** Two free consecutive TCP ports: vpcd opens one per virtual reader ("Virtual PCD 00 00" and "… 01"). */
async function freePortPair(): Promise<number> {
  const free = (port: number) =>
    new Promise<boolean>((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(false));
      s.listen(port, '0.0.0.0', () => s.close(() => resolve(true)));
    });
  for (let i = 0; i < 50; i++) {
    const port = 20000 + 2 * Math.floor(Math.random() * 15000);
    if ((await free(port)) && (await free(port + 1))) return port;
  }
  throw new Error('no free port pair for vpcd');
}

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const c = createConnection(port, '127.0.0.1');
    c.once('connect', () => {
      c.destroy();
      resolve(true);
    });
    c.once('error', () => resolve(false));
  });

/**
 * pcscd in the foreground with vpcd's two virtual readers, on a socket of its own: it runs in a
 * private mount namespace with this test's folder bound over /run/pcscd, so tests in parallel (or
 * a pcscd of the machine's) never meet. Clients reach it with PCSCLITE_CSOCK_NAME=`socket`.
 * Everything it started is stopped by `stop()`, and by the process's exit at the latest.
 */
export class PrivatePcscd {
  #child: ChildProcess | null = null;
  #output = '';
  private constructor(
    readonly dir: string,
    /** vpcd's first reader's port; the second is port + 1. */
    readonly port: number,
  ) {}

  /** The socket clients use: set PCSCLITE_CSOCK_NAME to it before the first PC/SC call of a process. */
  get socket(): string {
    return join(this.dir, 'pcscd.comm');
  }

  /** What pcscd printed (for a failing test's message). */
  get output(): string {
    return this.#output;
  }

  static async start(): Promise<PrivatePcscd> {
    const dir = await mkdtemp(join(tmpdir(), 'atrium-pcscd-'));
    const port = await freePortPair();
    await mkdir(join(dir, 'conf'));
    const hex = `0x${port.toString(16).toUpperCase()}`;
    await writeFile(join(dir, 'conf', 'vpcd'), `FRIENDLYNAME "Virtual PCD"\nDEVICENAME /dev/null:${hex}\nLIBPATH ${VPCD_DRIVER}\nCHANNELID ${hex}\n`);
    const p = new PrivatePcscd(dir, port);
    await p.up();
    return p;
  }

  /** Starts pcscd (again, after `down()`), and waits until its readers are there. */
  async up(): Promise<void> {
    if (this.#child && this.#child.exitCode === null && this.#child.signalCode === null) return;
    await mkdir('/run/pcscd', { recursive: true });
    await rm(this.socket, { force: true });
    await rm(join(this.dir, 'pcscd.pid'), { force: true });
    const child = spawn('unshare', ['-m', 'sh', '-c', `mount --bind "$0" /run/pcscd && exec "$1" -f -c "$0/conf"`, this.dir, PCSCD], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.#child = child;
    child.stdout?.on('data', (d) => (this.#output += d));
    child.stderr?.on('data', (d) => (this.#output += d));
    const stopOnExit = () => child.kill('SIGKILL');
    process.once('exit', stopOnExit);
    child.once('exit', () => process.off('exit', stopOnExit));
    for (let i = 0; i < 100; i++) {
      if (child.exitCode !== null) throw new Error(`pcscd exited at start: ${this.#output}`);
      if (existsSync(this.socket) && (await listening(this.port))) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`pcscd did not start: ${this.#output}`);
  }

  /** Stops pcscd (SIGTERM, then SIGKILL after 3 s), as a crash or `systemctl stop pcscd` does. */
  async down(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.#child;
    this.#child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    const force = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(force);
  }

  async stop(): Promise<void> {
    await this.down();
    await rm(this.dir, { recursive: true, force: true });
  }
}
