import { describe, expect, it } from 'vitest';
import type { Granularity } from '#shared/schemas/reports.ts';
import { ReportDates, fitTicks } from './chart-ticks.ts';

const DAY = 86400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

/** Buckets from..to as the hub cuts them (periods.ts): ISO weeks, calendar months and years, the first clipped to `from`. */
function buckets(from: string, to: string, g: Granularity): { from: string; to: string }[] {
  const out: { from: string; to: string }[] = [];
  let start = Date.parse(from);
  const end = Date.parse(to);
  while (start <= end) {
    const d = new Date(start);
    const next =
      g === 'day' ? start + DAY
      : g === 'week' ? start + (7 - ((d.getUTCDay() + 6) % 7)) * DAY
      : g === 'month' ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)
      : Date.UTC(d.getUTCFullYear() + 1, 0, 1);
    out.push({ from: iso(start), to: iso(Math.min(next - DAY, end)) });
    start = next;
  }
  return out;
}

// A generous label width (7.5 px a character, wider than 12 px system-ui), so a pass here holds in the browser.
const widthOf = (label: string) => label.length * 7.5;

describe('x axis ticks', () => {
  const dates = new ReportDates('en-GB');

  it('label buckets short, in the mall’s locale', () => {
    expect(dates.tick({ from: '2026-11-02' }, 'day')).toBe('2 Nov');
    expect(dates.tick({ from: '2026-11-04' }, 'week')).toBe('w/c 2 Nov');
    expect(dates.tick({ from: '2026-11-01' }, 'month')).toBe('Nov 2026');
    expect(dates.tick({ from: '2026-01-01' }, 'year')).toBe('2026');
    expect(dates.bucket({ from: '2026-11-02', to: '2026-11-08' }, 'week')).toMatch(/^2\s*–\s*8 Nov 2026$/);
    expect(new ReportDates('en-US').tick({ from: '2026-11-02' }, 'day')).toBe('Nov 2');
    expect(dates.range('2026-10-05', '2026-11-29')).toMatch(/^5 Oct\s*–\s*29 Nov 2026$/);
  });

  for (const g of ['day', 'week', 'month', 'year'] as const) {
    for (const [from, to] of [['2024-12-01', '2026-11-30'], ['2026-09-01', '2026-11-30'], ['2026-11-02', '2026-11-29']]) {
      it(`never overlap: ${g}s ${from} to ${to}, from a phone's width to a wall monitor's`, () => {
        const series = buckets(from, to, g);
        const levels = dates.periodLevels(series, g);
        for (const width of [260, 320, 500, 700, 900, 1800]) {
          const n = series.length;
          const pos = (i: number) => (n < 2 ? width / 2 : (i / (n - 1)) * width);
          const ticks = fitTicks(levels, pos, widthOf, -40, width + 10);
          expect(ticks.length, `${width} px`).toBeGreaterThanOrEqual(Math.min(n, 2));
          for (const [i, t] of ticks.entries()) {
            expect(t.x - widthOf(t.label) / 2).toBeGreaterThanOrEqual(-40);
            expect(t.x + widthOf(t.label) / 2).toBeLessThanOrEqual(width + 10);
            if (i > 0) expect(t.x - ticks[i - 1].x, `${ticks[i - 1].label} | ${t.label} at ${width} px`).toBeGreaterThanOrEqual((widthOf(t.label) + widthOf(ticks[i - 1].label)) / 2 + 12);
          }
        }
      });
    }
  }

  it('take the densest level that fits: every day of four weeks on a wide chart, months across two years of days', () => {
    const month = buckets('2026-11-02', '2026-11-29', 'day');
    expect(fitTicks(dates.periodLevels(month, 'day'), (i) => i * 60, widthOf, 0, 28 * 60)).toHaveLength(27);
    const twoYears = buckets('2024-12-01', '2026-11-30', 'day');
    const labels = fitTicks(dates.periodLevels(twoYears, 'day'), (i) => (i / 729) * 900, widthOf, -40, 910).map((t) => t.label);
    expect(labels.every((l) => /^[A-Z][a-z]{2,3} \d{4}$/.test(l)), labels.join(', ')).toBe(true);
  });

  it('label the hours of the day in the mall’s clock', () => {
    expect(dates.hourLevels()[0].map((t) => t.label).slice(0, 2)).toEqual(['00:00', '01:00']);
  });
});
