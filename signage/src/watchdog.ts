import type { ScreenHeartbeat } from '#shared/schemas/screens.ts';
import { APP_BUILD } from '#shared/build.ts';
import { HEARTBEAT_MS } from '#shared/signage-limits.ts';

/** No frame painted for this long (while visible) means rendering is stuck. */
const STALL_MS = 30_000;
/** A screen runs for months: past this heap size a fresh page is cheaper than a slow leak. */
const HEAP_LIMIT_BYTES = 400 * 1024 * 1024;

interface Probe {
  currentItem: () => string | null;
  /** When the current slide should have ended; far past it means the player stopped advancing. */
  slideDueAt: () => number | null;
  beat: (b: ScreenHeartbeat) => void;
  reload: (why: string) => void;
}

/**
 * Keeps the screen honest: a heartbeat to the hub every few seconds, and a reload of the page
 * when painting stalls, the player stops advancing or the heap grows too large. The page comes
 * back from localStorage and the cache, so a reload never shows black.
 */
export class Watchdog {
  lastPaintAt = 0;
  /** When the frame asked for at the last check was requested, until it is painted. */
  #askedAt: number | null = null;
  #frame = 0;
  #timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly probe: Probe) {}

  start(): void {
    this.#askForFrame();
    this.#timer = setInterval(() => this.#check(), HEARTBEAT_MS);
  }

  stop(): void {
    cancelAnimationFrame(this.#frame);
    if (this.#timer) clearInterval(this.#timer);
  }

  /** One frame per check, not a loop at 60 fps: a screen runs all day and shares its machine. */
  #askForFrame(): void {
    if (this.#askedAt !== null) return;
    this.#askedAt = Date.now();
    this.#frame = requestAnimationFrame(() => {
      this.lastPaintAt = Date.now();
      this.#askedAt = null;
    });
  }

  /**
   * A heartbeat now, besides the regular ones: on connecting (so the panel shows the screen online
   * from the first moment, not a beat period later) and when the slide changes (so "showing now"
   * is never a slide behind).
   */
  beatNow(): void {
    this.probe.beat({
      uptimeMs: Math.round(performance.now()),
      heapUsedBytes: heapUsed(),
      currentItem: this.probe.currentItem(),
      lastPaintAt: this.lastPaintAt ? new Date(this.lastPaintAt).toISOString() : null,
      appVersion: APP_BUILD,
      viewport: { width: Math.max(1, Math.round(innerWidth)), height: Math.max(1, Math.round(innerHeight)) },
    });
  }

  #check(): void {
    const now = Date.now();
    const heap = heapUsed();
    this.beatNow();
    const visible = document.visibilityState === 'visible';
    const due = this.probe.slideDueAt();
    if (visible && this.#askedAt !== null && now - this.#askedAt > STALL_MS) this.probe.reload('rendering stalled');
    else if (visible && due !== null && now - due > STALL_MS) this.probe.reload('player stopped advancing');
    else if (heap !== null && heap > HEAP_LIMIT_BYTES) this.probe.reload('heap over limit');
    this.#askForFrame();
  }
}

/** Chromium's heap figure; null where the browser does not give it. */
const heapUsed = (): number | null => (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? null;
