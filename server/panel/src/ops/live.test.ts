import { describe, expect, it } from 'vitest';
import type { OpsUpdate } from '#shared/schemas/ops.ts';
import { LiveBoard } from './live.svelte.ts';

const empty = (): OpsUpdate => ({ at: new Date().toISOString(), full: true, screens: [], kiosks: [], removed: [] });

/**
 * Right after set-up and the first sign-in the Today tab said "Live updates paused" though
 * nothing was wrong: the board loads over HTTP while the socket's first connection is still
 * opening, and "not connected yet" was read as "down".
 */
describe('the live board says it is paused only once the socket has gone down', () => {
  it('loaded over HTTP before the first connect: not paused', () => {
    const board = new LiveBoard();
    board.apply(empty());
    expect(board.loaded).toBe(true);
    expect(board.down).toBe(false);
  });

  it('down after a drop or a refused connect, and not once it is back', () => {
    const board = new LiveBoard();
    board.apply(empty());
    board.socketUp();
    board.socketDown();
    expect(board.down).toBe(true);
    board.socketUp();
    expect(board.down).toBe(false);
    board.stop();
  });
});
