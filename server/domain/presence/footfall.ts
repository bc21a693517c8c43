import type { DailyLog } from '#server/storage/daily-log.ts';
import type { VisitRecord } from '#server/storage/records.ts';
import { dayToIso, localMoment } from '../mall/local-time.ts';
import { readLive, type Live } from '../core/live.ts';

const PAST_DAY_CACHE_MS = 10 * 60_000;

/** Check-ins per local hour, from the visit files, for the operators' dashboard. */
export class Footfall {
  /** Past days by `zone|day`: a change of the mall's time zone does not reuse them. */
  readonly #cache = new Map<string, { at: number; hours: number[] }>();

  constructor(
    private readonly visits: DailyLog<VisitRecord>,
    private readonly timeZoneSetting: Live<string>,
    /** The hub's clock (epoch ms): "today" is today on it. */
    private readonly now: () => number = () => Date.now(),
  ) {}

  today(): number {
    return localMoment(new Date(this.now()), readLive(this.timeZoneSetting)).day;
  }

  /** Check-ins in each local hour of one local day (every touchpoint, enrolled or since erased). */
  async hourly(localDay: number): Promise<number[]> {
    const today = this.today();
    const key = `${readLive(this.timeZoneSetting)}|${localDay}`;
    const cached = this.#cache.get(key);
    if (cached && localDay < today && Date.now() - cached.at < PAST_DAY_CACHE_MS) return cached.hours;
    const hours = new Array<number>(24).fill(0);
    for (const v of await this.visitsOn(localDay)) hours[v.hour]++;
    if (localDay < today) this.#cache.set(key, { at: Date.now(), hours });
    return hours;
  }

  /** Every mall visit stored for one local day, with its local hour (arrivals in other zones during a visit are not counted). */
  async visitsOn(localDay: number): Promise<{ id: string; hour: number }[]> {
    const out: { id: string; hour: number }[] = [];
    // A local day overlaps at most three UTC days, whatever the zone.
    for (const utcDay of [localDay - 1, localDay, localDay + 1]) {
      for (const v of await this.visits.read(dayToIso(utcDay))) {
        if (v.kind) continue;
        const m = localMoment(new Date(v.at), readLive(this.timeZoneSetting));
        if (m.day === localDay) out.push({ id: v.id, hour: Math.floor(m.minute / 60) });
      }
    }
    return out;
  }

  /** Today by hour, and the average of the same weekday over the previous `weeks` weeks. */
  async todayAgainstUsual(weeks = 4): Promise<{ day: string; hour: number; today: number[]; usual: number[]; weeks: number }> {
    const { day, minute } = localMoment(new Date(this.now()), readLive(this.timeZoneSetting));
    const today = await this.hourly(day);
    const past = await Promise.all(Array.from({ length: weeks }, (_, i) => this.hourly(day - 7 * (i + 1))));
    const usual = today.map((_, h) => Math.round((past.reduce((sum, p) => sum + p[h], 0) / weeks) * 10) / 10);
    return { day: dayToIso(day), hour: Math.floor(minute / 60), today, usual, weeks };
  }
}
