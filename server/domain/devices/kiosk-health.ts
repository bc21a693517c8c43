/**
 * What the hub knows of each kiosk beyond its socket: when it was last seen and how many
 * check-ins wait in its offline queue. Kept in memory: it is only worth anything while fresh, and
 * a kiosk reports again on its next connect.
 */
export class KioskHealth {
  readonly #seen = new Map<string, { at: number; queued: number | null; notKept: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A sign of life: the kiosk connected or went away just now. Its last queue length stands. */
  seen(kioskId: string): void {
    const last = this.#seen.get(kioskId);
    this.#seen.set(kioskId, { at: this.now(), queued: last?.queued ?? null, notKept: last?.notKept ?? 0 });
  }

  /** `notKept`: check-ins the kiosk's storage refused since its page loaded (it keeps the largest seen). */
  reported(kioskId: string, queued: number, notKept = 0): void {
    const last = this.#seen.get(kioskId);
    this.#seen.set(kioskId, { at: this.now(), queued, notKept: Math.max(notKept, last?.notKept ?? 0) });
  }

  of(kioskId: string): { lastSeenAt: number | null; queued: number | null; notKept: number } {
    const last = this.#seen.get(kioskId);
    return { lastSeenAt: last?.at ?? null, queued: last?.queued ?? null, notKept: last?.notKept ?? 0 };
  }

  forget(kioskId: string): void {
    this.#seen.delete(kioskId);
  }
}
