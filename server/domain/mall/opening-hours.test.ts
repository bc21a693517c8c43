import { describe, expect, it } from 'vitest';
import { DEFAULT_OPENING_HOURS } from '#shared/schemas/setup.ts';
import { localClock } from '../signage/ranking.ts';
import { isOpenAt } from './opening-hours.ts';

describe('isOpenAt', () => {
  const warsaw = (iso: string) => localClock(new Date(iso), 'Europe/Warsaw');
  it('reads the hours on the mall clock, opening minute in, closing minute out', () => {
    // Monday 30 Nov 2026: 09:00–21:00 in Warsaw (UTC+1).
    expect(isOpenAt(DEFAULT_OPENING_HOURS, warsaw('2026-11-30T07:59:00Z'))).toBe(false);
    expect(isOpenAt(DEFAULT_OPENING_HOURS, warsaw('2026-11-30T08:00:00Z'))).toBe(true);
    expect(isOpenAt(DEFAULT_OPENING_HOURS, warsaw('2026-11-30T19:59:00Z'))).toBe(true);
    expect(isOpenAt(DEFAULT_OPENING_HOURS, warsaw('2026-11-30T20:00:00Z'))).toBe(false);
  });
  it('takes Sunday from the last day of the week', () => {
    // Sunday 29 Nov 2026 09:30 local: closed until 10:00 on Sundays.
    expect(isOpenAt(DEFAULT_OPENING_HOURS, warsaw('2026-11-29T08:30:00Z'))).toBe(false);
    expect(isOpenAt(DEFAULT_OPENING_HOURS, warsaw('2026-11-29T09:30:00Z'))).toBe(true);
  });
  it('keeps a day with no spells closed', () => {
    const hours = [...DEFAULT_OPENING_HOURS.slice(0, 6), []];
    expect(isOpenAt(hours, warsaw('2026-11-29T12:00:00Z'))).toBe(false);
  });
});
