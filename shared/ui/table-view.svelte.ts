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
  /** The hub sorts by this column (HubTableView): a header button without a browser-side value. */
  sortable?: boolean;
  /** Visually hidden header (an actions column). */
  hideLabel?: boolean;
}

export type SortDirection = 'ascending' | 'descending';

/**
 * What Table.svelte drives: the search, the sort, one page of rows and how many match. Held in
 * the browser (TableView, for lists of hundreds to a couple of thousand) or asked of the hub page
 * by page (HubTableView in hub-table-view.svelte.ts, for the audit log's tens of thousands).
 */
export interface ListView<T> {
  readonly query: string;
  readonly sortKey: string | null;
  readonly direction: SortDirection;
  /** The rows shown: at most `pageSize`. */
  readonly visible: readonly T[];
  /** How many rows match, across every page. */
  readonly total: number;
  readonly pageSize: number;
  readonly pageCount: number;
  /** The page shown, from 0. */
  readonly current: number;
  search(q: string): void;
  sortBy(key: string): void;
  goTo(page: number): void;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

export class TableView<T> implements ListView<T> {
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

  readonly total = $derived(this.matching.length);
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

  goTo(page: number): void {
    this.page = page;
  }

  search(q: string): void {
    this.query = q;
    this.page = 0;
  }
}
