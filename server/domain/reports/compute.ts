import type { Cell, Summary, TenantReport } from '#shared/schemas/reports.ts';
import { dayToIso, weekdayOf } from '../mall/local-time.ts';
import type { StoreVisitRow } from '../shops/store-visits.ts';
import { buckets, isWholeMonth, type Bucket } from './periods.ts';
import { DroppedShoppers, safeRange, safeRanges } from './differencing.ts';
import { staffingWindow, sumWeeks, weekCells, weekdayTotals, wholeWeeks } from './week-units.ts';
import { add, suppress, tally, toCell, type Tally } from './suppression.ts';
import { appendRows, Interner, NO_ZONE, VisitTable, type VisitRows } from './visit-table.ts';
import { VisitDays } from './visit-days.ts';
import { Scratch } from './scratch.ts';

/** What a report may know of a visitor beyond their visits (none of it identifies them). */
export interface VisitorProfile {
  ageBand?: string;
  homeArea?: string;
  language?: string;
  segments?: readonly string[];
}

export interface ReportInput {
  tenantId: string;
  fromDay: number;
  toDay: number;
  granularity: TenantReport['granularity'];
  k: number;
  /** Rows from 60 days before the period (for lapsed shoppers) through its end. */
  rows: readonly StoreVisitRow[];
  /** Rows of the period before, for comparison. */
  previousRows: readonly StoreVisitRow[];
  previous: { fromDay: number; toDay: number };
  /** First day each visitor was ever seen at this shop. */
  firstSeen: ReadonlyMap<string, number>;
  /** Rows of the staffing window (the weeks up to `toDay`). */
  staffingRows: readonly StoreVisitRow[];
  staffingWeeks: number;
  liftHours: number;
  /** Each of the shop's promotions, already worked out (see promotion-effect.ts). */
  promotions: TenantReport['promotions'];
  /** Profile of a visitor who still counts (consented to analytics), or null for one who does not. */
  profileOf: (visitor: string) => VisitorProfile | null;
  /** Where a visitor went next after their visit at (day, minute) (next-place.ts keys); absent: "went to next" is left empty. */
  nextPlace?: (visitor: string, day: number, minute: number) => string;
}

const LAPSE_DAYS = 60;
const MALL_BEHAVIOUR = new Set(['new', 'returning', 'frequent', 'lapsed']);
const NONE = -0x80000000;
const FREQUENCY = [
  { label: '1', min: 1, max: 1 },
  { label: '2', min: 2, max: 2 },
  { label: '3', min: 3, max: 3 },
  { label: '4–5', min: 4, max: 5 },
  { label: '6–9', min: 6, max: 9 },
  { label: '10+', min: 10, max: Infinity },
];

/** The same report input with visitors and zones as interned numbers and visits as columns. */
export interface TableReportInput {
  tenantId: string;
  fromDay: number;
  toDay: number;
  granularity: TenantReport['granularity'];
  k: number;
  /** Visits from 60 days before the period (for lapsed shoppers) through its end; earlier ones are passed over. */
  rows: VisitRows;
  /** The period's rows of counted visitors grouped by visitor, if the caller already made them (else made from `rows`). */
  inPeriod?: VisitTable;
  /** Visits of the period before, for comparison. */
  previousRows: VisitRows;
  previous: { fromDay: number; toDay: number };
  /** First day a visitor was ever seen at this shop. */
  firstSeen: (visitor: number) => number | undefined;
  /** Visits of the staffing window (the weeks up to `toDay`). */
  staffingRows: VisitRows;
  staffingWeeks: number;
  liftHours: number;
  promotions: TenantReport['promotions'];
  /** One more than the largest visitor number in the tables. */
  visitorCount: number;
  zoneName: (zone: number) => string;
  /** Profile of a visitor who still counts (consented to analytics), or null for one who does not. */
  profileOf: (visitor: number) => VisitorProfile | null;
  /** Where a visitor went next after their visit at (day, minute) (next-place.ts keys); absent: "went to next" is left empty. */
  nextPlace?: (visitor: number, day: number, minute: number) => string;
}

