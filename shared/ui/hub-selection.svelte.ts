import { SvelteMap, SvelteSet } from 'svelte/reactivity';
import type { RowSelection } from './selection.svelte.ts';

/**
 * Ticks over a list the hub pages (HubTableView): rows ticked one by one on any page (kept with
 * their rows, for their names), or "every row matching" the filters, less the ones unticked since.
 * The ticks belong to one set of filters and search (`scope`): when those change, the selection is
 * empty, so an action never reaches rows the operator can no longer see listed.
 */
export class HubSelection<T> implements RowSelection<T> {
  readonly #picked = new SvelteMap<string, T>();
  readonly #except = new SvelteSet<string>();
  #all = $state(false);
  #scope = $state('');
  readonly #key: (row: T) => string;
  readonly #scopeNow: () => string;
  readonly #total: () => number;

  /**
   * @param key a row's stable id
   * @param scope the filters and search as one string (read reactively)
   * @param total how many rows match them now (read reactively)
   */
  constructor(key: (row: T) => string, scope: () => string, total: () => number) {
    this.#key = key;
    this.#scopeNow = scope;
    this.#total = total;
  }

  /** The ticks were made under the filters shown now. */
  #isCurrent(): boolean {
    return this.#scope === this.#scopeNow();
  }

  /** Every row matching is ticked (less `except`). */
  get everyMatching(): boolean {
    return this.#isCurrent() && this.#all;
  }

  get count(): number {
    if (!this.#isCurrent()) return 0;
    return this.#all ? Math.max(0, this.#total() - this.#except.size) : this.#picked.size;
  }

  /** The rows ticked one by one (empty while every matching row is ticked). */
  get picked(): T[] {
    return this.#isCurrent() && !this.#all ? [...this.#picked.values()] : [];
  }

  /** Ids unticked after "every matching". */
  get except(): string[] {
    return this.everyMatching ? [...this.#except] : [];
  }

  has(row: T): boolean {
    if (!this.#isCurrent()) return false;
    const k = this.#key(row);
    return this.#all ? !this.#except.has(k) : this.#picked.has(k);
  }

  toggle(row: T, on = !this.has(row)): void {
    this.#rescope();
    const k = this.#key(row);
    if (this.#all) {
      if (on) this.#except.delete(k);
      else this.#except.add(k);
    } else if (on) this.#picked.set(k, row);
    else this.#picked.delete(k);
  }

  allOf(rows: readonly T[]): boolean {
    return rows.length > 0 && rows.every((r) => this.has(r));
  }

  setAll(rows: readonly T[], on: boolean): void {
    for (const r of rows) this.toggle(r, on);
  }

  /** Ticks every row the filters match, on every page. */
  selectEveryMatching(): void {
    this.clear();
    this.#scope = this.#scopeNow();
    this.#all = true;
  }

  clear(): void {
    this.#picked.clear();
    this.#except.clear();
    this.#all = false;
    this.#scope = this.#scopeNow();
  }

  /** New filters: the old ticks are dropped before the first new one. */
  #rescope(): void {
    if (!this.#isCurrent()) this.clear();
  }
}
