/**
 * Where people go next: moves between zones, from successive reads of the same shopper during one
 * mall visit on one local day (the mall clock). A mall visit's first read (no `kind`) starts a
 * sequence, each arrival in another zone (`kind: 'zone'`) is a move from the zone before it; a
 * read at another place in the same zone (`'place'`, a till) is not a move, and the next mall
 * visit starts afresh. Only shoppers who granted `analytics` are counted; erased ones cannot be
 * (their visits carry no shopper).
 *
 * Suppression follows week-units.ts: every figure is a sum of week cells, each week decided once
 * from its own moves. In a week the cube weekday (7 + all) × hour (24 + all) × from × to (with
 * row, column and grand totals) is suppressed together: a cell of 1..K−1 shoppers is hidden, and
 * more until no sum the week publishes — a matrix's rows and columns, a cell over the weekdays,
 * a cell over the hours — has exactly one hidden member (suppression.ts). A period's cell is the
 * sum of its weeks' cells, shown only if every one of them is. So no two flow reports, of any
 * ranges, weekdays or hours, subtract to fewer than K shoppers.
 */
import type { DailyLog } from '#server/storage/daily-log.ts';
import type { VisitRecord } from '#server/storage/records.ts';
import type { ZoneFlowReport } from '#shared/schemas/zone-flow.ts';
import { dayToIso, isoToDay, localMoment, weekdayOf } from '../mall/local-time.ts';
import { add, suppress, tally, type Tally } from './suppression.ts';
import { wholeWeeks } from './week-units.ts';

/** One move: arrival in `to` from `from`, at a local day and minute, by a visitor. */
export interface ZoneMove {
  day: number;
  minute: number;
  visitor: string;
  from: string;
  to: string;
}

/**
 * The moves in a set of visit rows (any order). `counted(shopperId)`: whether the shopper is
 * counted (granted analytics). Reads are ordered per shopper by time; the local day of each read
 * comes from the mall's time zone, and a move never spans two local days.
 */
export function movesOf(visits: readonly Pick<VisitRecord, 'shopperId' | 'zoneId' | 'at' | 'kind'>[], timeZone: string, counted: (shopperId: string) => boolean): ZoneMove[] {
  const byShopper = new Map<string, { at: string; zoneId: string; kind?: string }[]>();
  for (const v of visits) {
    if (!v.shopperId || !counted(v.shopperId)) continue;
    const list = byShopper.get(v.shopperId);
    if (list) list.push(v);
    else byShopper.set(v.shopperId, [v]);
  }
  const moves: ZoneMove[] = [];
  for (const [visitor, reads] of byShopper) {
    reads.sort((a, b) => a.at.localeCompare(b.at));
    let zone: string | null = null;
    let day = -1;
    for (const r of reads) {
      const m = localMoment(new Date(r.at), timeZone);
      if (!r.kind || m.day !== day) {
        // A new mall visit, or a new local day: the sequence starts again here.
        zone = r.zoneId;
        day = m.day;
        continue;
      }
      if (r.kind === 'zone' && zone !== null && r.zoneId !== zone) {
        moves.push({ day: m.day, minute: m.minute, visitor, from: zone, to: r.zoneId });
        zone = r.zoneId;
      }
    }
  }
  return moves;
}

const ALL_WEEKDAYS = 7;
const ALL_HOURS = 24;

/**
 * The flow matrix over the whole weeks inside fromDay..toDay, for one weekday and/or hour (or
 * all), under the rule above. `zones`: the mall's zones in order, with names; moves touching a
 * zone not listed are left out.
 */
