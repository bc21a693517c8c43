import type { HourlyCheckins } from '#shared/schemas/dashboard.ts';
import type { Footfall } from './footfall.ts';
import { dayToIso, localMoment } from '../mall/local-time.ts';
import { readLive, type Live } from '../core/live.ts';

/**
 * Today's check-ins per local hour, kept as visits are recorded, so the operators' live board can
 * carry them without anyone re-reading the day's visit files. The day is read from the files once
 * (on first use, and again each new local day); after that each recorded visit adds one.
 *
 * A visit can be in the files already when the read happens and still have its "recorded" event
 * to come (it is in memory before it is on disk, and the event follows the disk): the ids the read
 * counted are kept until their events have been skipped, so no visit is counted twice.
 */
export class CheckinsToday {
  #day: number | null = null;
  /** The time zone the day was read in: a change of the mall's zone reads the day again. */
  #zone = '';
  #hours: number[] = [];
  /** Visits the last read counted, whose events (if still to come) must not count them again. */
  #counted = new Set<string>();
  /** Events heard while the day is being read: applied once it has been. */
  #heard: { visitId: string; at: string }[] | null = null;

  constructor(
    private readonly footfall: Footfall,
    private readonly timeZoneSetting: Live<string>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A visit was recorded (a fresh one: duplicates are not announced). */
  recorded(visitId: string, at: string): void {
    if (this.#heard) this.#heard.push({ visitId, at });
    else this.#add(visitId, at);
  }

  /**
   * Today's counts by local hour; null until the day has been read, which the first call starts
   * (and the first call of each new day starts again).
   */
  current(): HourlyCheckins | null {
    const zone = readLive(this.timeZoneSetting);
    const { day: today, minute } = localMoment(this.now(), zone);
    const fresh = this.#day === today && this.#zone === zone;
    if (!fresh && !this.#heard) void this.#read(today, zone);
    return fresh ? { day: dayToIso(today), hours: [...this.#hours], hour: Math.floor(minute / 60) } : null;
  }

  async #read(day: number, zone: string): Promise<void> {
    this.#heard = [];
    try {
      const visits = await this.footfall.visitsOn(day);
      this.#day = day;
      this.#zone = zone;
      this.#hours = new Array<number>(24).fill(0);
      for (const v of visits) this.#hours[v.hour]++;
      this.#counted = new Set(visits.map((v) => v.id));
    } catch {
      /* the files could not be read: the next call tries again */
    } finally {
      const heard = this.#heard;
      this.#heard = null;
      for (const e of heard) this.#add(e.visitId, e.at);
    }
  }

  #add(visitId: string, at: string): void {
    if (this.#counted.delete(visitId) || this.#day === null) return;
    const m = localMoment(new Date(at), readLive(this.timeZoneSetting));
    // Visits stamped on earlier days (an offline kiosk's queue) are not today's.
    if (m.day === this.#day) this.#hours[Math.floor(m.minute / 60)]++;
  }
}
