import { dayToIso, localMoment } from '../mall/local-time.ts';

/** The daily run starts at this local time on the mall clock (a quiet hour in most malls). */
export const RUNS_AT = '03:30';
const RUNS_AT_MINUTE = Number(RUNS_AT.slice(0, 2)) * 60 + Number(RUNS_AT.slice(3));

/** The mall-local day (YYYY-MM-DD) of a moment. */
export const localDay = (at: Date, timeZone: string): string => dayToIso(localMoment(at, timeZone).day);

/**
 * Whether the daily run is due at `now`, given the local day of the last run (undefined: never
 * ran). Due once a day from RUNS_AT local time; and at once, whatever the hour, when the last run
 * is older than yesterday (the hub was down when it should have run): one catch-up run, after
 * which today counts as done.
 */
export function isDue(lastDay: string | undefined, now: Date, timeZone: string): boolean {
  const { day, minute } = localMoment(now, timeZone);
  const today = dayToIso(day);
  if (lastDay !== undefined && lastDay >= today) return false;
  if (minute >= RUNS_AT_MINUTE) return true;
  return lastDay !== undefined && lastDay < dayToIso(day - 1);
}

/**
 * The moment `months` calendar months before `at` (UTC calendar; the 31st of a shorter month
 * becomes its last day). Retention periods are counted back from the run with it.
 */
export function monthsBack(at: Date, months: number): Date {
  const y = at.getUTCFullYear();
  const m = at.getUTCMonth() - months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const d = new Date(at);
  d.setUTCFullYear(y, m, Math.min(at.getUTCDate(), lastDay));
  return d;
}