/**
 * A shop's visit report over whole local days. Only visitors who (still) consent to analytics
 * count; every cell describing fewer than k shoppers is suppressed, with complementary
 * suppression wherever a published total would give it away.
 */
export function computeReport(input: ReportInput): TenantReport {
  const visitors = new Interner();
  const zones = new Interner();
  const table = (rows: readonly StoreVisitRow[]) => {
    const t = new VisitTable(Math.max(16, rows.length));
    appendRows(t, rows, 0, visitors, zones);
    return t;
  };
  const rows = table(input.rows);
  const previousRows = table(input.previousRows);
  const staffingRows = table(input.staffingRows);
  const { nextPlace, ...rest } = input;
  return reportFromTables({
    ...rest,
    rows,
    previousRows,
    staffingRows,
    visitorCount: visitors.size,
    firstSeen: (v) => input.firstSeen.get(visitors.nameOf(v)),
    zoneName: (z) => zones.nameOf(z),
    profileOf: (v) => input.profileOf(visitors.nameOf(v)),
    ...(nextPlace ? { nextPlace: (v: number, day: number, minute: number) => nextPlace(visitors.nameOf(v), day, minute) } : {}),
  });
}

/** Per visitor, reused from report to report (scratch.ts): whether they count, and their last day before the period. */
const COUNTED = new Scratch((n) => new Uint8Array(n));
const LAST_BEFORE = new Scratch((n) => new Int32Array(n));
/** The rows a report selects besides its period's, written over the same tables each report (no await comes between). */
const BEFORE = new VisitTable();
const PREVIOUS = new VisitTable();
const STAFFING = new VisitTable();

