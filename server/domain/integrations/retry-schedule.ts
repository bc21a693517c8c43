/** What a delivery retried with backoff keeps: webhooks' and offer emails' logs both have these. */
export interface RetriedDelivery {
  id: string;
  status: string;
  attempts: number;
  lastError: string | null;
  updatedAt: string;
  nextAttemptAt: string | null;
}

/**
 * Timers for a log of deliveries tried again after the waits in `retrySeconds`, one timer per
 * pending delivery; its state lives in the delivery record, so pending ones resume after a restart.
 */
export class RetrySchedule<D extends RetriedDelivery> {
  readonly #timers = new Map<string, NodeJS.Timeout>();
  #stopped = false;

  constructor(
    private readonly retrySeconds: readonly number[],
    private readonly attempt: (id: string) => Promise<void>,
  ) {}

  /** Adds a delivery to its log, dropping the oldest finished one beyond `keep` entries. */
  static append<D extends { status: string }>(all: D[], d: D, keep: number): void {
    all.push(d);
    if (all.length > keep) {
      const drop = all.findIndex((x) => x.status !== 'pending');
      if (drop >= 0) all.splice(drop, 1);
    }
  }

  /**
   * Removes from the log, in place, finished deliveries (not pending) last changed before
   * `before`; pending ones stay whatever their age. Returns how many went.
   */
  static dropFinished<D extends { status: string; updatedAt: string }>(all: D[], before: Date): number {
    const cut = before.toISOString();
    const kept = all.filter((d) => d.status === 'pending' || d.updatedAt >= cut);
    const dropped = all.length - kept.length;
    if (dropped) all.splice(0, all.length, ...kept);
    return dropped;
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  /** Deliveries waiting for their next try (timers set); one being tried right now is not counted. */
  get waiting(): number {
    return this.#timers.size;
  }

  /** Picks up the deliveries left pending by the last run. */
  resume(all: readonly D[]): void {
    for (const d of all) if (d.status === 'pending') this.schedule(d);
  }

  /** Tries the delivery at its `nextAttemptAt` (now if that has passed). */
  schedule(d: D): void {
    if (this.#stopped) return;
    const wait = Math.max(0, Date.parse(d.nextAttemptAt ?? d.updatedAt) - Date.now());
    const timer = setTimeout(() => {
      this.#timers.delete(d.id);
      void this.attempt(d.id);
    }, wait);
    timer.unref();
    this.#timers.set(d.id, timer);
  }

  /** After a failed try: schedules the next one, or says there is none left (false). */
  next(d: D): boolean {
    const wait = this.retrySeconds[d.attempts - 1];
    if (wait === undefined) return false;
    d.updatedAt = new Date().toISOString();
    d.nextAttemptAt = new Date(Date.now() + wait * 1000).toISOString();
    this.schedule(d);
    return true;
  }

  /** Ends a delivery with its final status; no more tries. */
  settle(d: D, status: D['status'], error?: string): void {
    d.status = status;
    if (error) d.lastError = error;
    d.updatedAt = new Date().toISOString();
    d.nextAttemptAt = null;
    const timer = this.#timers.get(d.id);
    if (timer) clearTimeout(timer);
    this.#timers.delete(d.id);
  }

  stop(): void {
    this.#stopped = true;
    for (const t of this.#timers.values()) clearTimeout(t);
    this.#timers.clear();
  }
}
