import { stringify } from 'csv-stringify/sync';
import type { Cell, ReportCsvQuery, TenantReport } from '#shared/schemas/reports.ts';
import { MIX_DIMENSION_NAMES, NEXT_PLACE_DEFINITION, mixName, type MallNames, type MixDimension } from '#shared/reports/mix-names.ts';
import { MONTH_ONLY_TEXT, SUMMARY_MEASURES, measureText } from '#shared/reports/summary-measures.ts';

/**
 * OWASP's rule against CSV injection: a text cell starting with = + - @, a tab or a carriage
 * return is read by spreadsheet apps as a formula, so it gets a leading apostrophe. Only text
 * cells: numbers we write (a negative lift, say) stay numbers.
 */
export function neutraliseCell(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** csv-stringify with the rule above on every text cell, and Windows line ends. */
export function toCsv(rows: readonly unknown[][]): string {
  // A lone CR or LF inside a cell is quoted too: some apps take it for the end of a row.
  return stringify(rows as unknown[][], { record_delimiter: 'windows', quoted_match: /[\r\n]/, cast: { string: neutraliseCell } });
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/**
 * One table of a report as CSV: UTF-8 with a byte-order mark so spreadsheet apps read accents
 * and non-Latin names right, quoting by csv-stringify. Suppressed cells read "< K". The visitor
 * mix gives each row's id and the mall's name for it (`mall`: its zones, interests and areas), as
 * the report page does.
 */
export function reportCsv(report: TenantReport, table: ReportCsvQuery['table'], mall: MallNames): string {
  const c = (cell: Cell) => (cell.suppressed ? `< ${report.k}` : cell.value);
  let rows: unknown[][];
  switch (table) {
    case 'summary': {
      const s = report.summary;
      const p = report.previous.summary;
      // The page's own rows and wording (shared/reports/summary-measures.ts): one definition each.
      rows = [
        ['measure', `${report.from} to ${report.to}`, `${report.previous.from} to ${report.previous.to}`],
        ...SUMMARY_MEASURES.map((m) => [m.label, measureText(s, m.key, report.k), measureText(p, m.key, report.k)]),
      ];
      break;
    }
    case 'series':
      rows = [['period', 'from', 'to', 'visits', 'unique visitors'], ...report.series.map((s) => [s.label, s.from, s.to, c(s.visits), c(s.uniqueVisitors)])];
      break;
    case 'hours':
      // Hours cover the whole weeks inside the period (week-units.ts).
      rows = [['hour', report.hoursCover ? `visits ${report.hoursCover.from} to ${report.hoursCover.to}` : 'visits (needs a whole week)'], ...report.byHour.map((cell, h) => [`${String(h).padStart(2, '0')}:00`, c(cell)])];
      break;
    case 'weekdays':
      rows = [['weekday', 'visits'], ...report.byWeekday.map((cell, d) => [WEEKDAYS[d], c(cell)])];
      break;
    case 'heatmap':
      rows = [[report.hoursCover ? `weekday (${report.hoursCover.from} to ${report.hoursCover.to})` : 'weekday (needs a whole week)', ...Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, '0')}:00`)], ...report.heatmap.map((row, d) => [WEEKDAYS[d], ...row.map(c)])];
      break;
    case 'frequency':
      rows = report.summary.wholeMonth ? [['visits in period', 'visitors'], ...report.frequency.map((f) => [f.label, c(f.visitors)])] : [['visits in period', 'visitors'], [MONTH_ONLY_TEXT, '']];
      break;
    case 'mix':
      rows = [
        ['dimension', 'value', 'name', 'visitors'],
        ...Object.entries(report.mix).flatMap(([dimension, list]) =>
          list.map((m) => [MIX_DIMENSION_NAMES[dimension as MixDimension], m.key, mixName(dimension as MixDimension, m.key, mall), c(m.visitors)]),
        ),
        // The definition the page gives, word for word, so the CSV read alone means the same.
        ...(report.summary.wholeMonth ? [] : (['priorZone', 'nextPlace'] as const).map((d) => [MIX_DIMENSION_NAMES[d], '', MONTH_ONLY_TEXT, ''])),
        [],
        [NEXT_PLACE_DEFINITION],
      ];
      break;
    case 'promotions':
      rows = [
        ['promotion', 'impressions', 'redemptions', `visits within ${report.liftHours} h after a play`, 'hours after plays', 'visits in the same hours without plays', 'hours without plays', 'lift'],
        ...report.promotions.map((p) => [p.title, p.impressions, c(p.redemptions), c(p.exposedVisits), p.exposedHours, c(p.baselineVisits), p.baselineHours, p.lift ?? '']),
      ];
      break;
    case 'staffing':
      rows = [
        ['weekday', ...Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, '0')}:00`), 'peak hours', 'quiet hours'],
        ...report.staffing.days.map((d) => [WEEKDAYS[d.weekday], ...d.hours.map((h) => (h === null ? `< ${report.k}` : h)), d.peak.join(' '), d.quiet.join(' ')]),
      ];
      break;
  }
  return '\uFEFF' + toCsv(rows);
}
