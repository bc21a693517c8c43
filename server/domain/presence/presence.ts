import type { DomainBus } from '../core/bus.ts';

interface Here {
  until: number;
  zoneId: string;
  /** The count keys this shopper adds to (empty without analytics consent). */
  keys: readonly string[];
}

export interface PresenceCounts {
  mall: ReadonlyMap<string, number>;
  zones: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

/**
 * Who is in the mall now: a shopper counts for `presenceMinutes` after a check-in. Counts are kept
 * per key (a segment id, or 'all') mall-wide and per zone, and changed one shopper at a time on
 * each check-in, consent change, erasure and expiry — never by rescanning everyone.
 */
export class Presence {
  // Re-inserting on every check-in keeps this Map ordered by expiry, so expiry reads from the front.
  readonly #here = new Map<string, Here>();
  readonly #mall = new Map<string, number>();
  readonly #zones = new Map<string, Map<string, number>>();
  #timer: NodeJS.Timeout | null = null;
  #latestUntil = 0;
  /** Set when a replayed (older) check-in was added behind newer ones: the next sweep reads all. */
  #outOfOrder = false;

  constructor(
    private readonly windowMs: number,
    private readonly bus: DomainBus,
    private readonly now: () => number = Date.now,
  ) {}

  start(sweepMs = 5_000): void {
    this.#timer ??= setInterval(() => this.expire(), sweepMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  get size(): number {
    return this.#here.size;
  }

  /** Who is here now, for the rare whole-crowd question (an operator trying a draft segment). */
  presentIds(): IterableIterator<string> {
    return this.#here.keys();
  }

  /** The zone a present shopper last checked in at. */
  zoneOf(shopperId: string): string | null {
    return this.#here.get(shopperId)?.zoneId ?? null;
  }

  isHere(shopperId: string): boolean {
    return this.#here.has(shopperId);
  }

  counts(): PresenceCounts {
    return { mall: this.#mall, zones: this.#zones };
  }

  /** A check-in at `at`; returns false (and changes nothing) if it is already outside the window. */
  arrive(shopperId: string, zoneId: string, at: number, keys: readonly string[]): boolean {
    const until = at + this.windowMs;
    if (until <= this.now()) return false;
    const before = this.#here.get(shopperId);
    if (before && before.until > until) return false;
    if (before) this.#remove(shopperId, before);
    if (until < this.#latestUntil) this.#outOfOrder = true;
    else this.#latestUntil = until;
    const here = { until, zoneId, keys };
    this.#here.set(shopperId, here);
    this.#add(here, 1);
    this.bus.emit('presence.changed');
    return true;
  }

  /** The shopper's keys changed (consent, profile): move their contribution, keep their stay. */
  update(shopperId: string, keys: readonly string[]): void {
    const before = this.#here.get(shopperId);
    if (!before) return;
    this.#add(before, -1);
    before.keys = keys;
    this.#add(before, 1);
    this.bus.emit('presence.changed');
  }

  /** Every present shopper's keys again (after an operator defines a segment): rare, so a scan of who is here is fine. */
  rekeyAll(keysOf: (shopperId: string) => readonly string[] | null): void {
    for (const [id, here] of this.#here) {
      const keys = keysOf(id);
      if (!keys) continue;
      this.#add(here, -1);
      here.keys = keys;
      this.#add(here, 1);
    }
    this.bus.emit('presence.changed');
  }

  leave(shopperId: string): void {
    const before = this.#here.get(shopperId);
    if (!before) return;
    this.#remove(shopperId, before);
    this.bus.emit('presence.changed');
  }

  expire(): void {
    const now = this.now();
    let changed = false;
    // After a replay, read everyone, and keep doing so until those left are in expiry order again.
    const scanAll = this.#outOfOrder;
    let inOrder = true;
    let latest = -Infinity;
    for (const [id, here] of this.#here) {
      if (here.until > now) {
        if (!scanAll) break;
        if (here.until < latest) inOrder = false;
        else latest = here.until;
        continue;
      }
      this.#remove(id, here);
      changed = true;
    }
    if (scanAll) this.#outOfOrder = !inOrder;
    if (changed) this.bus.emit('presence.changed');
  }

  #remove(shopperId: string, here: Here): void {
    this.#here.delete(shopperId);
    this.#add(here, -1);
  }

  #add(here: Here, delta: 1 | -1): void {
    let zone = this.#zones.get(here.zoneId);
    if (!zone) this.#zones.set(here.zoneId, (zone = new Map()));
    for (const key of here.keys) {
      bump(this.#mall, key, delta);
      bump(zone, key, delta);
    }
  }
}

function bump(map: Map<string, number>, key: string, delta: number): void {
  const n = (map.get(key) ?? 0) + delta;
  if (n === 0) map.delete(key);
  else map.set(key, n);
}
