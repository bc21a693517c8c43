import { createSubscriber } from 'svelte/reactivity';

/** Often enough for "12 s ago" to count up; labels past 90 s change by the minute anyway. */
export const TICK_MS = 1000;

/**
 * The time now on the hub's clock, for "… ago" labels of times the hub stamped. The browser's
 * clock may be off from the hub's by minutes, so each message from the hub (its `at`) resets the
 * offset between the two; between messages the browser's clock carries the time forward.
 *
 * One clock serves every label: whatever reads `now` in a template or `$derived` re-renders once
 * a tick, from one timer that runs only while something reads it and the page is visible.
 */
export class HubClock {
  #offsetMs = $state(0);
  readonly #browserNow: () => number;
  readonly #subscribe = createSubscriber((update) => {
    let timer: ReturnType<typeof setInterval> | null = null;
    const follow = () => {
      if (timer) clearInterval(timer);
      timer = null;
      if (document.visibilityState !== 'visible') return;
      update();
      timer = setInterval(update, TICK_MS);
    };
    timer = document.visibilityState === 'visible' ? setInterval(update, TICK_MS) : null;
    document.addEventListener('visibilitychange', follow);
    return () => {
      if (timer) clearInterval(timer);
      document.removeEventListener('visibilitychange', follow);
    };
  });

  constructor(browserNow: () => number = Date.now) {
    this.#browserNow = browserNow;
  }

  /** A message stamped `hubAt` by the hub has just arrived. */
  heard(hubAt: string): void {
    const hub = Date.parse(hubAt);
    if (Number.isFinite(hub)) this.#offsetMs = hub - this.#browserNow();
  }

  /** How far the hub's clock is ahead of the browser's (negative: behind). */
  get offsetMs(): number {
    return this.#offsetMs;
  }

  /** Now on the hub's clock, in ms; reactive, and ticking while read on a visible page. */
  get now(): number {
    this.#subscribe();
    return this.#browserNow() + this.#offsetMs;
  }
}
