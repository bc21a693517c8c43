/** Where in the mall's own calendar a moment falls: reports bucket by local days and hours. */
export interface LocalMoment {
  /** Days since 1970-01-01 in the mall's time zone. */
  day: number;
  /** Minutes since local midnight. */
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function localMoment(at: Date, timeZone: string): LocalMoment {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(at)) parts[p.type] = p.value;
  const day = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day)) / 86400_000;
  return { day, minute: Number(parts.hour) * 60 + Number(parts.minute) };
}

/** Epoch day ↔ ISO date (the calendar date, no time zone involved). */
export const dayToIso = (day: number) => new Date(day * 86400_000).toISOString().slice(0, 10);
export const isoToDay = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86400_000;
/** 0 = Monday … 6 = Sunday. Day 0 (1970-01-01) was a Thursday; arithmetic, as reports call this per visit. */
export const weekdayOf = (day: number) => (((Math.floor(day) + 3) % 7) + 7) % 7;
export const monthKey = (day: number) => dayToIso(day).slice(0, 7);
