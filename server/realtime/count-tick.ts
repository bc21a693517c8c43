/**
 * When count changes go out. A burst of changes becomes one send per tick, but a change after a
 * quiet spell does not wait for a tick to pass: it goes out at once, and only changes arriving
 * within a tick of the end of the last send wait for the rest of that tick. So a lone check-in
 * reaches the screens without delay, and under load no change waits more than one tick.
 *
 * "At once" is after the current round of I/O (setImmediate): the check-in that caused the change
 * has its ack sent first, and changes made in the same round share the send.
 */
export interface CountTick {
  changed(): void;
  stop(): void;
}

export function countTick(tickMs: number, send: () => void): CountTick {
  let cancel: (() => void) | null = null;
  let lastSent = -Infinity;
  const fire = () => {
    cancel = null;
    send();
    // From the end of the send: a push to hundreds of screens takes the hub's event loop for some
    // milliseconds, and the tick is the free time between two pushes, as it was with a plain timer.
    lastSent = performance.now();
  };
  return {
    changed() {
      if (cancel) return;
      const wait = lastSent + tickMs - performance.now();
      if (wait <= 0) {
        const t = setImmediate(fire);
        cancel = () => clearImmediate(t);
      } else {
        const t = setTimeout(fire, wait);
        cancel = () => clearTimeout(t);
      }
    },
    stop() {
      cancel?.();
      cancel = null;
    },
  };
}
