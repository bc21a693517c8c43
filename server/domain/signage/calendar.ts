import type { CalendarEntry, CalendarQuery, CalendarSlot, PromotionCalendar } from '#shared/schemas/signage-calendar.ts';
import type { DeviceRecord, PromotionRecord } from '#server/storage/records.ts';
import { notFound } from '../core/errors.ts';
import { dayToIso, isoToDay, weekdayOf } from '../mall/local-time.ts';
import { isScheduled, type LocalClock } from './ranking.ts';

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const toHhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

export interface CalendarSources {
  promotions: readonly PromotionRecord[];
  /** Paired, unrevoked screens. */
  screens: readonly DeviceRecord[];
  zones: readonly { id: string; name: string }[];
  timeZone: string;
  /** The mall clock now. */
  today: LocalClock;
}

/**
 * What is scheduled where and when: per zone and local day, the stretches of the day in which the
 * same active promotions may play, by the ranking's own schedule test (isScheduled) and targeting
 * (a zone, or screens in that zone). Which of them a screen actually shows also depends on the live
 * audience, so this is the candidates, not a promise. Throws not_found on `zoneId` for an unknown zone.
 */
export function promotionCalendar(src: CalendarSources, query: CalendarQuery): PromotionCalendar {
  if (query.zoneId !== undefined && !src.zones.some((z) => z.id === query.zoneId)) throw notFound('no such zone', 'zoneId');
  const from = query.from ?? src.today.date;
  const fromDay = isoToDay(from);
  const zones = query.zoneId === undefined ? src.zones : src.zones.filter((z) => z.id === query.zoneId);
  const active = src.promotions.filter((p) => p.status === 'active');
  const zoneOfScreen = new Map(src.screens.map((s) => [s.id, s.zoneId]));
  // (A screen-group column would be one more `reach` test here: the promotion names the group.)
  const reachIn = (p: PromotionRecord, zoneId: string): CalendarEntry['reach'] | null => {
    if (!p.zones.length && !p.screens.length) return 'zone';
    if (p.zones.includes(zoneId)) return 'zone';
    return p.screens.some((id) => zoneOfScreen.get(id) === zoneId) ? 'screens' : null;
  };
  // Every moment a day-part starts or ends: between two of them, nothing changes.
  const cuts = new Set([0, 1440]);
  for (const p of active) for (const part of p.schedule.dayParts) cuts.add(toMinutes(part.start)).add(toMinutes(part.end));
  const bounds = [...cuts].sort((a, b) => a - b);

  return {
    from,
    days: query.days,
    timeZone: src.timeZone,
    today: src.today.date,
    zones: zones.map((zone) => {
      const here = active.flatMap((p) => {
        const reach = reachIn(p, zone.id);
        return reach ? [{ p, reach }] : [];
      });
      return {
        zoneId: zone.id,
        name: zone.name,
        days: Array.from({ length: query.days }, (_, i) => {
          const day = fromDay + i;
          const date = dayToIso(day);
          const weekday = (weekdayOf(day) + 1) % 7; // schedules count from Sunday
          const slots: CalendarSlot[] = [];
          for (let b = 0; b < bounds.length - 1; b++) {
            const clock = { date, weekday, minutes: bounds[b] };
            const entries = here
              .filter(({ p }) => isScheduled(p.schedule, clock))
              .map(({ p, reach }) => ({ promotionId: p.id, title: p.title, priority: p.priority, house: p.house, reach, needsAudience: p.segments.length > 0 || p.minAudience > 0 }))
              .sort((x, y) => Number(x.house) - Number(y.house) || y.priority - x.priority || x.title.localeCompare(y.title));
            const last = slots.at(-1);
            // Stretches with the same promotions join up, so a day reads as few blocks.
            if (last && sameEntries(last.entries, entries)) last.end = toHhmm(bounds[b + 1]);
            else slots.push({ start: toHhmm(bounds[b]), end: toHhmm(bounds[b + 1]), entries, overlap: entries.filter((e) => !e.house).length > 1 });
          }
          return { date, weekday, slots };
        }),
      };
    }),
  };
}

const sameEntries = (a: CalendarEntry[], b: CalendarEntry[]) => a.length === b.length && a.every((e, i) => e.promotionId === b[i].promotionId);
