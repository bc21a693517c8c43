import { describe, expect, it } from 'vitest';
import { submitOnce } from './submit-once.ts';

/** A form stand-in: a real EventTarget, as the browser's form is, with a real submit event. */
const submit = (form: EventTarget) => {
  const e = new Event('submit', { cancelable: true });
  form.dispatchEvent(e);
  return e;
};

const deferred = () => {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
};

describe('submitOnce', () => {
  it('ignores a second submit of the same form while the first is awaited, then takes the next', async () => {
    const form = new EventTarget();
    const answers = [deferred(), deferred()];
    let sent = 0;
    // Wrapped afresh for each event, as Svelte may do with `onsubmit={submitOnce(save)}`.
    form.addEventListener('submit', (e) =>
      submitOnce(() => answers[sent++].promise)(e),
    );
    submit(form);
    const repeat = submit(form);
    expect(sent).toBe(1);
    expect(repeat.defaultPrevented).toBe(true);
    answers[0].resolve();
    await answers[0].promise;
    await Promise.resolve();
    submit(form);
    expect(sent).toBe(2);
  });

  it('frees the form after a refusal too, and keeps other forms apart', async () => {
    const [a, b] = [new EventTarget(), new EventTarget()];
    const answer = deferred();
    let sent = 0;
    const handler = submitOnce(() => {
      sent++;
      return answer.promise;
    });
    a.addEventListener('submit', handler);
    b.addEventListener('submit', handler);
    submit(a);
    submit(b);
    expect(sent).toBe(2);
    submit(a);
    expect(sent).toBe(2);
    answer.reject(new Error('refused'));
    await answer.promise.catch(() => undefined);
    await Promise.resolve();
    submit(a);
    expect(sent).toBe(3);
  });

  it('lets a handler that answers at once run every time', () => {
    const form = new EventTarget();
    let sent = 0;
    form.addEventListener('submit', submitOnce(() => void sent++));
    submit(form);
    submit(form);
    expect(sent).toBe(2);
  });
});
