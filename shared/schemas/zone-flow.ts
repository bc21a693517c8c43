import { z } from 'zod';
import { Cell, MAX_REPORT_DAYS } from './reports.ts';

const IsoDate = z.iso.date();

/**
 * The operators' zone-to-zone flow: whole local days from..to (only the whole ISO weeks inside
 * count), optionally one weekday (0 = Monday … 6 = Sunday) and/or one local hour of arrival.
 */
export const ZoneFlowQuery = z
  .strictObject({
    from: IsoDate,
    to: IsoDate,
    weekday: z.coerce.number().int().min(0).max(6).optional(),
    hour: z.coerce.number().int().min(0).max(23).optional(),
  })
  .superRefine((q, ctx) => {
    const days = (Date.parse(q.to) - Date.parse(q.from)) / 86400_000 + 1;
    if (days < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
    else if (days > MAX_REPORT_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: `a report covers at most ${MAX_REPORT_DAYS} days` });
  });
export type ZoneFlowQuery = z.output<typeof ZoneFlowQuery>;

/**
 * Moves from one zone to the next during a mall visit: `cells[i][j]` from zones[i] to zones[j]
 * (the diagonal is always 0: a move changes zone), with each row's and column's totals. Values
 * count moves; a cell is hidden when it describes 1..K−1 shoppers, or to keep another hidden one.
 * `weeks`: the whole weeks covered, null when the range holds none (then nothing is shown).
 */
export const ZoneFlowReport = z.object({
  k: z.number().int(),
  weeks: z.object({ from: IsoDate, to: IsoDate }).nullable(),
  zones: z.array(z.object({ id: z.string(), name: z.string() })),
  cells: z.array(z.array(Cell)),
  /** Moves out of each zone. */
  from: z.array(Cell),
  /** Moves into each zone. */
  to: z.array(Cell),
  total: Cell,
});
export type ZoneFlowReport = z.infer<typeof ZoneFlowReport>;
