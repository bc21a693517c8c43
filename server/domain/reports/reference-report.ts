/**
 * The report as it was computed before the visit columns (rows of strings, Maps keyed by
 * pseudonym), kept only so tests can check the hub's faster computeReport gives the very same
 * report on any data. Not used by the hub.
 */
import type { Cell, Summary, TenantReport } from '#shared/schemas/reports.ts';
import { dayToIso, weekdayOf } from '../mall/local-time.ts';
import type { StoreVisitRow } from '../shops/store-visits.ts';
import type { ReportInput } from './compute.ts';
import { buckets, isWholeMonth } from './periods.ts';
import { staffingWindow, sumWeeks, weekCells, wholeWeeks } from './week-units.ts';
import type { Play, PromotionEffect } from './promotion-effect.ts';
import { add, suppress, tally, toCell, type Tally } from './suppression.ts';

/** The rows reordered so each visitor's rows are together, oldest first within a visitor. */
function groupedByVisitor<R extends readonly unknown[]>(rows: readonly R[], visitorAt = 2): R[] {
  const groups = new Map<unknown, R[]>();
  for (const r of rows) {
    const v = r[visitorAt];
    const g = groups.get(v);
    if (g) g.push(r);
    else groups.set(v, [r]);
  }
  const out: R[] = [];
  for (const g of groups.values()) for (const r of g) out.push(r);
  return out;
}

const LAPSE_DAYS = 60;
const FREQUENCY = [
  { label: '1', min: 1, max: 1 },
  { label: '2', min: 2, max: 2 },
  { label: '3', min: 3, max: 3 },
  { label: '4–5', min: 4, max: 5 },
  { label: '6–9', min: 6, max: 9 },
  { label: '10+', min: 10, max: Infinity },
];

/**
 * A shop's visit report over whole local days. Only visitors who (still) consent to analytics
 * count; every cell describing fewer than k shoppers is suppressed, with complementary
 * suppression wherever a published total would give it away.
 */
