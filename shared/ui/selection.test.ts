import { describe, expect, it } from 'vitest';
import { SvelteSet } from 'svelte/reactivity';
import { runBulk, Selection } from './selection.svelte.ts';

interface Row {
  id: string;
}
const rows = (n: number): Row[] => Array.from({ length: n }, (_, i) => ({ id: `s${i + 1}` }));

describe('Selection', () => {
  it('ticks a page at once and reports whether the whole page is ticked', () => {
    const all = rows(2000);
    const sel = new Selection(() => all, (r) => r.id);
    const page = all.slice(50, 100);
    expect(sel.allOf(page)).toBe(false);
    sel.setAll(page, true);
    expect(sel.allOf(page)).toBe(true);
    expect(sel.count).toBe(50);
    expect(sel.allOf(all.slice(0, 50))).toBe(false);
    sel.toggle(page[3]!);
    expect(sel.allOf(page)).toBe(false);
    expect(sel.count).toBe(49);
    sel.setAll(page, false);
    expect(sel.count).toBe(0);
  });

  it('forgets rows that left the list, so an action never reaches them', () => {
    const all = rows(5);
    const gone = new SvelteSet<string>();
    const sel = new Selection(() => all.filter((r) => !gone.has(r.id)), (r) => r.id);
    sel.setAll(all, true);
    expect(sel.count).toBe(5);
    gone.add('s2');
    expect(sel.chosen.map((r) => r.id)).toEqual(['s1', 's3', 's4', 's5']);
  });

  it('an empty page is not "all ticked"', () => {
    const sel = new Selection<Row>(() => [], (r) => r.id);
    expect(sel.allOf([])).toBe(false);
  });
});

describe('runBulk', () => {
  it('acts on every row, keeps going past refusals, and reports both in the list order', async () => {
    const list = rows(10);
    let inFlight = 0;
    let most = 0;
    const out = await runBulk(
      list,
      async (r) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((done) => setTimeout(done, (10 - Number(r.id.slice(1))) % 3));
        inFlight--;
        if (r.id === 's3' || r.id === 's7') throw new Error(`${r.id} is gone`);
      },
      (e) => (e as Error).message,
      3,
    );
    expect(out.done.map((r) => r.id)).toEqual(['s1', 's2', 's4', 's5', 's6', 's8', 's9', 's10']);
    expect(out.failed).toEqual([
      { row: list[2], error: 's3 is gone' },
      { row: list[6], error: 's7 is gone' },
    ]);
    expect(most).toBeLessThanOrEqual(3);
  });

  it('does nothing for no rows', async () => {
    expect(await runBulk([], async () => undefined, String)).toEqual({ done: [], failed: [] });
  });
});
