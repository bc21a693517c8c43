import { describe, expect, it } from 'vitest';
import { testHubForBlock } from '#server/testing/operator-hub.ts';

// Its own file: the pass lookup budget is per address for the whole process.
describe('pass lookups are bounded per address', () => {
  const hub = testHubForBlock();

  it('answers 429 once an address has guessed too many pass ids in a minute', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 250; i++) statuses.push((await hub().api(`/api/pass/${'A'.repeat(21)}${i % 10}`)).status);
    expect(statuses.slice(0, 200).every((s) => s === 404)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});
