import { describe, expect, it } from 'vitest';
import { DEFAULT_OPENING_HOURS } from '#shared/schemas/setup.ts';
import { localClock } from '../signage/ranking.ts';
import { nextOpening } from './opening-hours.ts';

const inWarsaw = (d: Date) => localClock(d, 'Europe/Warsaw');

describe('the next opening on the mall clock', () => {
  it('is later today before opening, tomorrow after closing, and skips closed days', () => {
    // Monday 30 November 2026, 03:00 in Warsaw (UTC+1): opens at 09:00 today.
    expect(nextOpening(DEFAULT_OPENING_HOURS, new Date('2026-11-30T02:00:00Z'), inWarsaw)).toEqual({ at: new Date('2026-11-30T08:00:00Z'), daysAhead: 0 });
    // 22:30 Monday: opens 09:00 Tuesday.
    expect(nextOpening(DEFAULT_OPENING_HOURS, new Date('2026-11-30T21:30:00Z'), inWarsaw)).toEqual({ at: new Date('2026-12-01T08:00:00Z'), daysAhead: 1 });
    // Only Wednesday has hours: from Monday night that is two days ahead.
    const wednesdays = Array.from({ length: 7 }, (_, i) => (i === 2 ? [{ open: '10:00', close: '18:00' }] : []));
    expect(nextOpening(wednesdays, new Date('2026-11-30T21:30:00Z'), inWarsaw)).toEqual({ at: new Date('2026-12-02T09:00:00Z'), daysAhead: 2 });
    // No hours at all: no opening.
    expect(nextOpening(Array.from({ length: 7 }, () => []), new Date('2026-11-30T21:30:00Z'), inWarsaw)).toBeNull();
  });

  it('keeps to the local hour across a clock change', () => {
    // Saturday 28 March 2026, 23:00 in Warsaw (UTC+1); the clocks go forward that night, so
    // Sunday's 10:00 is 08:00 UTC, not 09:00.
    const sundays = Array.from({ length: 7 }, (_, i) => (i === 6 ? [{ open: '10:00', close: '16:00' }] : []));
    expect(nextOpening(sundays, new Date('2026-03-28T22:00:00Z'), inWarsaw)).toEqual({ at: new Date('2026-03-29T08:00:00Z'), daysAhead: 1 });
  });
});
