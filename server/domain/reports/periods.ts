import type { Granularity } from '#shared/schemas/reports.ts';
import { dayToIso, isoToDay, weekdayOf } from '../mall/local-time.ts';

export interface Bucket {
  label: string;
  fromDay: number;
  toDay: number;
}

/** Fixed calendar buckets covering fromDay..toDay, clipped to the range at both ends. */
export function buckets(fromDay: number, toDay: number, granularity: Granularity): Bucket[] {
  const out: Bucket[] = [];
  let start = fromDay;
  while (start <= toDay) {
    const end = Math.min(toDay, bucketEnd(start, granularity));
    out.push({ label: labelOf(start, granularity), fromDay: start, toDay: end });
    start = end + 1;
  }
  return out;
}

function bucketEnd(day: number, g: Granularity): number {
  const d = new Date(day * 86400_000);
  switch (g) {
    case 'day':
      return day;
    case 'week':
      return day + (6 - weekdayOf(day));
    case 'month':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / 86400_000 - 1;
    case 'year':
      return Date.UTC(d.getUTCFullYear() + 1, 0, 1) / 86400_000 - 1;
  }
}

function labelOf(day: number, g: Granularity): string {
  const iso = dayToIso(day);
  if (g === 'day') return iso;
  if (g === 'month') return iso.slice(0, 7);
  if (g === 'year') return iso.slice(0, 4);
  return `week of ${dayToIso(day - weekdayOf(day))}`;
}

/** The period of the same length just before, for comparison; for a whole calendar month, the month before. */
export function previousPeriod(fromDay: number, toDay: number): { fromDay: number; toDay: number } {
  if (isWholeMonth(fromDay, toDay)) {
    const d = new Date(fromDay * 86400_000);
    return { fromDay: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1) / 86400_000, toDay: fromDay - 1 };
  }
  const length = toDay - fromDay + 1;
  return { fromDay: fromDay - length, toDay: fromDay - 1 };
}

export { dayToIso, isoToDay };

/** Whether fromDay..toDay is exactly one calendar month (local days). */
export function isWholeMonth(fromDay: number, toDay: number): boolean {
  return dayToIso(fromDay).endsWith('-01') && bucketEnd(fromDay, 'month') === toDay;
}
