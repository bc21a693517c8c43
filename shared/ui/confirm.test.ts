import { describe, expect, it } from 'vitest';
import { confirmAction, confirmQueue } from './confirm.svelte.ts';

describe('confirmAction', () => {
  it('shows one question at a time and resolves each with its own answer', async () => {
    const first = confirmAction({ message: 'Revoke Kiosk 1?', confirmLabel: 'Revoke' });
    const second = confirmAction({ message: 'Delete olga for good?', confirmLabel: 'Delete' });
    expect(confirmQueue.current?.message).toBe('Revoke Kiosk 1?');
    confirmQueue.answer(false);
    expect(await first).toBe(false);
    expect(confirmQueue.current?.message).toBe('Delete olga for good?');
    confirmQueue.answer(true);
    expect(await second).toBe(true);
    expect(confirmQueue.current).toBeNull();
  });

  it('ignores an answer when nothing is asked', () => {
    expect(() => confirmQueue.answer(true)).not.toThrow();
    expect(confirmQueue.current).toBeNull();
  });
});