export function referenceReport(input: ReportInput): TenantReport {
  const counted = (r: StoreVisitRow) => input.profileOf(r[2]) !== null;
  const inPeriod = groupedByVisitor(input.rows.filter((r) => r[0] >= input.fromDay && r[0] <= input.toDay && counted(r)));
  const before = input.rows.filter((r) => r[0] < input.fromDay && counted(r));
  const periodSafe = naiveSafe(inPeriod, input.fromDay, input.toDay, input.k);
  const summary = summarise(inPeriod, before, input.fromDay, input.toDay, input.firstSeen, input.k, periodSafe);
  const prevRows = groupedByVisitor(input.previousRows.filter(counted));
  const previousSummary = summarise(prevRows, [], input.previous.fromDay, input.previous.toDay, input.firstSeen, input.k, naiveSafe(prevRows, input.previous.fromDay, input.previous.toDay, input.k));

  const total = tally();
  const series = buckets(input.fromDay, input.toDay, input.granularity).map((b) => ({ b, visits: tally() }));
  const bucketOfDay: number[] = [];
  series.forEach((s, i) => {
    for (let d = s.b.fromDay; d <= s.b.toDay; d++) bucketOfDay[d - input.fromDay] = i;
  });
  for (const [day, , v] of inPeriod) {
    add(total, v);
    const s = series[bucketOfDay[day - input.fromDay]];
    if (s) add(s.visits, v);
  }
  if (!periodSafe) total.suppressed = true;
  for (const s of series) if (!naiveSafe(inPeriod, s.b.fromDay, s.b.toDay, input.k)) s.visits.suppressed = true;
  suppress([total, ...series.map((s) => s.visits)], [[total, ...series.map((s) => s.visits)]], input.k, new Set([total]));
  // The time tables as week-units.ts builds them, fed rows; weekdays the long way.
  const asColumns = (rows: readonly StoreVisitRow[]) => ({ length: rows.length, day: rows.map((r) => r[0]), minute: rows.map((r) => r[1]), visitor: rows.map((r) => r[2]) });
  const hoursCover = wholeWeeks(input.fromDay, input.toDay);
  const time = hoursCover ? sumWeeks(weekCells(asColumns(inPeriod), hoursCover, input.k)) : null;
  const byWeekday = Array.from({ length: 7 }, (_, wd) => {
    let visits = 0;
    for (let d = input.fromDay; d <= input.toDay; d++) {
      if (weekdayOf(d) !== wd) continue;
      const rows = inPeriod.filter((r) => r[0] === d);
      const n = new Set(rows.map((r) => r[2])).size;
      if (n > 0 && n < input.k) return null;
      visits += rows.length;
    }
    return visits;
  });
  const wholeMonth = summary.wholeMonth;

  // Visitor tables: each visitor once per table, groups summing to unique visitors.
  const visitsByVisitor = new Map<string, number>();
  const priorZoneOf = new Map<string, string>();
  const nextPlaceOf = new Map<string, string>();
  for (let i = 0; i < inPeriod.length; ) {
    const v = inPeriod[i][2];
    let j = i;
    while (j < inPeriod.length && inPeriod[j][2] === v) j++;
    visitsByVisitor.set(v, j - i);
    priorZoneOf.set(v, inPeriod[i][3] ?? 'none');
    if (input.nextPlace) nextPlaceOf.set(v, input.nextPlace(v, inPeriod[i][0], inPeriod[i][1]));
    i = j;
  }
  const visitorsTotal = tally();
  if (!periodSafe) visitorsTotal.suppressed = true;
  const frequency = FREQUENCY.map(() => tally());
  const mix = { ageBand: new Map<string, Tally>(), homeArea: new Map<string, Tally>(), language: new Map<string, Tally>(), priorZone: new Map<string, Tally>(), nextPlace: new Map<string, Tally>() };
  const segmentMix = new Map<string, Tally>();
  for (const [v, n] of visitsByVisitor) {
    add(visitorsTotal, v);
    add(frequency[FREQUENCY.findIndex((f) => n >= f.min && n <= f.max)], v);
    const p = input.profileOf(v) ?? {};
    add(bucketOf(mix.ageBand, p.ageBand ?? 'not given'), v);
    add(bucketOf(mix.homeArea, p.homeArea ?? 'not given'), v);
    add(bucketOf(mix.language, p.language ?? 'not given'), v);
    add(bucketOf(mix.priorZone, priorZoneOf.get(v) ?? 'none'), v);
    const next = nextPlaceOf.get(v);
    if (next !== undefined) add(bucketOf(mix.nextPlace, next), v);
    for (const seg of p.segments ?? []) if (!['new', 'returning', 'frequent', 'lapsed'].includes(seg)) add(bucketOf(segmentMix, seg), v);
  }
  // Each profile group's unique visitors, checked the long way against every range inside the period.
  const members = new Map<Tally, Set<string>>();
  for (const [v] of visitsByVisitor) {
    const p = input.profileOf(v) ?? {};
    const groups = [bucketOf(mix.ageBand, p.ageBand ?? 'not given'), bucketOf(mix.homeArea, p.homeArea ?? 'not given'), bucketOf(mix.language, p.language ?? 'not given')];
    for (const seg of p.segments ?? []) if (!['new', 'returning', 'frequent', 'lapsed'].includes(seg)) groups.push(bucketOf(segmentMix, seg));
    for (const g of groups) members.set(g, (members.get(g) ?? new Set()).add(v));
  }
  for (const [g, who] of members) {
    const rows = inPeriod.filter((r) => who.has(r[2]));
    if (!naiveEdges(rows, input.fromDay, input.toDay, input.k)) g.suppressed = true;
  }
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
    byHour: (time?.hours ?? new Array<null>(24).fill(null)).map(shown),
    byWeekday: byWeekday.map(shown),
    heatmap: (time?.heatmap ?? Array.from({ length: 7 }, () => new Array<null>(24).fill(null))).map((row) => row.map(shown)),
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
    staffing: staffing(groupedByVisitor(input.staffingRows.filter(counted)), input.toDay, input.staffingWeeks, input.k),
  };
}

