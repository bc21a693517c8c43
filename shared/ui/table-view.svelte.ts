/**
 * Search, sort and pagination over rows held in memory, for Table.svelte. Only one page is ever
 * rendered, so a list of thousands (2,000 screens, 10,000 audit entries) stays quick: filtering
 * and sorting are plain array passes, and the DOM holds at most `pageSize` rows.
 */
export interface Column<T> {
  key: string;
  label: string;
  /** The value sorted by; absent means the column does not sort. Strings sort by the page's locale. */
  sort?: (row: T) => string | number;
  /** Visually hidden header (an actions column). */
  hideLabel?: boolean;
}

export type SortDirection = 'ascending' | 'descending';

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

export class TableView<T> {
  query = $state('');
  sortKey = $state<string | null>(null);
  direction = $state<SortDirection>('ascending');
  page = $state(0);
  readonly #rows: () => readonly T[];
  readonly #columns: () => readonly Column<T>[];
  readonly #text: (row: T) => string;

  /**
   * @param rows all rows (read reactively)
   * @param columns the columns (read reactively)
   * @param text what the search box matches against, per row (case-insensitive substring)
   * @param pageSize rows per page
   */
  constructor(rows: () => readonly T[], columns: () => readonly Column<T>[], text: (row: T) => string, readonly pageSize = 50) {
    this.#rows = rows;
    this.#columns = columns;
    this.#text = text;
  }

  readonly matching = $derived.by(() => {
    const q = this.query.trim().toLocaleLowerCase();
    const rows = this.#rows();
    return q ? rows.filter((r) => this.#text(r).toLocaleLowerCase().includes(q)) : rows;
  });

  readonly sorted = $derived.by(() => {
    const col = this.#columns().find((c) => c.key === this.sortKey);
    if (!col?.sort) return this.matching;
    const by = col.sort;
    const sign = this.direction === 'ascending' ? 1 : -1;
    const keyed = this.matching.map((row) => ({ row, k: by(row) }));
    keyed.sort((a, b) => sign * (typeof a.k === 'number' && typeof b.k === 'number' ? a.k - b.k : collator.compare(String(a.k), String(b.k))));
    return keyed.map((x) => x.row);
  });

  readonly pageCount = $derived.by(() => Math.max(1, Math.ceil(this.matching.length / this.pageSize)));
  /** The page shown, kept in range when the rows shrink under it. */
  readonly current = $derived(Math.min(this.page, this.pageCount - 1));
  readonly visible = $derived.by(() => this.sorted.slice(this.current * this.pageSize, (this.current + 1) * this.pageSize));

  /** Sorts by a column; the same column again flips the direction. */
  sortBy(key: string): void {
    if (this.sortKey === key) this.direction = this.direction === 'ascending' ? 'descending' : 'ascending';
    else {
      this.sortKey = key;
      this.direction = 'ascending';
    }
    this.page = 0;
  }

  search(q: string): void {
    this.query = q;
    this.page = 0;
  }
}
