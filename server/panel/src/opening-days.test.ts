import { describe, expect, it } from 'vitest';
import { ALWAYS_OPEN, OpeningHours } from '#shared/schemas/setup.ts';
import { daysFrom, hoursFrom, MAX_OPENINGS, withOpening, withoutOpening } from './opening-days.ts';

const week = (...days: OpeningHours[number][]): OpeningHours => [...days, ...Array.from({ length: 7 - days.length }, () => [])];

describe('the hours table’s days', () => {
  it('keep every opening of a day, so a save sends what was stored (issue #17: the second was lost)', () => {
    const hours = week(
      [
        { open: '10:00', close: '14:00' },
        { open: '17:00', close: '22:00' },
      ],
      [{ open: '09:00', close: '24:00' }],
    );
    expect(hoursFrom(daysFrom(hours))).toEqual(hours);
    expect(hoursFrom(daysFrom(ALWAYS_OPEN))).toEqual(ALWAYS_OPEN);
  });

  it('remember a closed day’s openings for when it is unticked, and send none while it is closed', () => {
    const days = daysFrom(week([{ open: '10:00', close: '14:00' }]));
    expect(days[1]).toEqual({ closed: true, spells: [{ open: '09:00', close: '18:00' }] });
    days[0].closed = true;
    expect(hoursFrom(days)[0]).toEqual([]);
    days[0].closed = false;
    expect(hoursFrom(days)[0]).toEqual([{ open: '10:00', close: '14:00' }]);
  });

  it('add a blank opening up to the schema’s limit, and remove any but the last one left', () => {
    let day = daysFrom(week([{ open: '10:00', close: '14:00' }]))[0];
    for (let i = 0; i < MAX_OPENINGS + 2; i++) day = withOpening(day);
    expect(day.spells).toHaveLength(MAX_OPENINGS);
    expect(day.spells[1]).toEqual({ open: '', close: '' });
    // A blank opening is refused by the schema, not sent as a made-up time.
    expect(OpeningHours.safeParse(hoursFrom([day, ...daysFrom(week()).slice(1)])).success).toBe(false);
    day = withoutOpening(day, 0);
    expect(day.spells[0]).toEqual({ open: '', close: '' });
    for (let i = 0; i < MAX_OPENINGS; i++) day = withoutOpening(day, 0);
    expect(day.spells).toHaveLength(1);
  });
});
