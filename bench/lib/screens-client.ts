import { fork, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { FromScreens, Receipt, ToScreens } from '../processes/screens.ts';

/** The parent's handle on the screens process (bench/processes/screens.ts). */
export class ScreensProcess {
  readonly #child: ChildProcess;

  private constructor(child: ChildProcess) {
    this.#child = child;
  }

  static async start(url: string, tokens: string[]): Promise<{ screens: ScreensProcess; connected: number }> {
    const child = fork(resolve(import.meta.dirname, '../processes/screens.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const screens = new ScreensProcess(child);
    const reply = await screens.#ask({ start: { url, tokens } });
    if ('error' in reply) throw new Error(`screens process: ${reply.error}`);
    if (!('ready' in reply)) throw new Error('screens process: unexpected reply');
    return { screens, connected: reply.ready };
  }

  #ask(message: ToScreens): Promise<FromScreens> {
    return new Promise((resolve, reject) => {
      this.#child.once('message', (m) => resolve(m as FromScreens));
      this.#child.once('exit', (code) => reject(new Error(`screens process exited (${code})`)));
      this.#child.send(message);
    });
  }

  /** Receipts per broadcast since the last call. */
  async collect(): Promise<Map<string, Receipt>> {
    const reply = await this.#ask({ collect: true });
    if (!('receipts' in reply)) throw new Error('screens process: unexpected reply');
    return new Map(reply.receipts.map((r) => [r.key, r]));
  }

  async stop(): Promise<void> {
    if (this.#child.exitCode !== null) return;
    const gone = new Promise((r) => this.#child.once('exit', r));
    this.#child.send({ stop: true });
    await gone;
  }
}
