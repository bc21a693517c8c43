import type { OpeningHours, OpeningSpell } from '#shared/schemas/setup.ts';

/*
 * The opening hours as the hours table edits them. A day keeps its openings while it is ticked
 * closed, so unticking brings them back; only the hours sent drop them.
 */

/** One weekday in the form: closed, or its openings ('HH:mm', '' while a field is not filled in). */
export type DayHours = { closed: boolean; spells: OpeningSpell[] };

/** How many openings a day may have (the OpeningHours schema's limit). */
export const MAX_OPENINGS = 4;

/** The opening a closed day starts from when it is unticked. */
const USUAL: OpeningSpell = { open: '09:00', close: '18:00' };

/** The form's days from stored hours, Monday first: every opening of every day, in order. */
export const daysFrom = (hours: OpeningHours): DayHours[] =>
  hours.map((spells) => ({ closed: spells.length === 0, spells: spells.length ? spells.map((s) => ({ ...s })) : [{ ...USUAL }] }));

/** The hours to send: a closed day has no openings; an open one every opening in the table. */
export const hoursFrom = (days: readonly DayHours[]): OpeningHours => days.map((d) => (d.closed ? [] : d.spells.map((s) => ({ open: s.open, close: s.close }))));

/** The day with one more opening, blank for the operator to fill in; unchanged at MAX_OPENINGS. */
export const withOpening = (day: DayHours): DayHours =>
  day.spells.length >= MAX_OPENINGS ? day : { ...day, spells: [...day.spells, { open: '', close: '' }] };

/** The day without its opening at `index` (0-based); a day keeps at least one (tick Closed to close it). */
export const withoutOpening = (day: DayHours, index: number): DayHours =>
  day.spells.length <= 1 ? day : { ...day, spells: day.spells.filter((_, i) => i !== index) };
