/**
 * What the hub knows of each kiosk beyond its socket: when it was last seen and how many
 * check-ins wait in its offline queue. Kept in memory: it is only worth anything while fresh, and
 * a kiosk reports again on its next connect.
 */
export class KioskHealth {
  readonly #seen = new Map<string, { at: number; queued: number | null; build: string | null }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A sign of life: the kiosk connected or went away just now. Its last queue length stands. */
  seen(kioskId: string): void {
    const last = this.#seen.get(kioskId);
    this.#seen.set(kioskId, { at: this.now(), queued: last?.queued ?? null, build: last?.build ?? null });
  }

  /** The kiosk's report: its offline queue's length and, from newer kiosks, its build. */
  reported(kioskId: string, queued: number, build?: string): void {
    const last = this.#seen.get(kioskId);
    this.#seen.set(kioskId, { at: this.now(), queued, build: build ?? last?.build ?? null });
  }

  of(kioskId: string): { lastSeenAt: number | null; queued: number | null; build: string | null } {
    const last = this.#seen.get(kioskId);
    return { lastSeenAt: last?.at ?? null, queued: last?.queued ?? null, build: last?.build ?? null };
  }

  forget(kioskId: string): void {
    this.#seen.delete(kioskId);
  }
}
