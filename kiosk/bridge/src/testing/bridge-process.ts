import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BridgeConfig } from '../config.ts';

const BIN = resolve(import.meta.dirname, '../../bin/atrium-bridge.mjs');

/**
 * The bridge as the kiosk PC runs it: its own process, its command, a config file and a token
 * file, its log kept in `output` for the test to read (and scan). `stop()` ends it.
 */
export class BridgeProcess {
  #child: ChildProcess | null = null;
  #output = '';

  private constructor(
    readonly dir: string,
    readonly configFile: string,
    readonly tokenFile: string,
    readonly stateDir: string,
    private readonly pcscdSocket: string,
  ) {}

  /** Writes the config and token files and starts the bridge (`token` may be wrong on purpose). */
  static async start(o: { hubUrl: string; token: string; pcscdSocket: string; config?: Partial<BridgeConfig> }): Promise<BridgeProcess> {
    const dir = await mkdtemp(join(tmpdir(), 'atrium-bridge-'));
    const b = new BridgeProcess(dir, join(dir, 'config.json'), join(dir, 'kiosk-token'), join(dir, 'state'), o.pcscdSocket);
    await writeFile(b.tokenFile, `${o.token}\n`, { mode: 0o600 });
    await writeFile(b.configFile, JSON.stringify({ hubUrl: o.hubUrl, tokenFile: 'kiosk-token', stateDir: 'state', replaySeconds: 1, ...o.config }, null, 2));
    await b.restart();
    return b;
  }

  get output(): string {
    return this.#output;
  }

  /** Starts (or starts again) the bridge process, and waits until it says it started. */
  async restart(args: string[] = []): Promise<void> {
    await this.kill();
    const from = this.#output.length;
    const child = spawn(process.execPath, [BIN, '--config', this.configFile, ...args], {
      env: { ...process.env, PCSCLITE_CSOCK_NAME: this.pcscdSocket },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    child.stdout?.on('data', (d: Buffer) => (this.#output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.#output += d.toString()));
    const stopOnExit = () => child.kill('SIGKILL');
    process.once('exit', stopOnExit);
    child.once('exit', () => process.off('exit', stopOnExit));
    if (!args.includes('--check')) await this.waitFor(/bridge started/, 15_000, from);
  }

  /** Waits until the output matches `pattern` (from `from`, a length of `output` read before); throws with the output after `ms`. */
  async waitFor(pattern: RegExp, ms = 15_000, from = 0): Promise<void> {
    const until = Date.now() + ms;
    while (!pattern.test(this.#output.slice(from))) {
      if (Date.now() > until) throw new Error(`the bridge never said ${pattern}; it said:\n${this.#output}`);
      if (this.#child?.exitCode != null) throw new Error(`the bridge exited (${this.#child.exitCode}):\n${this.#output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Resolves with the exit code once the process ends by itself (for `--check`). */
  exited(): Promise<number | null> {
    const child = this.#child;
    if (!child || child.exitCode !== null) return Promise.resolve(child?.exitCode ?? null);
    return new Promise((r) => child.once('exit', (code) => r(code)));
  }

  async kill(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
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
    await this.kill();
    await rm(this.dir, { recursive: true, force: true });
  }
}
