import type { Cell, Summary } from '../schemas/reports.ts';

/**
 * The measures of a shop report's summary, one definition each, as the report page and the
 * summary CSV both show them (the API carries the same values unformatted). "New" and
 * "returning" are about this shop: returning means seen at this shop before the period.
 */
export const SUMMARY_MEASURES = [
  { key: 'visits', label: 'Visits' },
  { key: 'uniqueVisitors', label: 'Unique visitors' },
  { key: 'newVisitors', label: 'New to this shop' },
  { key: 'returningVisitors', label: 'Returning to this shop' },
  { key: 'repeatRate', label: 'Repeat rate (visitors with 2+ visits)' },
  { key: 'averageDaysBetweenVisits', label: 'Average days between visits' },
  { key: 'lapsedWonBack', label: 'Lapsed shoppers won back' },
] as const satisfies readonly { key: keyof Summary; label: string }[];

/** Measures shown for whole calendar months only (Summary.wholeMonth). */
export const MONTH_ONLY: ReadonlySet<keyof Summary> = new Set(['newVisitors', 'returningVisitors', 'repeatRate', 'averageDaysBetweenVisits', 'lapsedWonBack']);
export const MONTH_ONLY_TEXT = 'whole months only';

/** A count as shown: the number, or "< k" when it describes fewer than k shoppers. */
export const cellText = (cell: Cell, k: number): string => (cell.suppressed ? `< ${k}` : String(cell.value ?? 0));

/** A summary measure as shown: counts as cellText, the repeat rate as a whole percentage, "–" when there is none. */
export function measureText(summary: Summary, key: (typeof SUMMARY_MEASURES)[number]['key'], k: number): string {
  const v = summary[key];
  if (!summary.wholeMonth && MONTH_ONLY.has(key)) return MONTH_ONLY_TEXT;
  if (typeof v === 'boolean') return String(v);
  if (key === 'repeatRate') return v === null ? '–' : `${Math.round((v as number) * 100)}%`;
  if (typeof v === 'number' || v === null) return v === null ? '–' : String(v);
  return cellText(v, k);
}