/**
 * differencing.ts's rule checked the long way: every day with visits has k or more shoppers, and
 * the range's unique visitors minus those of every range inside it is 0 or at least k.
 */
function naiveSafe(rows: readonly StoreVisitRow[], fromDay: number, toDay: number, k: number): boolean {
  const inRange = rows.filter((r) => r[0] >= fromDay && r[0] <= toDay);
  const unique = (from: number, to: number) => new Set(inRange.filter((r) => r[0] >= from && r[0] <= to).map((r) => r[2])).size;
  for (let d = fromDay; d <= toDay; d++) {
    const n = unique(d, d);
    if (n > 0 && n < k) return false;
  }
  const all = unique(fromDay, toDay);
  if (all > 0 && all < k) return false;
  for (let a = fromDay; a <= toDay; a++) {
    for (let b = a; b <= toDay; b++) {
      const diff = all - unique(a, b);
      if (diff > 0 && diff < k) return false;
    }
  }
  return true;
}

/** Rule 2 alone, the long way: the unique visitors of every range inside the period differ from the period's by 0 or at least k. */
function naiveEdges(rows: readonly StoreVisitRow[], fromDay: number, toDay: number, k: number): boolean {
  const unique = (from: number, to: number) => new Set(rows.filter((r) => r[0] >= from && r[0] <= to).map((r) => r[2])).size;
  const all = unique(fromDay, toDay);
  for (let a = fromDay; a <= toDay; a++) {
    for (let b = a; b <= toDay; b++) {
      const diff = all - unique(a, b);
      if (diff > 0 && diff < k) return false;
    }
  }
  return true;
}

const shown = (value: number | null): Cell => (value === null ? { value: null, suppressed: true } : { value, suppressed: false });

