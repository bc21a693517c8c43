import { describe, expect, it } from 'vitest';
import { periodProblem } from './period.ts';

describe('a report period the form cannot send', () => {
  it('names the date left out or half typed', () => {
    expect(periodProblem('', '2026-11-30')).toMatchObject({ field: 'from' });
    expect(periodProblem('2026-11-01', '')).toMatchObject({ field: 'to' });
    expect(periodProblem('', '')?.message).toContain('“From”');
  });

  it('leaves a whole period, even one that ends first, to the hub (which names "to")', () => {
    expect(periodProblem('2026-11-01', '2026-11-30')).toBeNull();
    expect(periodProblem('2026-11-30', '2026-11-01')).toBeNull();
  });
});
