import { describe, expect, it } from 'vitest';
import { HubSelection } from './hub-selection.svelte.ts';

interface Row {
  id: string;
}
const rows = (from: number, n: number): Row[] => Array.from({ length: n }, (_, i) => ({ id: `s${from + i}` }));

/** A selection over a list of `total` rows the hub pages, under filters the test changes. */
function setup(total = 2000) {
  const state = { scope: 'zone=a', total };
  const sel = new HubSelection<Row>((r) => r.id, () => state.scope, () => state.total);
  return { sel, state };
}

describe('HubSelection', () => {
  it('keeps ticks made on several pages, with their rows', () => {
    const { sel } = setup();
    sel.setAll(rows(0, 50), true);
    sel.toggle({ id: 's77' });
    expect(sel.count).toBe(51);
    expect(sel.allOf(rows(0, 50))).toBe(true);
    expect(sel.allOf(rows(50, 50))).toBe(false);
    expect(sel.picked.map((r) => r.id)).toContain('s77');
    expect(sel.everyMatching).toBe(false);
  });

  it('"every matching" counts the hub’s total less the rows unticked since, on any page', () => {
    const { sel, state } = setup(1234);
    sel.setAll(rows(0, 50), true);
    sel.selectEveryMatching();
    expect(sel.everyMatching).toBe(true);
    expect(sel.count).toBe(1234);
    expect(sel.has({ id: 's999' })).toBe(true);
    sel.toggle({ id: 's3' }, false);
    expect(sel.has({ id: 's3' })).toBe(false);
    expect(sel.count).toBe(1233);
    expect(sel.except).toEqual(['s3']);
    expect(sel.picked).toEqual([]);
    // Ticked again: no longer an exception.
    sel.toggle({ id: 's3' }, true);
    expect(sel.except).toEqual([]);
    // The hub's total moves (a screen paired): so does the count.
    state.total = 1235;
    expect(sel.count).toBe(1235);
  });

  it('drops every tick when the filters or search change, so an action never reaches rows no longer listed', () => {
    const { sel, state } = setup();
    sel.selectEveryMatching();
    state.scope = 'zone=b';
    expect(sel.count).toBe(0);
    expect(sel.everyMatching).toBe(false);
    expect(sel.has({ id: 's1' })).toBe(false);
    sel.toggle({ id: 's5' });
    expect(sel.count).toBe(1);
    expect(sel.everyMatching).toBe(false);
    expect(sel.picked).toEqual([{ id: 's5' }]);
  });

  it('clears', () => {
    const { sel } = setup();
    sel.selectEveryMatching();
    sel.clear();
    expect(sel.count).toBe(0);
    expect(sel.allOf([])).toBe(false);
  });
});
