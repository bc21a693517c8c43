import type { Cell } from '#shared/schemas/reports.ts';

/** A cell while a report is built: its value and how many distinct shoppers are behind it. */
export interface Tally {
  value: number;
  shoppers: { size: number };
  /** The last visitor added (a pseudonym or its interned number): rows arrive grouped by visitor, so a new one is a new shopper. */
  last: string | number | null;
  suppressed: boolean;
}

export const tally = (): Tally => ({ value: 0, shoppers: { size: 0 }, last: null, suppressed: false });

/**
 * Counts one row of `visitor`. Callers feed rows grouped by visitor (see `VisitTable.groupedByVisitor`), so
 * distinct shoppers are counted with a marker instead of a set per cell: a year's report touches
 * hundreds of thousands of rows and a set per cell was most of its time.
 */
export function add(t: Tally, visitor: string | number, by = 1): void {
  t.value += by;
  if (t.last !== visitor) {
    t.last = visitor;
    t.shoppers.size++;
  }
}

/**
 * Suppresses every cell counting 1..k-1 shoppers (an empty cell shows 0), then, for each group of cells whose sum
 * is published (a group lists the total's cell too), suppresses more until no group has exactly
 * one hidden member — otherwise the hidden one is the total minus the rest. Totals shown elsewhere
 * (`published`) are never the ones hidden in their place. Repeats until stable,
 * because suppressing in one group can leave another with a single hidden cell.
 */
export function suppress(cells: Iterable<Tally>, groups: Tally[][], k: number, published: ReadonlySet<Tally> = new Set()): void {
  for (const c of cells) if (c.shoppers.size > 0 && c.shoppers.size < k) c.suppressed = true;
  let changed = true;
  while (changed) {
    changed = false;
    for (const group of groups) {
      const hidden = group.filter((c) => c.suppressed).length;
      if (hidden !== 1) continue;
      // The group can be disclosed by subtraction: hide the smallest other non-zero member too.
      // Totals published elsewhere in the report (the summary) cannot be taken back.
      const candidates = group.filter((c) => !c.suppressed && c.shoppers.size > 0 && !published.has(c)).sort((a, b) => a.shoppers.size - b.shoppers.size);
      const next = candidates[0];
      if (next) {
        next.suppressed = true;
        changed = true;
      }
    }
  }
}

export const toCell = (t: Tally): Cell => (t.suppressed ? { value: null, suppressed: true } : { value: t.value, suppressed: false });
