/**
 * When count changes go out. A change after a quiet spell (no push for a whole tick) goes out at
 * once; a change soon after a push starts the tick, and everything that changes during it goes
 * out in one push at its end. So a lone check-in reaches the screens without waiting, while under
 * load pushes come no more often than before: at most one per tick after the first change.
 *
 * (Pushing at the end of the remainder of a tick measured from the last push instead was tried:
 * under 100 check-ins/s it made ~30% more pushes, as check-ins finish in clumps after each group
 * commit, and a hub already short of CPU fell behind. The tick is what bounds the fan-out's cost.)
 *
 * "At once" is after the current round of I/O (setImmediate): the check-in that caused the change
 * has its ack sent first, and changes made in the same round share the push.
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
    lastSent = performance.now();
  };
  return {
    changed() {
      if (cancel) return;
      if (performance.now() - lastSent >= tickMs) {
        const t = setImmediate(fire);
        cancel = () => clearImmediate(t);
      } else {
        const t = setTimeout(fire, tickMs);
        cancel = () => clearTimeout(t);
      }
    },
    stop() {
      cancel?.();
      cancel = null;
    },
  };
}
