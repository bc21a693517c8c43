import { resolve, sep } from 'node:path';

/**
 * A gate every write into one mall's data folder passes: file rewrites (DurableJsonFile), journal
 * appends and deletions, dropped log days (DailyLog.dropBefore), media files. A new way of writing
 * or deleting a file in the folder must pass it too (gatedWrite), or a backup may catch it half done. `exclusive(fn)` closes it, waits for the writes already
 * under way, runs `fn` and opens it again; writes asked for meanwhile wait. While `fn` runs the
 * folder holds exactly the writes that had finished — the state a crash at that instant would
 * leave, which the hub is built to start from (DESIGN.md rule 7). A backup is taken there.
 *
 * A write holds the gate only for its own file operations, never while waiting for another
 * write, so `exclusive` cannot deadlock with them.
 */
export class WriteGate {
  #inFlight = 0;
  #closed: Promise<void> | null = null;
  #drained: (() => void) | null = null;

  /** Waits while the gate is closed, then counts a write in; call the returned function when it is done. */
  async enter(): Promise<() => void> {
    while (this.#closed) await this.#closed;
    this.#inFlight++;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.#inFlight--;
      if (this.#inFlight === 0) this.#drained?.();
    };
  }

  /** Runs `write` inside the gate. */
  async run<T>(write: () => Promise<T>): Promise<T> {
    const leave = await this.enter();
    try {
      return await write();
    } finally {
      leave();
    }
  }

  /**
   * Closes the gate, waits until no write is under way, runs `fn`, opens the gate. Calls made
   * while one runs wait for it and take their turn.
   */
  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    while (this.#closed) await this.#closed;
    let open!: () => void;
    this.#closed = new Promise<void>((r) => (open = r));
    try {
      if (this.#inFlight > 0) await new Promise<void>((r) => (this.#drained = r));
      this.#drained = null;
      return await fn();
    } finally {
      this.#closed = null;
      open();
    }
  }

  /** Writes under way now (for tests). */
  get inFlight(): number {
    return this.#inFlight;
  }
}

// One gate per open data folder, found by path, so every writer under the folder uses it without
// each storage class being handed one.
const gates = new Map<string, WriteGate>();

/** The gate of the data folder `dir`, made on first use. */
export function gateFor(dir: string): WriteGate {
  const key = resolve(dir);
  let gate = gates.get(key);
  if (!gate) gates.set(key, (gate = new WriteGate()));
  return gate;
}

/** Drops the gate of a data folder closed for good (MallStore.close). */
export function forgetGate(dir: string): void {
  gates.delete(resolve(dir));
}

/** The gate of the data folder holding `file`, if one was made for it (see gateFor). */
export function gateOf(file: string): WriteGate | undefined {
  if (gates.size === 0) return undefined;
  const path = resolve(file);
  for (const [dir, gate] of gates) if (path.startsWith(dir + sep)) return gate;
  return undefined;
}

/** Runs a write to `file` inside its folder's gate, or at once when the folder has none. */
export function gatedWrite<T>(file: string, write: () => Promise<T>): Promise<T> {
  const gate = gateOf(file);
  return gate ? gate.run(write) : write();
}
