import { SvelteSet } from 'svelte/reactivity';

/** What Table.svelte and SelectCell.svelte need of a selection: held in the browser (Selection) or across the hub's pages (HubSelection). */
export interface RowSelection<T> {
  readonly count: number;
  has(row: T): boolean;
  toggle(row: T, on?: boolean): void;
  allOf(rows: readonly T[]): boolean;
  setAll(rows: readonly T[], on: boolean): void;
  clear(): void;
}

/**
 * Which rows of a list are ticked for a bulk action, by key. Rows that leave the list (revoked,
 * archived, filtered out by the hub) drop out of `chosen`, so an action never reaches a row the
 * operator can no longer see.
 */
export class Selection<T> implements RowSelection<T> {
  readonly #keys = new SvelteSet<string>();
  readonly #rows: () => readonly T[];
  readonly #key: (row: T) => string;

  /** `rows`: the rows that may be ticked (read reactively); `key`: a row's stable id. */
  constructor(rows: () => readonly T[], key: (row: T) => string) {
    this.#rows = rows;
    this.#key = key;
  }

  /** The ticked rows still in the list, in the list's order. */
  readonly chosen = $derived.by(() => this.#rows().filter((r) => this.#keys.has(this.#key(r))));
  readonly count = $derived(this.chosen.length);

  has(row: T): boolean {
    return this.#keys.has(this.#key(row));
  }

  toggle(row: T, on = !this.has(row)): void {
    if (on) this.#keys.add(this.#key(row));
    else this.#keys.delete(this.#key(row));
  }

  /** Whether every one of `rows` (a page) is ticked; false for none. */
  allOf(rows: readonly T[]): boolean {
    return rows.length > 0 && rows.every((r) => this.has(r));
  }

  /** Ticks or unticks every one of `rows` (the page in view). */
  setAll(rows: readonly T[], on: boolean): void {
    for (const r of rows) this.toggle(r, on);
  }

  clear(): void {
    this.#keys.clear();
  }
}

/** What a bulk action did: the rows it was done to, and those the hub refused with its words. */
export interface BulkOutcome<T> {
  done: T[];
  failed: { row: T; error: string }[];
}

/**
 * Runs one action per row, a few at a time (the hub handles each as its own audited request),
 * and collects what failed instead of stopping at the first refusal.
 * @param limit requests in flight at once
 */
export async function runBulk<T>(rows: readonly T[], act: (row: T) => Promise<void>, explain: (e: unknown) => string, limit = 4): Promise<BulkOutcome<T>> {
  const out: BulkOutcome<T> = { done: [], failed: [] };
  let next = 0;
  const worker = async () => {
    while (next < rows.length) {
      const row = rows[next++] as T;
      try {
        await act(row);
        out.done.push(row);
      } catch (e) {
        out.failed.push({ row, error: explain(e) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, rows.length) }, worker));
  // In the list's order, whatever order the requests finished in.
  const order = new Map(rows.map((r, i) => [r, i]));
  out.done.sort((a, b) => order.get(a)! - order.get(b)!);
  out.failed.sort((a, b) => order.get(a.row)! - order.get(b.row)!);
  return out;
}
