import type { MallHoursNow } from '#shared/schemas/devices.ts';
import type { OpeningHours } from '#shared/schemas/setup.ts';
import { DomainError } from '../core/errors.ts';
import type { LocalClock } from '../signage/ranking.ts';
import type { Mall } from './mall.ts';

const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));

/**
 * Whether the mall is open at a moment of its own clock. `hours` runs Monday (0) to Sunday (6);
 * the clock's weekday runs from Sunday (0). A spell includes its opening minute and excludes its
 * closing one; a day with no spells is closed.
 */
export function isOpenAt(hours: OpeningHours, clock: LocalClock): boolean {
  const spells = hours[(clock.weekday + 6) % 7] ?? [];
  return spells.some((s) => clock.minutes >= minutes(s.open) && clock.minutes < minutes(s.close));
}

/**
 * The next opening after `now` (the first spell start later than now, within a week), or null
 * when the hours set none. `clockAt` reads a moment on the mall's clock: the answer is found from
 * the local minutes and checked against the clock, so a daylight-saving change in between moves
 * it by the hour it should.
 * @returns the opening as a Date, and how many local days ahead it lies (0 today, 1 tomorrow, …).
 */
export function nextOpening(hours: OpeningHours, now: Date, clockAt: (d: Date) => LocalClock): { at: Date; daysAhead: number } | null {
  const c = clockAt(now);
  const minuteStart = now.getTime() - (now.getTime() % 60_000);
  for (let k = 0; k <= 7; k++) {
    const spells = [...(hours[(c.weekday + k + 6) % 7] ?? [])].sort((a, b) => minutes(a.open) - minutes(b.open));
    for (const s of spells) {
      const open = minutes(s.open);
      if (k === 0 && open <= c.minutes) continue;
      let at = new Date(minuteStart + (k * 1440 + open - c.minutes) * 60_000);
      const seen = clockAt(at);
      // Across a clock change the local minute lands an hour off: move it back onto the opening.
      if (seen.minutes !== open && Math.abs(seen.minutes - open) <= 120) at = new Date(at.getTime() + (open - seen.minutes) * 60_000);
      return { at, daysAhead: k };
    }
  }
  return null;
}

/**
 * Open or closed now, on the hub's clock, with the next opening when closed. A mall that keeps no
 * settings of its own (the demo mall) is always open.
 */
export function hoursNow(mall: Mall, now: Date): MallHoursNow {
  const settings = mall.exists ? mall.record.settings : undefined;
  const timeZone = mall.timeZone;
  const locale = settings?.locale ?? 'en-GB';
  if (!settings || isOpenAt(settings.openingHours, mall.clock(now))) return { open: true, opensAt: null, opensDay: null, timeZone, locale };
  const next = nextOpening(settings.openingHours, now, (d) => mall.clock(d));
  return {
    open: false,
    opensAt: next ? next.at.toISOString() : null,
    opensDay: next ? (next.daysAhead === 0 ? 'today' : next.daysAhead === 1 ? 'tomorrow' : 'later') : null,
    timeZone,
    locale,
  };
}

/** The field a refusal while closed names: the setting that refuses it. */
export const CLOSED_FIELD = 'openingHours';

/**
 * Refuses what a shopper starts at a kiosk (check-in, pass scan, joining) outside opening hours.
 * @throws DomainError 'conflict' on field `openingHours`, saying when the mall opens next (UTC ISO time).
 */
export function assertOpen(mall: Mall, now: Date): void {
  const h = hoursNow(mall, now);
  if (h.open) return;
  throw new DomainError('conflict', h.opensAt ? `the mall is closed; it opens at ${h.opensAt}` : 'the mall is closed', CLOSED_FIELD);
}
