/*
 * Every form in the panel sends its request once per press: a double click, or Enter pressed
 * twice, while the hub has not answered yet would otherwise send it twice (two promotions, two
 * invitations, a pairing code spent by the first and refused to the second).
 */

/** Forms whose submit is under way. Kept by form, not by wrapper: Svelte may call `submitOnce(h)` afresh for each event. */
const inFlight = new WeakSet<EventTarget>();

/** Marks the form busy for assistive tech and for base.css (its submit button shows it is waiting). */
function mark(form: EventTarget, busy: boolean): void {
  if (typeof (form as Element).toggleAttribute === 'function') (form as Element).toggleAttribute('aria-busy', busy);
}

/**
 * Wraps a form's submit handler so a second submit of the same form, while the first one's
 * answer is awaited, is ignored (its default is still prevented, so the page never reloads).
 * The handler runs at once, in the event, so it may call `e.preventDefault()` itself; when it
 * returns a promise, the form is in flight until that settles (either way).
 *   <form onsubmit={submitOnce(save)}>   // save: (e: SubmitEvent) => Promise<void>
 * @returns the wrapped handler; it reports whether this submit ran (false: ignored as a repeat).
 */
export function submitOnce<E extends Event>(handler: (e: E) => unknown): (e: E) => boolean {
  return (e) => {
    const form = e.currentTarget;
    if (!form) {
      handler(e);
      return true;
    }
    if (inFlight.has(form)) {
      e.preventDefault();
      return false;
    }
    let result: unknown;
    inFlight.add(form);
    mark(form, true);
    const done = () => {
      inFlight.delete(form);
      mark(form, false);
    };
    try {
      result = handler(e);
    } catch (err) {
      done();
      throw err;
    }
    if (result instanceof Promise) result.then(done, done);
    else done();
    return true;
  };
}
