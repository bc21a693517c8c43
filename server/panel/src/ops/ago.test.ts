import { describe, expect, it } from 'vitest';
import { ago } from './ago.ts';

const at = '2026-03-14T10:00:00.000Z';
const later = (ms: number) => Date.parse(at) + ms;

describe('ago', () => {
  it('counts seconds up to a minute and a half, then minutes, then hours', () => {
    expect(ago(at, later(0))).toBe('0 s ago');
    expect(ago(at, later(12_400))).toBe('12 s ago');
    expect(ago(at, later(89_000))).toBe('89 s ago');
    expect(ago(at, later(90_000))).toBe('2 min ago');
    expect(ago(at, later(45 * 60_000))).toBe('45 min ago');
    expect(ago(at, later(89 * 60_000))).toBe('89 min ago');
    expect(ago(at, later(90 * 60_000))).toBe('2 h ago');
    expect(ago(at, later(26 * 3_600_000))).toBe('26 h ago');
  });

  it('says 0 s for a time a little ahead of now, as when two clocks disagree by a moment', () => {
    expect(ago(at, later(-3_000))).toBe('0 s ago');
  });

  it('reads times stamped with an offset the same as in UTC', () => {
    expect(ago('2026-03-14T11:00:00.000+01:00', later(30_000))).toBe('30 s ago');
  });
});