export function zoneFlow(
  moves: readonly ZoneMove[],
  fromDay: number,
  toDay: number,
  zones: readonly { id: string; name: string }[],
  k: number,
  filter: { weekday?: number; hour?: number } = {},
): ZoneFlowReport {
  const z = zones.length;
  const index = new Map(zones.map((zone, i) => [zone.id, i]));
  const span = wholeWeeks(fromDay, toDay);
  const hidden = { value: null, suppressed: true } as const;
  const empty = (): ZoneFlowReport => ({
    k,
    weeks: span ? { from: dayToIso(span.fromDay), to: dayToIso(span.toDay) } : null,
    zones: [...zones],
    cells: zones.map(() => zones.map(() => ({ value: 0, suppressed: false }))),
    from: zones.map(() => ({ value: 0, suppressed: false })),
    to: zones.map(() => ({ value: 0, suppressed: false })),
    total: { value: 0, suppressed: false },
  });
  if (!span) {
    const none = empty();
    return { ...none, cells: none.cells.map((r) => r.map(() => hidden)), from: none.from.map(() => hidden), to: none.to.map(() => hidden), total: hidden };
  }
  // The period's sums: value, and whether some week hid the cell. Index z is the totals' row/column.
  const sum = Array.from({ length: z + 1 }, () => Array.from({ length: z + 1 }, () => ({ value: 0, suppressed: false })));
  const wd = filter.weekday ?? ALL_WEEKDAYS;
  const hr = filter.hour ?? ALL_HOURS;
  const sorted = [...moves].sort((a, b) => (a.visitor < b.visitor ? -1 : a.visitor > b.visitor ? 1 : 0));
  for (let w = 0; w < span.weeks; w++) {
    const first = span.fromDay + w * 7;
    const week = sorted.filter((m) => m.day >= first && m.day < first + 7 && index.has(m.from) && index.has(m.to));
    const cube = weekCube(week, z, index, k);
    const matrix = cube[wd][hr];
    for (let i = 0; i <= z; i++) {
      for (let j = 0; j <= z; j++) {
        sum[i][j].value += matrix[i][j].value;
        if (matrix[i][j].suppressed) sum[i][j].suppressed = true;
      }
    }
  }
  const cell = (c: { value: number; suppressed: boolean }) => (c.suppressed ? hidden : { value: c.value, suppressed: false });
  return {
    k,
    weeks: { from: dayToIso(span.fromDay), to: dayToIso(span.toDay) },
    zones: [...zones],
    cells: zones.map((_, i) => zones.map((_, j) => cell(sum[i][j]))),
    from: zones.map((_, i) => cell(sum[i][z])),
    to: zones.map((_, j) => cell(sum[z][j])),
    total: cell(sum[z][z]),
  };
}

/** One week's cube [weekday 0..6, 7 = all][hour 0..23, 24 = all][from 0..z][to 0..z] (z = total), suppressed. */
function weekCube(moves: readonly ZoneMove[], z: number, index: ReadonlyMap<string, number>, k: number): Tally[][][][] {
  const matrix = () => Array.from({ length: z + 1 }, () => Array.from({ length: z + 1 }, tally));
  const cube = Array.from({ length: ALL_WEEKDAYS + 1 }, () => Array.from({ length: ALL_HOURS + 1 }, matrix));
  for (const m of moves) {
    const f = index.get(m.from)!;
    const t = index.get(m.to)!;
    const day = weekdayOf(m.day);
    const hour = Math.floor(m.minute / 60);
    for (const d of [day, ALL_WEEKDAYS]) for (const h of [hour, ALL_HOURS]) for (const i of [f, z]) for (const j of [t, z]) add(cube[d][h][i][j], m.visitor);
  }
  const groups: Tally[][] = [];
  for (const byHour of cube) {
    for (const mx of byHour) {
      // Each row and column of a matrix sums to its total (index z).
      for (let i = 0; i <= z; i++) groups.push(mx[i]);
      for (let j = 0; j <= z; j++) groups.push(mx.map((row) => row[j]));
    }
  }
  for (let i = 0; i <= z; i++) {
    for (let j = 0; j <= z; j++) {
      // A cell over the weekdays sums to its "all weekdays" cell, and over the hours to its "all hours" one.
      for (let h = 0; h <= ALL_HOURS; h++) groups.push(cube.map((byHour) => byHour[h][i][j]));
      for (let d = 0; d <= ALL_WEEKDAYS; d++) groups.push(cube[d].map((mx) => mx[i][j]));
    }
  }
  // Row groups list the total last; suppress() wants the total in the group, which it is.
  suppress(cube.flat(3), groups, k);
  return cube;
}

/** The flow report over the mall's stored visits: reads the visit files of the weeks asked for. */
export class ZoneFlows {
  constructor(
    private readonly o: {
      visits: DailyLog<VisitRecord>;
      /** Whether a shopper is counted now (granted analytics). */
      counted: (shopperId: string) => boolean;
      timeZone: () => string;
      zones: () => readonly { id: string; name: string }[];
      k: () => number;
    },
  ) {}

  /** The matrix for whole local days from..to (ISO dates; only whole ISO weeks count), one weekday and/or hour. */
  async report(q: { from: string; to: string; weekday?: number; hour?: number }): Promise<ZoneFlowReport> {
    const fromDay = isoToDay(q.from);
    const toDay = isoToDay(q.to);
    const span = wholeWeeks(fromDay, toDay);
    const rows: VisitRecord[] = [];
    // A local day overlaps at most three UTC days, whatever the zone; movesOf keeps the local ones.
    if (span) for (let d = span.fromDay - 1; d <= span.toDay + 1; d++) rows.push(...(await this.o.visits.read(dayToIso(d))));
    const moves = movesOf(rows, this.o.timeZone(), this.o.counted);
    return zoneFlow(moves, fromDay, toDay, this.o.zones(), this.o.k(), { ...(q.weekday !== undefined ? { weekday: q.weekday } : {}), ...(q.hour !== undefined ? { hour: q.hour } : {}) });
  }
}
