import { describe, expect, it } from 'vitest';
import type { NpsCell, NpsReport } from '#shared/schemas/feedback.ts';
import type { FeedbackFileRecord } from '#server/storage/records.ts';
import { isoWeek, mondayOf, npsReport } from './nps-report.ts';

type Answer = FeedbackFileRecord['answers'][number];
const K = 5;
const dayOf = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86400_000;
const isoOf = (day: number) => new Date(day * 86400_000).toISOString().slice(0, 10);
const names = { zone: (id: string) => id, shop: (id: string) => id };
const report = (answers: Answer[], from: string, to: string) => npsReport(answers, { from, to, fromDay: dayOf(from), toDay: dayOf(to) }, K, names);
const answers = (n: number, day: string, zoneId: string, score: number, extra: Partial<Answer> = {}): Answer[] =>
  Array.from({ length: n }, () => ({ day: dayOf(day), zoneId, tenants: [], score, channel: 'kiosk', ...extra }));

/** Every published answer count of a report, by what it counts ("zone:food-court", "week:2026-W45"). */
function published(r: NpsReport): Map<string, number> {
  const out = new Map<string, number>();
  const put = (key: string, c: NpsCell) => {
    if (!c.suppressed && c.answers !== null) out.set(key, c.answers);
  };
  put('total', r.total);
  for (const w of r.byWeek) put(`week:${w.week}`, w.cell);
  for (const z of r.byZone) put(`zone:${z.zoneId}`, z.cell);
  for (const s of r.byShop) put(`shop:${s.tenantId}`, s.cell);
  for (const c of r.byChannel) put(`channel:${c.channel}`, c.cell);
  return out;
}

/**
 * Asks for every range of days inside `fromDay..toDay` and checks that no published count of a
 * thing over a range exceeds the same thing's count over a range inside it by 1..K−1 — what an
 * attacker isolates by subtracting the one report from the other.
 */
function differencesAreSafe(data: Answer[], fromDay: number, toDay: number): string[] {
  const seen = new Map<string, { range: string; a: number; b: number; n: number }[]>();
  for (let a = fromDay; a <= toDay; a++) {
    for (let b = a; b <= toDay; b++) {
      for (const [key, n] of published(report(data, isoOf(a), isoOf(b)))) {
        const list = seen.get(key) ?? seen.set(key, []).get(key)!;
        list.push({ range: `${isoOf(a)}..${isoOf(b)}`, a, b, n });
      }
    }
  }
  const leaks: string[] = [];
  for (const [key, list] of seen) {
    for (const x of list) for (const y of list) if (x.a <= y.a && y.b <= x.b && x.n > y.n && x.n - y.n < K) leaks.push(`${key}: ${x.range} shows ${x.n}, ${y.range} shows ${y.n}`);
  }
  return leaks;
}

describe('NPS report: K-safe cells that cannot be subtracted across queries', () => {
  // Monday 2 November 2026 starts ISO week 45; Monday 9 November week 46.
  const fixture: Answer[] = [
    ...answers(5, '2026-11-03', 'fashion', 10),
    ...answers(5, '2026-11-04', 'food-court', 8),
    // Week 46: two detractors in fashion. Week 45 alone shows fashion 5 answers at NPS +100; had
    // the two weeks together shown 7 at +43, subtracting would give away those two answers.
    ...answers(2, '2026-11-10', 'fashion', 0),
    ...answers(6, '2026-11-11', 'food-court', 9, { comment: 'more seats' }),
  ];

  it('counts whole ISO weeks, whatever days are asked for', () => {
    expect(mondayOf(dayOf('2026-11-05'))).toBe(dayOf('2026-11-02'));
    expect(isoWeek(dayOf('2026-11-08'))).toBe('2026-W45');
    const r = report(fixture, '2026-11-04', '2026-11-10');
    expect([r.from, r.to]).toEqual(['2026-11-02', '2026-11-15']);
    expect(r.byWeek.map((w) => w.week)).toEqual(['2026-W45', '2026-W46']);
  });

  it('a week shows its cells of K or more answers; the week before alone is not changed', () => {
    const w45 = report(fixture, '2026-11-02', '2026-11-08');
    expect(w45.byZone).toEqual([
      { zoneId: 'fashion', zone: 'fashion', cell: { answers: 5, nps: 100, comments: 0, suppressed: false } },
      { zoneId: 'food-court', zone: 'food-court', cell: { answers: 5, nps: 0, comments: 0, suppressed: false } },
    ]);
  });

  it('a zone hidden in one week is hidden in every period holding that week, with its complement', () => {
    const both = report(fixture, '2026-11-02', '2026-11-15');
    const fashion = both.byZone.find((z) => z.zoneId === 'fashion')!.cell;
    // Not 7: 7 − 5 would give away week 46's two answers.
    expect(fashion).toEqual({ answers: null, nps: null, comments: null, suppressed: true });
    // Food court is hidden too: else the total minus it would give fashion's count.
    expect(both.byZone.find((z) => z.zoneId === 'food-court')!.cell.suppressed).toBe(true);
    expect(both.total).toEqual({ answers: 18, nps: 50, comments: 6, suppressed: false });
    expect(both.byWeek).toEqual([
      { week: '2026-W45', cell: { answers: 10, nps: 50, comments: 0, suppressed: false } },
      { week: '2026-W46', cell: { answers: 8, nps: 50, comments: 6, suppressed: false } },
    ]);
  });

  it('no two reports over any days of the fixture differ by 1..K−1 answers in anything they show', () => {
    expect(differencesAreSafe(fixture, dayOf('2026-10-30'), dayOf('2026-11-17'))).toEqual([]);
  });

  it('holds on mixed fixtures with shops and channels too', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 4; round++) {
      const data: Answer[] = [];
      for (let i = 0; i < 60; i++) {
        data.push({
          day: dayOf('2026-11-02') + Math.floor(random() * 21),
          zoneId: ['fashion', 'food-court', 'entrance'][Math.floor(random() * 3)]!,
          tenants: random() < 0.4 ? ['bean-there'] : [],
          score: Math.floor(random() * 11),
          channel: random() < 0.5 ? 'kiosk' : 'link',
        });
      }
      expect(differencesAreSafe(data, dayOf('2026-11-02'), dayOf('2026-11-22'))).toEqual([]);
    }
  });
});