/** computeReport over columns: what the hub runs, on the shop's interned visit index. */
export function reportFromTables(input: TableReportInput): TenantReport {
  // Whether each visitor counts, asked once per visitor: 0 not asked yet, 1 counts, 2 does not.
  const status = COUNTED.take(input.visitorCount, 0);
  const counted = (v: number) => {
    if (status[v] === 0) status[v] = input.profileOf(v) === null ? 2 : 1;
    return status[v] === 1;
  };
  const inPeriod = input.inPeriod ?? input.rows.selectGrouped(input.fromDay, input.toDay, input.visitorCount, counted);
  const before = input.rows.select(input.fromDay - LAPSE_DAYS, input.fromDay - 1, counted, BEFORE);
  // Whether the period's totals can be published without a range inside it giving a few shoppers away (differencing.ts).
  const periodSafe = safeRange(inPeriod, input.fromDay, input.toDay, input.k);
  const summary = summarise(inPeriod, before, input.fromDay, input.toDay, input.firstSeen, input.k, input.visitorCount, periodSafe);
  const prevRows = input.previousRows.selectGrouped(-Infinity, Infinity, input.visitorCount, counted, PREVIOUS);
  const previousSafe = safeRange(prevRows, input.previous.fromDay, input.previous.toDay, input.k);
  const previousSummary = summarise(prevRows, new VisitTable(), input.previous.fromDay, input.previous.toDay, input.firstSeen, input.k, input.visitorCount, previousSafe);

  // The series: visits per calendar bucket, a bucket shown only when its range is safe (differencing.ts).
  const total = tally();
  const series = buckets(input.fromDay, input.toDay, input.granularity).map((b) => ({ b, visits: tally() }));
  // Which bucket each day of the period falls in, looked up by index rather than searched per row.
  const bucketOfDay: number[] = [];
  series.forEach((s, i) => {
    for (let d = s.b.fromDay; d <= s.b.toDay; d++) bucketOfDay[d - input.fromDay] = i;
  });
  for (let i = 0; i < inPeriod.length; i++) {
    const v = inPeriod.visitor[i];
    add(total, v);
    const s = series[bucketOfDay[inPeriod.day[i] - input.fromDay]];
    if (s) add(s.visits, v);
  }
  // A hidden period total must not come back as the sum of the buckets: marked hidden, the group
  // below hides one more. A bucket whose range is not safe is hidden too.
  if (!periodSafe) total.suppressed = true;
  const bucketsSafe = safeRanges(inPeriod, input.fromDay, input.toDay, (d) => bucketOfDay[d - input.fromDay] ?? -1, series.length, input.k, (i) => series[i].b);
  series.forEach((s, i) => {
    if (!bucketsSafe[i]) s.visits.suppressed = true;
  });
  suppress([total, ...series.map((s) => s.visits)], [[total, ...series.map((s) => s.visits)]], input.k, new Set([total]));
  // Hours and weekday × hour from whole ISO weeks, weekdays from whole days (week-units.ts).
  const hoursCover = wholeWeeks(input.fromDay, input.toDay);
  const time = hoursCover ? sumWeeks(weekCells(inPeriod, hoursCover, input.k)) : null;
  const byWeekday = weekdayTotals(inPeriod, input.fromDay, input.toDay, input.k);

  // Visitor tables: each visitor once per table, groups summing to unique visitors.
  const visitorsTotal = tally();
  // Unique visitors hidden as not safe must not come back as the sum of a table either.
  if (!periodSafe) visitorsTotal.suppressed = true;
  const frequency = FREQUENCY.map(() => tally());
  const mix = { ageBand: new Map<string, Tally>(), homeArea: new Map<string, Tally>(), language: new Map<string, Tally>(), priorZone: new Map<string, Tally>(), nextPlace: new Map<string, Tally>() };
  const segmentMix = new Map<string, Tally>();
  // Prior-zone cells by zone number, so each zone's name is looked up once, not once per visitor.
  const priorZoneCells: Tally[] = [];
  // Visitors share profile objects (see visitor-profiles.ts): each profile's cells are found once.
  const cellsOfProfile = new Map<VisitorProfile, Tally[]>();
  // Per profile cell (age band, home area, language, segment), who a range inside the period leaves out.
  const edges = new Map<Tally, DroppedShoppers>();
  const wholeMonth = summary.wholeMonth;
  const visitor = new VisitDays();
  const priorZoneCell = (zone: number) => (priorZoneCells[zone + 1] ??= bucketOf(mix.priorZone, zone === NO_ZONE ? 'none' : input.zoneName(zone)));
  for (let i = 0; i < inPeriod.length; ) {
    const v = inPeriod.visitor[i];
    let j = i;
    while (j < inPeriod.length && inPeriod.visitor[j] === v) j++;
    const n = j - i;
    add(visitorsTotal, v);
    add(frequency[frequencyBand(n)], v);
    const p = input.profileOf(v) ?? {};
    let cells = cellsOfProfile.get(p);
    if (!cells) {
      cells = [bucketOf(mix.ageBand, p.ageBand ?? 'not given'), bucketOf(mix.homeArea, p.homeArea ?? 'not given'), bucketOf(mix.language, p.language ?? 'not given')];
      // The mall's behavioural segments (new, returning…) are about the mall, not this shop: the
      // summary's new / returning are the shop's own, and one word means one thing in a report.
      for (const seg of p.segments ?? []) if (!MALL_BEHAVIOUR.has(seg)) cells.push(bucketOf(segmentMix, seg));
      cellsOfProfile.set(p, cells);
    }
    const { days: visitDays, length: dayCount } = visitor.load(inPeriod.day, i, j, true);
    // Indexed, not for…of: this runs once per visitor and group (~370,000 times in a busy shop's
    // year), and a report's one long function may run unoptimised, where each step of an
    // iterator is an object.
    for (let c = 0; c < cells.length; c++) {
      const cell = cells[c];
      add(cell, v);
      let dropped = edges.get(cell);
      if (!dropped) edges.set(cell, (dropped = new DroppedShoppers(input.fromDay, input.toDay)));
      dropped.member(visitDays, 0, dayCount);
    }
    // Where a visitor came from: the zone of their first visit in the period.
    add(priorZoneCell(inPeriod.zone[i]), v);
    // Where they went next after that same first visit: one place per visitor, so the group sums to unique visitors.
    if (input.nextPlace) add(bucketOf(mix.nextPlace, input.nextPlace(v, inPeriod.day[i], inPeriod.minute[i])), v);
    i = j;
  }
  // A group is shown only if no range inside the period drops 1..k-1 of its members (differencing.ts).
  for (const [c, dropped] of edges) if (!dropped.safe(input.k)) c.suppressed = true;
  // Visits per visitor, the zone they came from and where they went next move with the period's ends: whole months only.
  if (!wholeMonth) {
    for (const t of frequency) t.suppressed = true;
    mix.priorZone.clear();
    mix.nextPlace.clear();
  }
  // Segments overlap, so they form no sum to protect: each is hidden below k on its own.
  suppress(segmentMix.values(), [], input.k);
  const mixGroups = Object.values(mix).map((m) => [...m.values()]);
  suppress([visitorsTotal, ...frequency, ...mixGroups.flat()], [[visitorsTotal, ...frequency], ...mixGroups.map((g) => [visitorsTotal, ...g])], input.k, new Set([visitorsTotal]));

  return {
    tenantId: input.tenantId,
    from: dayToIso(input.fromDay),
    to: dayToIso(input.toDay),
    granularity: input.granularity,
    k: input.k,
    summary,
    previous: { from: dayToIso(input.previous.fromDay), to: dayToIso(input.previous.toDay), summary: previousSummary },
    series: series.map(({ b, visits }) => ({
      label: b.label,
      from: dayToIso(b.fromDay),
      to: dayToIso(b.toDay),
      visits: toCell(visits),
      uniqueVisitors: visits.suppressed ? { value: null, suppressed: true } : { value: visits.shoppers.size, suppressed: false },
    })),
    hoursCover: hoursCover && { from: dayToIso(hoursCover.fromDay), to: dayToIso(hoursCover.toDay) },
    byHour: (time?.hours ?? HIDDEN_HOURS).map(shownCell),
    byWeekday: byWeekday.map(shownCell),
    heatmap: (time?.heatmap ?? HIDDEN_WEEK).map((row) => row.map(shownCell)),
    frequency: wholeMonth ? FREQUENCY.map((f, i) => ({ label: f.label, visitors: toCell(frequency[i]) })) : [],
    mix: {
      ageBand: keyed(mix.ageBand),
      homeArea: keyed(mix.homeArea),
      language: keyed(mix.language),
      priorZone: keyed(mix.priorZone),
      nextPlace: keyed(mix.nextPlace),
      segment: keyed(segmentMix),
    },
    liftHours: input.liftHours,
    // A promotion's exposed and baseline visits move with the period's ends (a play the day before
    // exposes the first morning; the baseline hours follow every play): whole months only.
    promotions: wholeMonth ? input.promotions : input.promotions.map((p) => ({ ...p, exposedVisits: HIDDEN_CELL, baselineVisits: HIDDEN_CELL, lift: null })),
    staffing: staffing(input.staffingRows.selectGrouped(-Infinity, Infinity, input.visitorCount, counted, STAFFING), input.toDay, input.staffingWeeks, input.k),
  };
}

