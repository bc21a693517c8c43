import { outsideAuditedAction } from './carried-audit.ts';

/**
 * Runs a task on request so that runs never overlap, and every request made while a run waits to
 * start shares that run. With `gather`, a run waits one turn of the event loop before starting, so
 * everything asked for in the same turn goes into one write.
 */
export class Coalesced {
  #running: Promise<void> | null = null;
  #queued: Promise<void> | null = null;

  constructor(
    private readonly task: () => Promise<void>,
    private readonly gather: boolean,
  ) {}

  /** Resolves once a run that started after this call has finished. */
  request(): Promise<void> {
    if (this.#queued) return this.#queued;
    const after = this.#running ? this.#running.catch(() => undefined) : Promise.resolve();
    const queued = after
      .then(() => (this.gather ? new Promise<void>((resolve) => setImmediate(resolve)) : undefined))
      .then(() => {
        this.#queued = null;
        // Outside the first caller's audited action (carried-audit.ts): the run serves every caller.
        const run = outsideAuditedAction(() => this.task()).finally(() => {
          if (this.#running === run) this.#running = null;
        });
        this.#running = run;
        return run;
      });
    this.#queued = queued;
    return queued;
  }

  /** A run is waiting to start. */
  get queued(): boolean {
    return this.#queued !== null;
  }

  /** The run under way, if any. */
  get running(): Promise<void> | null {
    return this.#running;
  }

  get idle(): boolean {
    return !this.#queued && !this.#running;
  }

  /** Waits until nothing is running or waiting, including runs requested meanwhile. */
  async settled(): Promise<void> {
    while (this.#queued || this.#running) await (this.#queued ?? this.#running)?.catch(() => undefined);
  }
}
