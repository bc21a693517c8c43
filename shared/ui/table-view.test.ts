import { describe, expect, it } from 'vitest';
import { TableView, type Column } from './table-view.svelte.ts';

interface Screen {
  id: string;
  name: string;
  zone: string;
  latencyMs: number | null;
}

const COLUMNS: Column<Screen>[] = [
  { key: 'name', label: 'Screen', sort: (s) => s.name },
  { key: 'latency', label: 'Latency', sort: (s) => s.latencyMs ?? -1 },
  { key: 'actions', label: 'Actions', hideLabel: true },
];

/** 2,000 screens as a large mall has them: "Screen 1" … "Screen 2000" over four zones. */
const many = (n = 2000): Screen[] =>
  Array.from({ length: n }, (_, i) => ({ id: `s${i + 1}`, name: `Screen ${i + 1}`, zone: ['Food court', 'Main entrance', 'Fashion wing', 'Tech & home'][i % 4], latencyMs: i % 7 === 0 ? null : (i * 37) % 900 }));

function view(rows: () => Screen[], pageSize = 50) {
  return new TableView<Screen>(rows, () => COLUMNS, (s) => `${s.name} ${s.zone}`, pageSize);
}

describe('TableView', () => {
  it('renders one page of 2,000 rows and counts the pages', () => {
    const rows = many();
    const v = view(() => rows);
    expect(v.visible).toHaveLength(50);
    expect(v.pageCount).toBe(40);
    v.page = 39;
    expect(v.visible.map((s) => s.id)).toEqual(rows.slice(1950).map((s) => s.id));
  });

  it('searches case-insensitively across the text it is given, and goes back to the first page', () => {
    const rows = many();
    const v = view(() => rows);
    v.page = 10;
    v.search('TECH & HOME');
    expect(v.page).toBe(0);
    expect(v.matching).toHaveLength(500);
    expect(v.visible.every((s) => s.zone === 'Tech & home')).toBe(true);
    v.search('Screen 1999');
    expect(v.matching.map((s) => s.id)).toEqual(['s1999']);
    v.search('nothing like this');
    expect(v.matching).toHaveLength(0);
    expect(v.pageCount).toBe(1);
  });

  it('sorts names in natural order, flips on a second click, and sorts numbers as numbers', () => {
    const rows = many(12);
    const v = view(() => rows);
    v.sortBy('name');
    expect(v.sorted.slice(0, 3).map((s) => s.name)).toEqual(['Screen 1', 'Screen 2', 'Screen 3']);
    v.sortBy('name');
    expect(v.direction).toBe('descending');
    expect(v.sorted[0].name).toBe('Screen 12');
    v.sortBy('latency');
    expect(v.direction).toBe('ascending');
    const latencies = v.sorted.map((s) => s.latencyMs ?? -1);
    expect(latencies).toEqual([...latencies].sort((a, b) => a - b));
  });

  it('ignores a sort by a column that does not sort, keeping the given order', () => {
    const rows = many(5).reverse();
    const v = view(() => rows);
    v.sortBy('actions');
    expect(v.sorted.map((s) => s.id)).toEqual(rows.map((s) => s.id));
  });

  it('keeps the page in range when the rows shrink under it', () => {
    let rows = many(200);
    const v = view(() => rows);
    v.page = 3;
    expect(v.current).toBe(3);
    rows = many(60);
    expect(v.pageCount).toBe(2);
    expect(v.current).toBe(1);
    expect(v.visible).toHaveLength(10);
  });

  it('pages 10,000 entries 50 at a time', () => {
    const rows = many(10_000);
    const v = view(() => rows);
    v.sortBy('name');
    v.sortBy('name');
    expect(v.visible).toHaveLength(50);
    expect(v.visible[0].name).toBe('Screen 10000');
    expect(v.pageCount).toBe(200);
  });
});
