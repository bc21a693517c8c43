import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MonthColumns, VisitTable } from './visit-table.ts';

const columns = (t: VisitTable) => ({ day: [...t.day.subarray(0, t.length)], minute: [...t.minute.subarray(0, t.length)], visitor: [...t.visitor.subarray(0, t.length)], zone: [...t.zone.subarray(0, t.length)] });

const table = (rows: readonly [number, number, number, number][]) => {
  const t = new VisitTable();
  for (const [d, m, v, z] of rows) t.push(d, m, v, z);
  return t;
};

describe('month tables read in place select what one copied table would', () => {
  it('select, selectGrouped and narrower windows, over any split into months', () => {
    const row = fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 0, max: 30 }), fc.integer({ min: -1, max: 3 }));
    fc.assert(
      fc.property(
        fc.array(row, { maxLength: 200 }),
        fc.array(fc.integer({ min: 0, max: 200 }), { maxLength: 4 }),
        fc.tuple(fc.integer({ min: -5, max: 65 }), fc.integer({ min: -5, max: 65 })),
        fc.tuple(fc.integer({ min: -5, max: 65 }), fc.integer({ min: -5, max: 65 })),
        fc.integer({ min: 1, max: 4 }),
        (rows, cuts, [w1, w2], [s1, s2], every) => {
          const one = table(rows);
          const edges = [0, ...[...new Set(cuts.map((c) => Math.min(c, rows.length)))].sort((a, b) => a - b), rows.length];
          const months = edges.slice(1).map((end, i) => table(rows.slice(edges[i], end)));
          const [from, to] = [Math.min(w1, w2), Math.max(w1, w2)];
          const view = new MonthColumns(months, from, to);
          const keep = (v: number) => v % every !== 0;
          const [a, b] = [Math.min(s1, s2), Math.max(s1, s2)];
          const inWindow = one.select(from, to);
          expect(columns(view.select(a, b, keep))).toEqual(columns(inWindow.select(a, b, keep)));
          expect(columns(view.selectGrouped(a, b, 31, keep))).toEqual(columns(inWindow.selectGrouped(a, b, 31, keep)));
          expect(columns(view.within(a, b).selectGrouped(-Infinity, Infinity, 31))).toEqual(columns(inWindow.selectGrouped(a, b, 31)));
        },
      ),
      { numRuns: 300 },
    );
  });
});
