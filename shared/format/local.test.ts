import { describe, expect, it } from 'vitest';
import { LocalFormat } from './local.ts';

describe('LocalFormat', () => {
  const at = '2026-11-30T23:30:00Z';

  it('writes a UK mall day-first on its own clock', () => {
    const f = new LocalFormat('en-GB', 'Europe/London');
    expect(f.date(at)).toBe('30 Nov 2026');
    expect(f.time(at)).toBe('23:30');
    expect(f.dateTime(at)).toBe('30 Nov 2026, 23:30');
  });

  it('moves to the next day on a clock east of UTC', () => {
    const f = new LocalFormat('pl-PL', 'Europe/Warsaw');
    expect(f.date(at)).toBe('1 gru 2026');
    expect(f.time(at)).toBe('00:30');
  });

  it('writes a calendar day as that day on any clock, west or east of UTC', () => {
    expect(new LocalFormat('en-GB', 'America/Los_Angeles').day('2024-01-01')).toBe('1 Jan 2024');
    expect(new LocalFormat('en-GB', 'Pacific/Auckland').day('2024-01-01')).toBe('1 Jan 2024');
    expect(new LocalFormat('pl-PL', 'Europe/Warsaw').day('2026-12-01')).toBe('1 gru 2026');
  });

  it('groups numbers as the locale does', () => {
    expect(new LocalFormat('en-GB').number(10000)).toBe('10,000');
    expect(new LocalFormat('de-DE').number(10000)).toBe('10.000');
  });

  it('reads epoch milliseconds as well as ISO strings', () => {
    const f = new LocalFormat('en-GB', 'UTC');
    expect(f.dateTime(Date.parse(at))).toBe(f.dateTime(at));
  });
});