/** `safe`: whether the range passes differencing.ts; if not, every count in the summary is hidden. */
function summarise(rows: VisitTable, before: VisitTable, fromDay: number, toDay: number, firstSeen: (visitor: number) => number | undefined, k: number, visitorCount: number, safe: boolean): Summary {
  const wholeMonth = isWholeMonth(fromDay, toDay);
  const visits = tally();
  const unique = tally();
  const fresh = tally();
  const returning = tally();
  const wonBack = tally();
  if (!safe) for (const t of [visits, unique, fresh, returning, wonBack]) t.suppressed = true;
  // Measures whose membership moves with the period's ends: whole months only (differencing.ts).
  if (!wholeMonth) for (const t of [fresh, returning, wonBack]) t.suppressed = true;
  // Each visitor's last day in `before`, by visitor number (NONE: no visit there).
  const lastBefore = LAST_BEFORE.take(visitorCount, NONE);
  for (let i = 0; i < before.length; i++) {
    const v = before.visitor[i];
    if (lastBefore[v] === NONE || before.day[i] > lastBefore[v]) lastBefore[v] = before.day[i];
  }
  let repeaters = 0;
  let gapSum = 0;
  let gapCount = 0;
  const visitor = new VisitDays();
  // Rows come grouped by visitor: walk one visitor's rows at a time.
  for (let start = 0; start < rows.length; ) {
    const v = rows.visitor[start];
    let end = start;
    while (end < rows.length && rows.visitor[end] === v) {
      add(visits, v);
      end++;
    }
    // Their days in order, a day visited twice kept twice (two visits make a repeat visitor).
    const { days, length: dayCount } = visitor.load(rows.day, start, end, false);
    start = end;
    add(unique, v);
    const firstEver = firstSeen(v);
    add((firstEver ?? days[0]) >= fromDay ? fresh : returning, v);
    if (dayCount >= 2) repeaters++;
    // Gaps between distinct visit days, and whether one of them was 60+ days away.
    let awayBetween = false;
    for (let i = 1, last = days[0]; i < dayCount; i++) {
      if (days[i] === last) continue;
      gapSum += days[i] - last;
      gapCount++;
      if (days[i] - last >= LAPSE_DAYS) awayBetween = true;
      last = days[i];
    }
    // Back after a long absence: 60+ days between a visit in the period and the one before it.
    // `before` covers the 60 days before the period, so a visitor seen earlier but not in that
    // window was away at least that long.
    const prior = lastBefore[v];
    const backFromBefore = prior === NONE ? firstEver !== undefined && firstEver < fromDay : days[0] - prior >= LAPSE_DAYS;
    if (backFromBefore || awayBetween) add(wonBack, v);
  }
  suppress([visits, unique, fresh, returning, wonBack], [[unique, fresh, returning]], k, new Set([unique]));
  const enough = !unique.suppressed && wholeMonth;
  // A share gives away its numerator: publish it only when both sides are 0 or at least k people.
  const safeShare = (part: number) => enough && unique.shoppers.size > 0 && (part === 0 || part >= k) && (unique.shoppers.size - part === 0 || unique.shoppers.size - part >= k);
  return {
    visits: toCell(visits),
    uniqueVisitors: toCell(unique),
    newVisitors: toCell(fresh),
    returningVisitors: toCell(returning),
    repeatRate: safeShare(repeaters) ? round(repeaters / unique.shoppers.size, 3) : null,
    averageDaysBetweenVisits: enough && gapCount >= k ? round(gapSum / gapCount, 1) : null,
    lapsedWonBack: toCell(wonBack),
    wholeMonth,
  };
}

