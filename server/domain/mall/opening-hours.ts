import type { OpeningHours } from '#shared/schemas/setup.ts';
import type { LocalClock } from '../signage/ranking.ts';

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
