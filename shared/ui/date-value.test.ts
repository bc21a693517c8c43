import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CalendarDate, Time } from '@internationalized/date';
import { fromCalendarDate, fromTime, hourCycleOf, toCalendarDate, toTime, usableLocale, weekStartOf } from './date-value.ts';

describe('the date and time fields keep the hub’s strings', () => {
  it('turns every real day into a CalendarDate and back to the same YYYY-MM-DD', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2999-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
        const iso = d.toISOString().slice(0, 10);
        expect(fromCalendarDate(toCalendarDate(iso))).toBe(iso);
      }),
    );
  });

  it('refuses what is no real day, and gives "" for no date', () => {
    for (const bad of ['', '2026-02-30', '2026-13-01', '2026-1-1', '01/11/2026', '2026-11-01T00:00']) expect(toCalendarDate(bad), bad).toBeUndefined();
    expect(fromCalendarDate(undefined)).toBe('');
    expect(fromCalendarDate(new CalendarDate(987, 3, 4))).toBe('0987-03-04');
  });

  it('turns every HH:mm into a Time and back, and refuses the rest', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), (h, m) => {
        const hhmm = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
        expect(fromTime(toTime(hhmm))).toBe(hhmm);
      }),
    );
    for (const bad of ['', '24:00', '09:60', '9:00', '09:00:00', '9am']) expect(toTime(bad), bad).toBeUndefined();
    expect(fromTime(new Time(21, 5, 30))).toBe('21:05');
    expect(fromTime(undefined)).toBe('');
  });
});

describe('the mall’s locale decides the clock face and the week', () => {
  it('is 24-hour in a UK or Polish mall and 12-hour in a US one', () => {
    expect(hourCycleOf('en-GB')).toBe(24);
    expect(hourCycleOf('pl-PL')).toBe(24);
    expect(hourCycleOf('en-US')).toBe(12);
  });

  it('starts the calendar week on Monday in the UK and Poland, on Sunday in the US', () => {
    expect(weekStartOf('en-GB')).toBe(1);
    expect(weekStartOf('pl-PL')).toBe(1);
    expect(weekStartOf('en-US')).toBe(0);
  });

  it('takes a tag being typed only once Intl can use it', () => {
    expect(usableLocale('en-gb')).toBe('en-GB');
    for (const bad of [undefined, '', '  ', 'en_GB', 'e', 'en-']) expect(usableLocale(bad), String(bad)).toBeUndefined();
  });
});
