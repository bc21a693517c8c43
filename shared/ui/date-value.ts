import { CalendarDate, Time, type DateValue } from '@internationalized/date';

/*
 * The date and time fields (DateField.svelte, TimeField.svelte) keep the strings the stores, the
 * routes and the hub's schemas use: a calendar day as 'YYYY-MM-DD', a time of day as 'HH:mm'
 * (24-hour). bits-ui speaks @internationalized/date values; these are the only crossings.
 */

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2})$/;

/** 'YYYY-MM-DD' → the calendar day; undefined for '' or anything that is no real day ('2026-02-30'). */
export function toCalendarDate(day: string): CalendarDate | undefined {
  const m = DAY.exec(day);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new CalendarDate(y, mo, d);
  // CalendarDate clamps (30 Feb → 28 Feb): a clamped day was not a real one.
  return date.year === y && date.month === mo && date.day === d ? date : undefined;
}

/** A picked or typed day → 'YYYY-MM-DD'; '' when the field holds no whole date. */
export function fromCalendarDate(date: DateValue | undefined): string {
  if (!date) return '';
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

/** 'HH:mm' (00:00–23:59) → the time of day; undefined for '' or anything else. */
export function toTime(hhmm: string): Time | undefined {
  const m = TIME.exec(hhmm);
  if (!m) return undefined;
  const [h, min] = [Number(m[1]), Number(m[2])];
  return h < 24 && min < 60 ? new Time(h, min) : undefined;
}

/** A typed time → 'HH:mm' on the 24-hour clock, whatever the field shows; '' when incomplete. */
export function fromTime(time: { hour: number; minute: number } | undefined): string {
  if (!time) return '';
  return `${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`;
}

/**
 * A BCP 47 tag Intl can use ("en-GB"), or undefined for one it cannot ("en_GB", "", half-typed):
 * the Mall tab edits the locale live, and a field must never throw while it is being typed.
 */
export function usableLocale(tag: string | undefined): string | undefined {
  if (!tag?.trim()) return undefined;
  try {
    return Intl.getCanonicalLocales(tag.trim())[0];
  } catch {
    return undefined;
  }
}

/** The locale's clock: 12 (am/pm, en-US) or 24 (en-GB, pl-PL). */
export function hourCycleOf(locale: string): 12 | 24 {
  const cycle = new Intl.DateTimeFormat(locale, { hour: 'numeric' }).resolvedOptions().hourCycle;
  return cycle === 'h11' || cycle === 'h12' ? 12 : 24;
}

type WeekInfo = { firstDay: number };
type LocaleWithWeek = Intl.Locale & { getWeekInfo?: () => WeekInfo; weekInfo?: WeekInfo };

/**
 * The first day of the locale's week for the calendar, 0 = Sunday (en-US) … 1 = Monday (en-GB,
 * pl-PL). From Intl.Locale week info (getWeekInfo, or the older weekInfo getter); Monday, the
 * ISO week Atrium's reports use, where the runtime has neither.
 */
export function weekStartOf(locale: string): 0 | 1 | 2 | 3 | 4 | 5 | 6 {
  const l = new Intl.Locale(locale) as LocaleWithWeek;
  const info = typeof l.getWeekInfo === 'function' ? l.getWeekInfo() : l.weekInfo;
  const first = info?.firstDay ?? 1; // 1 = Monday … 7 = Sunday
  return (first % 7) as 0 | 1 | 2 | 3 | 4 | 5 | 6;
}
