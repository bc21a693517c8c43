/**
 * Dates, times and numbers as the mall writes them: in its BCP 47 locale ("en-GB") and on its
 * clock (IANA time zone, "Europe/London"), whatever the browser's own settings are. One instance
 * per mall; the Intl formatters are made once, as they are costly to build.
 */
export class LocalFormat {
  readonly #dateTime: Intl.DateTimeFormat;
  readonly #date: Intl.DateTimeFormat;
  readonly #time: Intl.DateTimeFormat;
  readonly #number: Intl.NumberFormat;
  readonly #day: Intl.DateTimeFormat;

  /**
   * @param locale BCP 47 tag; an unknown one falls back to the runtime's default, as Intl does
   * @param timeZone IANA zone; undefined means the runtime's (only before the mall is known)
   */
  constructor(
    readonly locale: string,
    readonly timeZone?: string,
  ) {
    this.#dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone });
    this.#date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone });
    this.#time = new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone });
    this.#number = new Intl.NumberFormat(locale);
    // A calendar day is no instant: written in UTC so no zone can move it to the day before.
    this.#day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  }

  /** An instant (ISO string or epoch ms) as a local date and time, e.g. "30 Nov 2026, 09:45". */
  dateTime(at: string | number): string {
    return this.#dateTime.format(new Date(at));
  }

  /** An instant's local calendar day, e.g. "30 Nov 2026". */
  date(at: string | number): string {
    return this.#date.format(new Date(at));
  }

  /** A calendar day as the mall writes it: "2024-01-01" (YYYY-MM-DD, a schedule's day) -> "1 Jan 2024". */
  day(yyyyMmDd: string): string {
    return this.#day.format(new Date(`${yyyyMmDd}T00:00:00Z`));
  }

  /** An instant's local time of day, e.g. "09:45". */
  time(at: string | number): string {
    return this.#time.format(new Date(at));
  }

  /** A count with the locale's grouping, e.g. "10,000" (en-GB) or "10 000" (pl). */
  number(n: number): string {
    return this.#number.format(n);
  }
}