/** The row of FREQUENCY for a visitor with `visits` visits (1 or more). */
function frequencyBand(visits: number): number {
  for (let i = 0; i < FREQUENCY.length; i++) if (visits <= FREQUENCY[i].max) return i;
  return FREQUENCY.length - 1;
}

/** Average visits per weekday hour over the staffing window's whole weeks (week-units.ts); null where a week hides the hour. */
function staffing(rows: VisitTable, toDay: number, weeks: number, k: number): TenantReport['staffing'] {
  const window = staffingWindow(toDay, weeks);
  const sums = sumWeeks(weekCells(rows, window, k));
  return {
    weeks,
    days: sums.heatmap.map((hours, weekday) => {
      const avg = hours.map((v) => (v === null ? null : round(v / weeks, 1)));
      const open = avg.map((a, h) => ({ a, h })).filter((x) => x.a !== null && x.a > 0) as { a: number; h: number }[];
      const sorted = [...open].sort((x, y) => y.a - x.a);
      return {
        weekday,
        hours: avg,
        peak: sorted.slice(0, 3).map((x) => x.h).sort((a, b) => a - b),
        quiet: sorted.length > 6 ? sorted.slice(-3).map((x) => x.h).sort((a, b) => a - b) : [],
      };
    }),
  };
}

function bucketOf(m: Map<string, Tally>, key: string): Tally {
  let t = m.get(key);
  if (!t) m.set(key, (t = tally()));
  return t;
}

const keyed = (m: Map<string, Tally>): { key: string; visitors: Cell }[] =>
  [...m.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, t]) => ({ key, visitors: toCell(t) }));

const HIDDEN_HOURS: null[] = new Array(24).fill(null);
const HIDDEN_WEEK: null[][] = Array.from({ length: 7 }, () => HIDDEN_HOURS);
/** A week-unit figure as a cell: null is hidden. */
const shownCell = (value: number | null): Cell => (value === null ? { value: null, suppressed: true } : { value, suppressed: false });

const HIDDEN_CELL: Cell = { value: null, suppressed: true };

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

export type { Bucket };
