import { describe, expect, it } from 'vitest';
import { isoToDay } from '../mall/local-time.ts';
import { movesOf, zoneFlow, type ZoneMove } from './zone-flow.ts';

const TZ = 'Europe/Warsaw'; // CET in November: local = UTC + 1
const ZONES = [
  { id: 'a', name: 'Entrance' },
  { id: 'b', name: 'Food court' },
  { id: 'c', name: 'Fashion' },
];
// Monday 2 November 2026 to Sunday 8 November: one whole ISO week.
const MON = isoToDay('2026-11-02');
const SUN = isoToDay('2026-11-08');
const read = (shopperId: string | null, zoneId: string, utc: string, kind?: 'zone' | 'place') => ({ shopperId, zoneId, at: `${utc}:00.000Z`, ...(kind ? { kind } : {}) });
const shown = (value: number) => ({ value, suppressed: false });
const hidden = { value: null, suppressed: true };

describe('zone-to-zone flow', () => {
  // Hand-made reads; the moves each gives are written beside it (local times, CET).
  const reads = [
    read('s1', 'a', '2026-11-02T09:00'), // Mon 10:00 mall visit starts in a
    read('s1', 'b', '2026-11-02T09:20', 'zone'), // Mon 10:20 a→b
    read('s1', 'c', '2026-11-02T09:40', 'zone'), // Mon 10:40 b→c
    read('s2', 'a', '2026-11-02T09:05'),
    read('s2', 'b', '2026-11-02T09:30', 'zone'), // Mon 10:30 a→b
    read('s3', 'b', '2026-11-03T13:10', 'zone'), // (listed first: reads are sorted by time) Tue 14:10 a→b
    read('s3', 'a', '2026-11-03T13:00'),
    read('s3', 'b', '2026-11-03T13:50', 'place'), // a till in b: not a move
    read('s3', 'a', '2026-11-03T14:10', 'zone'), // Tue 15:10 b→a
    read('s4', 'a', '2026-11-03T13:00'),
    read('s4', 'b', '2026-11-03T13:30', 'zone'), // Tue 14:30 a→b
    read('s4', 'c', '2026-11-03T17:00'), // Tue 18:00 a new mall visit: no move
    read('s4', 'a', '2026-11-03T17:30', 'zone'), // Tue 18:30 c→a
    read('s5', 'a', '2026-11-02T09:00'), // no analytics consent: never counted
    read('s5', 'c', '2026-11-02T09:10', 'zone'),
    read('s1', 'b', '2026-11-04T22:50'), // Wed 23:50
    read('s1', 'c', '2026-11-04T23:10', 'zone'), // Thu 00:10, another local day: no move
    read(null, 'a', '2026-11-02T09:00'), // an erased shopper's visit
  ];
  const moves = movesOf(reads, TZ, (id) => id !== 's5');

  it('finds the moves of each mall visit within one local day, on the mall clock', () => {
    const at = (m: ZoneMove) => `${m.visitor} ${m.from}→${m.to} day+${m.day - MON} ${Math.floor(m.minute / 60)}:${String(m.minute % 60).padStart(2, '0')}`;
    expect(moves.map(at).sort()).toEqual(
      ['s1 a→b day+0 10:20', 's1 b→c day+0 10:40', 's2 a→b day+0 10:30', 's3 a→b day+1 14:10', 's3 b→a day+1 15:10', 's4 a→b day+1 14:30', 's4 c→a day+1 18:30'].sort(),
    );
  });

  it('counts them as the hand-made matrix says, whole week, by weekday and by hour (K = 1: nothing hidden)', () => {
    const all = zoneFlow(moves, MON, SUN, ZONES, 1);
    expect(all.weeks).toEqual({ from: '2026-11-02', to: '2026-11-08' });
    expect(all.cells).toEqual([
      [shown(0), shown(4), shown(0)],
      [shown(1), shown(0), shown(1)],
      [shown(1), shown(0), shown(0)],
    ]);
    expect(all.from).toEqual([shown(4), shown(2), shown(1)]);
    expect(all.to).toEqual([shown(2), shown(4), shown(1)]);
    expect(all.total).toEqual(shown(7));
    const tuesday = zoneFlow(moves, MON, SUN, ZONES, 1, { weekday: 1 });
    expect(tuesday.cells.map((r) => r.map((c) => c.value))).toEqual([
      [0, 2, 0],
      [1, 0, 0],
      [1, 0, 0],
    ]);
    const tenOClock = zoneFlow(moves, MON, SUN, ZONES, 1, { hour: 10 });
    expect(tenOClock.cells.map((r) => r.map((c) => c.value))).toEqual([
      [0, 2, 0],
      [0, 0, 1],
      [0, 0, 0],
    ]);
    expect(zoneFlow(moves, MON, SUN, ZONES, 1, { weekday: 1, hour: 14 }).total).toEqual(shown(2));
  });

  it('hides cells of fewer than K shoppers, and one more wherever a row or column would give a hidden one away', () => {
    // K = 2, all on Monday 10:00–10:59: s1, s2 a→b; s3, s4 b→c; s5 alone c→a.
    const monday = (visitor: string, from: string, to: string): ZoneMove => ({ day: MON, minute: 600, visitor, from, to });
    const few = [monday('s1', 'a', 'b'), monday('s2', 'a', 'b'), monday('s3', 'b', 'c'), monday('s4', 'b', 'c'), monday('s5', 'c', 'a')];
    const r = zoneFlow(few, MON, SUN, ZONES, 2);
    // By hand: c→a (1 shopper) is hidden, so are c's row total and a's column total (1 each). The
    // row totals a 2, b 2, c hidden and the grand total 5 would give c's away: the smallest other,
    // a's row total (the first of the two 2s), is hidden too; then row a would give a→b away, so
    // it is hidden; then column b would give a→b away, so b's column total is hidden. Row b,
    // column c and the grand total stay.
    expect(r.cells).toEqual([
      [shown(0), hidden, shown(0)],
      [shown(0), shown(0), shown(2)],
      [hidden, shown(0), shown(0)],
    ]);
    expect(r.from).toEqual([hidden, shown(2), hidden]);
    expect(r.to).toEqual([hidden, hidden, shown(2)]);
    expect(r.total).toEqual(shown(5));
    // The same cells for Monday alone and for 10:00 alone: no filter can be subtracted from another.
    expect(zoneFlow(few, MON, SUN, ZONES, 2, { weekday: 0 }).cells).toEqual(r.cells);
    expect(zoneFlow(few, MON, SUN, ZONES, 2, { hour: 10 }).cells).toEqual(r.cells);
  });

  it('adds whole weeks: a cell is shown only if every week shows it; a range with no whole week shows nothing', () => {
    const move = (day: number, visitor: string): ZoneMove => ({ day, minute: 600, visitor, from: 'b', to: 'c' });
    // b→c: 3 shoppers in the first week, 1 in the second.
    const twoWeeks = [move(MON, 'x1'), move(MON, 'x2'), move(MON + 1, 'x3'), move(MON + 7, 'x4')];
    expect(zoneFlow(twoWeeks, MON, SUN, ZONES, 2).cells[1][2]).toEqual(shown(3));
    expect(zoneFlow(twoWeeks, MON, SUN + 7, ZONES, 2).cells[1][2]).toEqual(hidden);
    const partial = zoneFlow(twoWeeks, MON + 1, SUN, ZONES, 1);
    expect(partial.weeks).toBeNull();
    expect(partial.total).toEqual(hidden);
  });
});
