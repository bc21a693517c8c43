import type { NpsCell, NpsReport } from '#shared/schemas/feedback.ts';
import type { FeedbackFileRecord } from '#server/storage/records.ts';

import { add, suppress, tally, type Tally } from '../reports/suppression.ts';

/** A cell's answers: the tally (one distinct member per answer, for K), its promoters and detractors, and how many came with a comment. */
interface NpsTally {
  t: Tally;
  promoters: number;
  detractors: number;
  comments: number;
}

const npsTally = (): NpsTally => ({ t: tally(), promoters: 0, detractors: 0, comments: 0 });

function addAnswer(c: NpsTally, id: number, score: number, commented: boolean): void {
  add(c.t, id);
  if (score >= 9) c.promoters++;
  else if (score <= 6) c.detractors++;
  if (commented) c.comments++;
}

/** Adds a week's cell into the period's; a hidden week hides the period's cell. */
function addWeek(into: NpsTally, week: NpsTally): void {
  into.t.value += week.t.value;
  into.t.shoppers.size += week.t.shoppers.size;
  into.promoters += week.promoters;
  into.detractors += week.detractors;
  into.comments += week.comments;
  if (week.t.suppressed) into.t.suppressed = true;
}

const toNpsCell = (c: NpsTally): NpsCell =>
  c.t.suppressed || c.t.value === 0
    ? { answers: c.t.suppressed ? null : 0, nps: null, comments: c.t.suppressed ? null : 0, suppressed: c.t.suppressed }
    : { answers: c.t.value, nps: Math.round(((c.promoters - c.detractors) / c.t.value) * 100), comments: c.comments, suppressed: false };

/** The ISO week (`2026-W48`) of a local day number. */
export function isoWeek(day: number): string {
  const d = new Date(day * 86400_000);
  const weekday = (d.getUTCDay() + 6) % 7;
  const thursday = new Date(d.getTime() + (3 - weekday) * 86400_000);
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86400_000));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The Monday (local day number) of the ISO week holding `day`. */
export const mondayOf = (day: number): number => day - ((new Date(day * 86400_000).getUTCDay() + 6) % 7);

const isoDate = (day: number) => new Date(day * 86400_000).toISOString().slice(0, 10);

/** One ISO week's cells, decided from that week's answers alone. */
interface Week {
  total: NpsTally;
  zones: Map<string, NpsTally>;
  shops: Map<string, NpsTally>;
  channels: Map<string, NpsTally>;
}

const cellOf = (m: Map<string, NpsTally>, key: string) => m.get(key) ?? m.set(key, npsTally()).get(key)!;

/**
 * NPS (promoters 9–10 minus detractors 0–6, in % of answers) over the whole ISO weeks that hold
 * local days `fromDay..toDay`, by ISO week, zone, shop visited that day and channel, with how many
 * answers came with a comment (never the text). Answers are anonymous, so K counts answers.
 *
 * Protection against differencing (the rule shops' reports follow for hours, docs/shops.md "Why a
 * total is sometimes hidden"): the unit is the ISO week. Each week's cells are decided once, from
 * that week's answers alone: a cell of 1..K−1 answers is hidden, and weeks' zones and channels (each a
 * split of the week's total) get complementary suppression. A period's cell is the sum of its
 * weeks' cells, shown only if every week shows it. Any range asked for is widened to whole weeks,
 * so two reports can only be subtracted week by whole week — each of which is 0 or K+ answers.
 * Shops are not a split (one visit may reach several shops), so each is suppressed on its own.
 */
export function npsReport(
  answers: Readonly<FeedbackFileRecord['answers']>,
  range: { from: string; to: string; fromDay: number; toDay: number },
  k: number,
  names: { zone: (id: string) => string; shop: (id: string) => string },
): NpsReport {
  const fromDay = mondayOf(range.fromDay);
  const toDay = mondayOf(range.toDay) + 6;
  const weeks = new Map<number, Week>();
  answers.forEach((a, i) => {
    if (a.day < fromDay || a.day > toDay) return;
    const monday = mondayOf(a.day);
    let w = weeks.get(monday);
    if (!w) weeks.set(monday, (w = { total: npsTally(), zones: new Map(), shops: new Map(), channels: new Map() }));
    const commented = a.comment !== undefined;
    addAnswer(w.total, i, a.score, commented);
    addAnswer(cellOf(w.zones, a.zoneId), i, a.score, commented);
    addAnswer(cellOf(w.channels, a.channel), i, a.score, commented);
    for (const s of new Set(a.tenants)) addAnswer(cellOf(w.shops, s), i, a.score, commented);
  });

  const total = npsTally();
  const zones = new Map<string, NpsTally>();
  const shops = new Map<string, NpsTally>();
  const channels = new Map<string, NpsTally>();
  const byWeek: NpsReport['byWeek'] = [];
  for (const monday of [...weeks.keys()].sort((a, b) => a - b)) {
    const w = weeks.get(monday)!;
    const tallies = (m: Map<string, NpsTally>) => [...m.values()].map((c) => c.t);
    const splits = [w.zones, w.channels].map((m) => [...tallies(m), w.total.t]);
    suppress([w.total.t, ...tallies(w.zones), ...tallies(w.shops), ...tallies(w.channels)], splits, k);
    addWeek(total, w.total);
    for (const [id, c] of w.zones) addWeek(cellOf(zones, id), c);
    for (const [id, c] of w.shops) addWeek(cellOf(shops, id), c);
    for (const [id, c] of w.channels) addWeek(cellOf(channels, id), c);
    byWeek.push({ week: isoWeek(monday), cell: toNpsCell(w.total) });
  }
  // A zone, shop or channel no week of the period had is simply absent; one some weeks lacked
  // counts those weeks as 0 (shown, as an empty week cell is). The period's splits are checked
  // once more: a week's complementary suppression already leaves no group with one hidden cell.
  const periodSplits = [zones, channels].map((m) => [...[...m.values()].map((c) => c.t), total.t]);
  suppress([], periodSplits, k);
  const sorted = <T,>(m: Map<string, T>) => [...m.entries()].sort(([a], [b]) => a.localeCompare(b));
  return {
    from: isoDate(fromDay),
    to: isoDate(toDay),
    k,
    total: toNpsCell(total),
    byWeek,
    byZone: sorted(zones).map(([zoneId, c]) => ({ zoneId, zone: names.zone(zoneId), cell: toNpsCell(c) })),
    byShop: sorted(shops).map(([tenantId, c]) => ({ tenantId, shop: names.shop(tenantId), cell: toNpsCell(c) })),
    byChannel: sorted(channels).map(([channel, c]) => ({ channel, cell: toNpsCell(c) })),
  };
}
