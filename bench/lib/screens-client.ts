import { fork, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { FromScreens, Receipt, ScreenSpec, ToScreens } from '../processes/screens.ts';
import { processCpuMs } from '#server/testing/cluster.ts';

/** The parent's handle on one screens process (bench/processes/screens.ts). */
export class ScreensProcess {
  readonly #child: ChildProcess;

  private constructor(child: ChildProcess) {
    this.#child = child;
  }

  /** CPU time this client process has used so far, ms. */
  cpuMs(): number {
    return this.#child.pid ? processCpuMs(this.#child.pid) : 0;
  }

  static async start(url: string, screens: ScreenSpec[]): Promise<{ screens: ScreensProcess; connected: number }> {
    const child = fork(resolve(import.meta.dirname, '../processes/screens.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const process = new ScreensProcess(child);
    const reply = await process.#ask({ start: { url, screens } });
    if ('error' in reply) {
      await process.stop();
      throw new Error(`screens process: ${reply.error}`);
    }
    if (!('ready' in reply)) throw new Error('screens process: unexpected reply');
    return { screens: process, connected: reply.ready };
  }

  #ask(message: ToScreens): Promise<FromScreens> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`screens process exited (${code})`));
      this.#child.once('exit', onExit);
      this.#child.once('message', (m) => {
        this.#child.off('exit', onExit);
        resolve(m as FromScreens);
      });
      this.#child.send(message);
    });
  }

  /** Receipts per broadcast since the last call. */
  async collect(): Promise<{ receipts: Receipt[]; events: Record<string, number> }> {
    const reply = await this.#ask({ collect: true });
    if (!('receipts' in reply)) throw new Error('screens process: unexpected reply');
    return reply;
  }

  async stop(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    const gone = new Promise((r) => this.#child.once('exit', r));
    this.#child.send({ stop: true });
    await gone;
  }
}

/**
 * Screen sockets spread over `processes` client processes (round robin), so the clients use both
 * cores as the hub's real screens would be many machines: receipts are merged per broadcast.
 */
export class ScreenFleet {
  private constructor(private readonly processes: ScreensProcess[]) {}


  static async start(url: string, screens: readonly ScreenSpec[], processes: number): Promise<{ fleet: ScreenFleet; connected: number }> {
    const parts = Array.from({ length: processes }, (_, p) => screens.filter((_, i) => i % processes === p));
    const started = await Promise.allSettled(parts.map((part) => ScreensProcess.start(url, part)));
    const ok = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const fleet = new ScreenFleet(ok.map((s) => s.screens));
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) {
      await fleet.stop();
      throw (failed as PromiseRejectedResult).reason;
    }
    return { fleet, connected: ok.reduce((n, s) => n + s.connected, 0) };
  }

  /** CPU time the client processes have used so far, ms, all together. */
  cpuMs(): number {
    return this.processes.reduce((n, p) => n + p.cpuMs(), 0);
  }

  /** Messages the screens received since the last collect, by event (set by collect). */
  events: Record<string, number> = {};

  /** Receipts per broadcast and scope since the last call, over every process: counts added, first/last the earliest/latest. */
  async collect(): Promise<Map<string, Receipt>> {
    const merged = new Map<string, Receipt>();
    this.events = {};
    for (const { receipts: list, events } of await Promise.all(this.processes.map((p) => p.collect()))) {
      for (const [e, n] of Object.entries(events)) this.events[e] = (this.events[e] ?? 0) + n;
      for (const r of list) {
        const m = merged.get(r.key);
        if (!m) merged.set(r.key, { ...r });
        else {
          m.count += r.count;
          m.first = Math.min(m.first, r.first);
          m.last = Math.max(m.last, r.last);
        }
      }
    }
    return merged;
  }

  async stop(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.stop()));
  }
}
