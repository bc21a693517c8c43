import type { PlayReportRow } from '#shared/schemas/play-report.ts';
import { toCsv } from './csv.ts';

/** Names for the ids in a proof-of-play report's rows (the mall's current names). */
export interface PlayNames {
  promotion(id: string): string;
  screen(id: string): string;
  zone(id: string): string;
}

/**
 * A proof-of-play report's detail as CSV: one line per local date, hour, promotion and screen,
 * with ids and names (names can be anything an operator typed, so the shared formula guard in
 * toCsv applies). UTF-8 with a byte-order mark, as the shops' report CSVs.
 */
export function playReportCsv(rows: readonly PlayReportRow[], names: PlayNames, timeZone: string): string {
  return (
    '\uFEFF' +
    toCsv([
      ['date', `hour (${timeZone})`, 'promotion id', 'promotion', 'screen id', 'screen', 'zone id', 'zone', 'impressions'],
      ...rows.map((r) => [
        r.date,
        `${String(r.hour).padStart(2, '0')}:00`,
        r.promotionId,
        names.promotion(r.promotionId),
        r.screenId,
        names.screen(r.screenId),
        r.zoneId ?? '',
        r.zoneId ? names.zone(r.zoneId) : '',
        r.count,
      ]),
    ])
  );
}
