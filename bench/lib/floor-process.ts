import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FromFloor, ToFloor } from '../processes/floor-server.ts';

/** The parent's handle on the bare Socket.io server (bench/processes/floor-server.ts). */
export class FloorProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  /** Starts it; `dir` is where its one journal file goes (the same disk as the hub's data). */
  static async start(dir: string): Promise<FloorProcess> {
    const child = fork(resolve(import.meta.dirname, '../processes/floor-server.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const reply = await ask(child, { start: { dir } });
    if (!('ready' in reply)) {
      child.kill();
      throw new Error(`floor server: ${'error' in reply ? reply.error : 'unexpected reply'}`);
    }
    return new FloorProcess(child, reply.ready.url);
  }

  /** Broadcasts a presence update to every socket each `ms`, until untick(). */
  async tick(ms: number, k: number, zones: string[]): Promise<void> {
    await ask(this.child, { tick: { ms, k, zones } });
  }

  untick(): void {
    this.child.send({ untick: true } satisfies ToFloor);
  }

  /** CPU time the floor has used (user + system), ms. */
  cpuMs(): number {
    return cpuMsOf(this.child.pid!);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const gone = new Promise((r) => this.child.once('exit', r));
    this.child.send({ stop: true } satisfies ToFloor);
    await gone;
  }
}

function ask(child: ChildProcess, message: ToFloor): Promise<FromFloor> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`floor server exited (${code})`));
    child.once('exit', onExit);
    child.once('message', (m) => {
      child.off('exit', onExit);
      resolve(m as FromFloor);
    });
    child.send(message);
  });
}

/** Fields 14 and 15 of /proc/<pid>/stat (after the command name in parentheses), in 1/100 s → ms. */
export function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
