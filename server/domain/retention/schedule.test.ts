import { describe, expect, it } from 'vitest';
import { isDue, monthsBack } from './schedule.ts';

const TZ = 'Europe/Warsaw';
// 2026-11-30 in Warsaw is UTC+1: local 03:30 is 02:30Z.
const at = (iso: string) => new Date(iso);

describe('when the daily retention run is due, on the mall clock', () => {
  it('runs from 03:30 local time, once a day', () => {
    expect(isDue('2026-11-29', at('2026-11-30T02:29:00Z'), TZ)).toBe(false);
    expect(isDue('2026-11-29', at('2026-11-30T02:30:00Z'), TZ)).toBe(true);
    expect(isDue('2026-11-30', at('2026-11-30T12:00:00Z'), TZ)).toBe(false);
    // 23:30Z on the 30th is already 1 December in Warsaw, before 03:30 there.
    expect(isDue('2026-11-30', at('2026-11-30T23:30:00Z'), TZ)).toBe(false);
  });

  it('catches up at once, whatever the hour, when a day was missed', () => {
    expect(isDue('2026-11-27', at('2026-11-30T00:10:00Z'), TZ)).toBe(true);
    expect(isDue('2026-11-28', at('2026-11-30T00:10:00Z'), TZ)).toBe(true);
    // Yesterday's ran: today's waits for 03:30.
    expect(isDue('2026-11-29', at('2026-11-30T00:10:00Z'), TZ)).toBe(false);
  });

  it('on a data folder where it never ran, waits for the first 03:30', () => {
    expect(isDue(undefined, at('2026-11-30T01:00:00Z'), TZ)).toBe(false);
    expect(isDue(undefined, at('2026-11-30T03:00:00Z'), TZ)).toBe(true);
  });

  it('follows the mall clock across a change to summer time', () => {
    // 29 March 2026: Warsaw moves to UTC+2, so 03:30 local is 01:30Z.
    expect(isDue('2026-03-28', at('2026-03-29T01:29:00Z'), TZ)).toBe(false);
    expect(isDue('2026-03-28', at('2026-03-29T01:30:00Z'), TZ)).toBe(true);
  });
});

describe('periods counted back in calendar months', () => {
  it('keeps the time and day of month, clamping to the last day of a shorter month', () => {
    expect(monthsBack(at('2026-11-30T10:00:00Z'), 24).toISOString()).toBe('2024-11-30T10:00:00.000Z');
    expect(monthsBack(at('2026-03-31T10:00:00Z'), 1).toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(monthsBack(at('2028-03-31T00:00:00Z'), 1).toISOString()).toBe('2028-02-29T00:00:00.000Z');
    expect(monthsBack(at('2026-01-15T00:00:00Z'), 25).toISOString()).toBe('2023-12-15T00:00:00.000Z');
    expect(monthsBack(at('2026-11-30T00:00:00Z'), -3).toISOString()).toBe('2027-02-28T00:00:00.000Z');
  });
});
