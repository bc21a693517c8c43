/**
 * What the hub knows of each kiosk beyond its socket: when it was last seen and how many
 * check-ins wait in its offline queue. Kept in memory: it is only worth anything while fresh, and
 * a kiosk reports again on its next connect.
 */
export class KioskHealth {
  readonly #seen = new Map<string, { at: number; queued: number | null; notKept: number; build: string | null }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A sign of life: the kiosk connected or went away just now. Its last queue length stands. */
  seen(kioskId: string): void {
    const last = this.#seen.get(kioskId);
    this.#seen.set(kioskId, { at: this.now(), queued: last?.queued ?? null, notKept: last?.notKept ?? 0, build: last?.build ?? null });
  }

  /**
   * The kiosk's report: its offline queue's length, `notKept` (check-ins its storage refused since
   * its page loaded; the largest seen is kept) and, from newer kiosks, its build.
   */
  reported(kioskId: string, queued: number, notKept = 0, build?: string): void {
    const last = this.#seen.get(kioskId);
    this.#seen.set(kioskId, { at: this.now(), queued, notKept: Math.max(notKept, last?.notKept ?? 0), build: build ?? last?.build ?? null });
  }

  of(kioskId: string): { lastSeenAt: number | null; queued: number | null; notKept: number; build: string | null } {
    const last = this.#seen.get(kioskId);
    return { lastSeenAt: last?.at ?? null, queued: last?.queued ?? null, notKept: last?.notKept ?? 0, build: last?.build ?? null };
  }

  forget(kioskId: string): void {
    this.#seen.delete(kioskId);
  }
}
