import type { ListPage } from '../schemas/list.ts';
import type { ListView, SortDirection } from './table-view.svelte.ts';

/** What the hub is asked for: the search, the sort and one page (see shared/schemas/list.ts). */
export interface PageRequest {
  q: string;
  sort: string | null;
  dir: SortDirection;
  page: number;
  pageSize: number;
}

/** Typing pauses this long (ms) before the hub is asked, so a word costs one request, not one per key. */
export const SEARCH_PAUSE_MS = 150;

/**
 * A list too long for the browser (10,000 audit entries): the hub searches, sorts and pages, and
 * this view holds one page and the total. Every change asks again; an answer that arrives after a
 * newer question was asked is dropped, so the rows always match the controls.
 */
export class HubTableView<T> implements ListView<T> {
  query = $state('');
  sortKey = $state<string | null>(null);
  direction = $state<SortDirection>('ascending');
  current = $state(0);
  visible = $state.raw<readonly T[]>([]);
  total = $state(0);
  loading = $state(false);
  /** The last refusal or network failure, as the fetcher threw it; null after a good answer. */
  error = $state<unknown>(null);
  readonly pageSize: number;
  readonly pageCount = $derived.by(() => Math.max(1, Math.ceil(this.total / this.pageSize)));
  #asked = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #fetch: (req: PageRequest) => Promise<ListPage<T>>;

  /**
   * @param fetchPage asks the hub for one page (throws as `api` does)
   * @param pageSize rows per page
   */
  constructor(fetchPage: (req: PageRequest) => Promise<ListPage<T>>, pageSize = 50) {
    this.#fetch = fetchPage;
    this.pageSize = pageSize;
  }

  /** Asks the hub for the page the controls describe now; resolves when its answer is shown (or dropped as stale). */
  async reload(): Promise<void> {
    clearTimeout(this.#timer);
    const asked = ++this.#asked;
    this.loading = true;
    try {
      const answer = await this.#fetch({ q: this.query.trim(), sort: this.sortKey, dir: this.direction, page: this.current, pageSize: this.pageSize });
      if (asked !== this.#asked) return;
      this.visible = answer.rows;
      this.total = answer.total;
      this.current = answer.page;
      this.error = null;
    } catch (err) {
      if (asked === this.#asked) this.error = err;
    } finally {
      if (asked === this.#asked) this.loading = false;
    }
  }

  search(q: string): void {
    this.query = q;
    this.current = 0;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.reload(), SEARCH_PAUSE_MS);
  }

  /** Sorts by a column; the same column again flips the direction. Back to the first page. */
  sortBy(key: string): void {
    if (this.sortKey === key) this.direction = this.direction === 'ascending' ? 'descending' : 'ascending';
    else {
      this.sortKey = key;
      this.direction = 'ascending';
    }
    this.current = 0;
    void this.reload();
  }

  goTo(page: number): void {
    this.current = Math.max(0, Math.min(page, this.pageCount - 1));
    void this.reload();
  }
}