function summarise(rows: readonly StoreVisitRow[], before: readonly StoreVisitRow[], fromDay: number, toDay: number, firstSeen: ReadonlyMap<string, number>, k: number, safe: boolean): Summary {
  const wholeMonth = isWholeMonth(fromDay, toDay);
  const visits = tally();
  const unique = tally();
  const fresh = tally();
  const returning = tally();
  const wonBack = tally();
  if (!safe) for (const t of [visits, unique, fresh, returning, wonBack]) t.suppressed = true;
  if (!wholeMonth) for (const t of [fresh, returning, wonBack]) t.suppressed = true;
  const lastBefore = new Map<string, number>();
  for (const [day, , v] of before) lastBefore.set(v, Math.max(lastBefore.get(v) ?? -Infinity, day));
  let repeaters = 0;
  let gapSum = 0;
  let gapCount = 0;
  // Rows come grouped by visitor: walk one visitor's rows at a time.
  for (let start = 0; start < rows.length; ) {
    const v = rows[start][2];
    let end = start;
    const list: number[] = [];
    while (end < rows.length && rows[end][2] === v) {
      add(visits, v);
      list.push(rows[end][0]);
      end++;
    }
    start = end;
    list.sort((a, b) => a - b);
    add(unique, v);
    add((firstSeen.get(v) ?? list[0]) >= fromDay ? fresh : returning, v);
    if (list.length >= 2) repeaters++;
    const distinct = [...new Set(list)];
    for (let i = 1; i < distinct.length; i++) {
      gapSum += distinct[i] - distinct[i - 1];
      gapCount++;
    }
    // Back after a long absence: 60+ days between a visit in the period and the one before it.
    // `before` covers the 60 days before the period, so a visitor seen earlier but not in that
    // window was away at least that long.
    const prior = lastBefore.get(v);
    const firstEver = firstSeen.get(v);
    const backFromBefore = prior === undefined ? firstEver !== undefined && firstEver < fromDay : list[0] - prior >= LAPSE_DAYS;
    if (backFromBefore || distinct.slice(1).some((d, i) => d - distinct[i] >= LAPSE_DAYS)) add(wonBack, v);
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

function staffing(rows: readonly StoreVisitRow[], toDay: number, weeks: number, k: number): TenantReport['staffing'] {
  const window = staffingWindow(toDay, weeks);
  const cells = sumWeeks(weekCells({ length: rows.length, day: rows.map((r) => r[0]), minute: rows.map((r) => r[1]), visitor: rows.map((r) => r[2]) }, window, k));
  return {
    weeks,
    days: cells.heatmap.map((hours, weekday) => {
      const avg = hours.map((c) => (c === null ? null : round(c / weeks, 1)));
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

const HIDDEN_CELL: Cell = { value: null, suppressed: true };

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** The promotion effect as it was computed before the visit columns. */
export function referencePromotionEffect(input: {
  promotionId: string;
  title: string;
  plays: readonly Play[];
  /** The shop's visits in the period, consenting shoppers only. */
  visits: readonly StoreVisitRow[];
  /** Visitor pseudonyms of the shop's redemptions in the period, one per redemption at its till. */
  redeemedBy: readonly string[];
  fromDay: number;
  toDay: number;
  windowHours: number;
  k: number;
}): PromotionEffect {
  const { plays, windowHours } = input;
  const slot = (day: number, hour: number) => day * 24 + hour;
  // Hours (absolute local hour numbers) within the window after a play, overall and per zone.
  const exposed = new Set<number>();
  const exposedInZone = new Set<string>();
  const playDays = new Set<number>();
  const byDay = new Map<number, number>();
  let impressions = 0;
  for (const p of plays) {
    if (p.day < input.fromDay || p.day > input.toDay) continue;
    impressions += p.count;
    byDay.set(p.day, (byDay.get(p.day) ?? 0) + p.count);
    playDays.add(p.day);
    for (let h = 0; h <= windowHours; h++) {
      const s = slot(p.day, p.hour) + h;
      exposed.add(s);
      exposedInZone.add(`${p.zoneId}|${s}`);
    }
  }
  const hoursOfDay = new Set([...exposed].map((s) => s % 24));
  const exposedVisits = tally();
  const baselineVisits = tally();
  let baselineHours = 0;
  for (let day = input.fromDay; day <= input.toDay; day++) if (!playDays.has(day)) baselineHours += hoursOfDay.size;
  for (const [day, minute, visitor, zone] of groupedByVisitor(input.visits)) {
    const s = slot(day, Math.floor(minute / 60));
    if (zone && exposedInZone.has(`${zone}|${s}`)) add(exposedVisits, visitor);
    else if (!playDays.has(day) && hoursOfDay.has(s % 24)) add(baselineVisits, visitor);
  }
  suppress([exposedVisits, baselineVisits], [], input.k);
  const exposedRate = exposed.size ? exposedVisits.value / exposed.size : 0;
  const baselineRate = baselineHours ? baselineVisits.value / baselineHours : 0;
  const lift = exposedVisits.suppressed || baselineVisits.suppressed || !baselineRate || !exposed.size ? null : Math.round((exposedRate / baselineRate - 1) * 1000) / 1000;
  return {
    promotionId: input.promotionId,
    title: input.title,
    impressions,
    impressionsByDay: [...byDay.entries()].sort(([a], [b]) => a - b).map(([day, count]) => ({ day, count })),
    redemptions: { value: input.redeemedBy.length, suppressed: false },
    exposedVisits: toCell(exposedVisits),
    exposedHours: exposed.size,
    baselineVisits: toCell(baselineVisits),
    baselineHours,
    lift,
  };
}
