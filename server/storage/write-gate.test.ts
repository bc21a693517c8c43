import { describe, expect, it } from 'vitest';
import { WriteGate } from './write-gate.ts';

/** A promise and the function that settles it, to hold a write open as long as a test wants. */
const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe('write gate', () => {
  it('waits for the writes under way, holds back new ones while closed, and lets them through after', async () => {
    const gate = new WriteGate();
    const order: string[] = [];
    const slow = deferred();
    const first = gate.run(async () => {
      order.push('first starts');
      await slow.promise;
      order.push('first ends');
    });
    await Promise.resolve();
    await Promise.resolve();
    expect(gate.inFlight).toBe(1);

    const snapshot = gate.exclusive(async () => {
      order.push('snapshot');
      expect(gate.inFlight).toBe(0);
    });
    // Asked for after the gate closed: must wait for the snapshot.
    const second = gate.run(async () => void order.push('second'));
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual(['first starts']);

    slow.resolve();
    await Promise.all([first, snapshot, second]);
    expect(order).toEqual(['first starts', 'first ends', 'snapshot', 'second']);
    expect(gate.inFlight).toBe(0);
  });

  it('opens again when the exclusive task fails', async () => {
    const gate = new WriteGate();
    await expect(gate.exclusive(async () => Promise.reject(new Error('disk full')))).rejects.toThrow('disk full');
    await expect(gate.run(async () => 'written')).resolves.toBe('written');
  });

  it('runs two exclusive tasks one after the other', async () => {
    const gate = new WriteGate();
    const order: string[] = [];
    const hold = deferred();
    const a = gate.exclusive(async () => {
      order.push('a starts');
      await hold.promise;
      order.push('a ends');
    });
    const b = gate.exclusive(async () => void order.push('b'));
    await new Promise((r) => setImmediate(r));
    hold.resolve();
    await Promise.all([a, b]);
    expect(order).toEqual(['a starts', 'a ends', 'b']);
  });
});
