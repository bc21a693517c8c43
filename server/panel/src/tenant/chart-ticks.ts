import type { Granularity } from '#shared/schemas/reports.ts';

/** One candidate tick: the bucket index it stands at and its label. */
export interface Tick {
  index: number;
  label: string;
}

/**
 * The ways an x axis can be labelled, densest first: every bucket, every second one, … then by
 * month or year for a long run of days. The chart takes the densest one whose labels fit.
 */
export type TickLevel = Tick[];

/** A tick as placed: x in CSS px from the plot area's left edge. */
export interface PlacedTick extends Tick {
  x: number;
}

/**
 * The densest level whose labels do not overlap and stay inside [min, max] (CSS px along the
 * plot), each label centred on its tick with `gap` px between neighbours. Ticks whose label would
 * leave the bounds are dropped first. When no level fits, the sparsest level thinned greedily.
 * `pos(i)` is bucket i's x; `widthOf(label)` its rendered width in px.
 */
export function fitTicks(levels: readonly TickLevel[], pos: (i: number) => number, widthOf: (label: string) => number, min: number, max: number, gap = 12): PlacedTick[] {
  let last: (PlacedTick & { w: number })[] = [];
  for (const level of levels) {
    const placed = level
      .map((t) => ({ ...t, x: pos(t.index), w: widthOf(t.label) }))
      .filter((t) => t.x - t.w / 2 >= min && t.x + t.w / 2 <= max);
    if (placed.length === 0) continue;
    last = placed;
    const fits = placed.every((t, i) => i === 0 || t.x - placed[i - 1].x >= (t.w + placed[i - 1].w) / 2 + gap);
    if (fits) return placed.map(({ w: _w, ...t }) => t);
  }
  // Nothing fits whole: the sparsest level, keeping each label that clears the one kept before it.
  const kept: typeof last = [];
  for (const t of last) if (kept.length === 0 || t.x - kept[kept.length - 1].x >= (t.w + kept[kept.length - 1].w) / 2 + gap) kept.push(t);
  return kept.map(({ w: _w, ...t }) => t);
}

const dayOf = (iso: string) => new Date(`${iso}T00:00:00Z`);
const every = <T>(items: readonly T[], n: number) => items.filter((_, i) => i % n === 0);

/** Date formats in the mall's locale; every date is a calendar day, so formatted in UTC. */
export class ReportDates {
  readonly #short: Intl.DateTimeFormat;
  readonly #full: Intl.DateTimeFormat;
  readonly #month: Intl.DateTimeFormat;
  readonly #monthLong: Intl.DateTimeFormat;
  readonly #year: Intl.DateTimeFormat;
  readonly #hour: Intl.DateTimeFormat;

  constructor(readonly locale: string) {
    this.#short = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
    this.#full = new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
    this.#month = new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' });
    this.#monthLong = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
    this.#year = new Intl.DateTimeFormat(locale, { year: 'numeric', timeZone: 'UTC' });
    this.#hour = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' });
  }

  /** "2 Nov 2026" (en-GB) for an ISO date. */
  date(iso: string): string {
    return new Intl.DateTimeFormat(this.locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(dayOf(iso));
  }

  /** "2–29 Nov 2026" (en-GB) for two ISO dates, shared parts written once. */
  range(from: string, to: string): string {
    const f = new Intl.DateTimeFormat(this.locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
    return from === to ? f.format(dayOf(from)) : f.formatRange(dayOf(from), dayOf(to));
  }

  /** "09:00" for hour 9. */
  hour(h: number): string {
    return this.#hour.format(new Date(Date.UTC(2000, 0, 1, h)));
  }

  /** A bucket of a report's series in full, for the legend: "Mon 2 Nov 2026", "2–8 Nov 2026", "November 2026", "2026". */
  bucket(b: { from: string; to: string }, g: Granularity): string {
    const d = dayOf(b.from);
    switch (g) {
      case 'day':
        return this.#full.format(d);
      case 'week':
        return this.range(b.from, b.to);
      case 'month':
        return this.#monthLong.format(d);
      case 'year':
        return this.#year.format(d);
    }
  }

  /** A bucket as a short axis label: "2 Nov", "w/c 2 Nov", "Nov 2026", "2026". */
  tick(b: { from: string }, g: Granularity): string {
    const d = dayOf(b.from);
    switch (g) {
      case 'day':
        return this.#short.format(d);
      case 'week':
        return `w/c ${this.#short.format(weekStart(d))}`;
      case 'month':
        return this.#month.format(d);
      case 'year':
        return this.#year.format(d);
    }
  }

  /**
   * The tick levels of a series' x axis, densest first: every bucket, then every 2nd, 7th…
   * bucket; for days and weeks then the months' starts ("Nov 2026"; every month, 2nd, 3rd,
   * 6th, on calendar boundaries); then the years' starts ("2026"), every year, 2nd, 5th.
   */
  periodLevels(series: readonly { from: string }[], g: Granularity): TickLevel[] {
    const all: Tick[] = series.map((b, index) => ({ index, label: this.tick(b, g) }));
    const steps = { day: [1, 2, 7, 14], week: [1, 2, 4, 8], month: [1], year: [1, 2, 5, 10, 20] }[g];
    const levels = steps.map((n) => every(all, n));
    if (g === 'year') return levels;
    // Where a new month or year begins: the 1st of the month for days; for weeks the first week
    // starting in it; for months each one. The first bucket counts only if it starts exactly there.
    const monthOf = (b: { from: string }) => (g === 'week' ? weekStart(dayOf(b.from)).toISOString() : b.from).slice(0, 7);
    const starts = series.flatMap((b, index) => {
      const month = monthOf(b);
      const begins = g === 'day' ? b.from.endsWith('-01') : g === 'month' ? true : index > 0 && month !== monthOf(series[index - 1]);
      return begins ? [{ index, month: Number(month.slice(5)), year: Number(month.slice(0, 4)), from: g === 'week' ? weekStart(dayOf(b.from)) : dayOf(b.from) }] : [];
    });
    for (const n of g === 'month' ? [2, 3, 6] : [1, 2, 3, 6]) {
      levels.push(starts.filter((t) => (t.month - 1) % n === 0).map((t) => ({ index: t.index, label: this.#month.format(t.from) })));
    }
    const januaries = starts.filter((t) => t.month === 1);
    for (const n of [1, 2, 5, 10]) levels.push(januaries.filter((t) => t.year % n === 0).map((t) => ({ index: t.index, label: this.#year.format(t.from) })));
    return levels.filter((l) => l.length > 0);
  }

  /** The tick levels of an hour-of-day axis: every hour, every 2, 3, 6. */
  hourLevels(): TickLevel[] {
    const all: Tick[] = Array.from({ length: 24 }, (_, h) => ({ index: h, label: this.hour(h) }));
    return [1, 2, 3, 4, 6, 12].map((n) => every(all, n));
  }
}

/** The Monday of d's ISO week (a series' first week may start mid-week when the period does). */
function weekStart(d: Date): Date {
  return new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * 86400_000);
}
