import type { NpsCell, NpsReport } from '#shared/schemas/feedback.ts';
import type { FeedbackFileRecord } from '#server/storage/records.ts';

import { add, suppress, tally, type Tally } from '../reports/suppression.ts';

/** A cell's answers: the tally (one distinct member per answer, for K) and its promoters and detractors. */
interface NpsTally {
  t: Tally;
  promoters: number;
  detractors: number;
}

const npsTally = (): NpsTally => ({ t: tally(), promoters: 0, detractors: 0 });

function addAnswer(c: NpsTally, id: number, score: number): void {
  add(c.t, id);
  if (score >= 9) c.promoters++;
  else if (score <= 6) c.detractors++;
}

const toNpsCell = (c: NpsTally): NpsCell =>
  c.t.suppressed || c.t.value === 0
    ? { answers: c.t.suppressed ? null : 0, nps: null, suppressed: c.t.suppressed }
    : { answers: c.t.value, nps: Math.round(((c.promoters - c.detractors) / c.t.value) * 100), suppressed: false };

/** The ISO week (`2026-W48`) of a local day number. */
export function isoWeek(day: number): string {
  const d = new Date(day * 86400_000);
  const weekday = (d.getUTCDay() + 6) % 7;
  const thursday = new Date(d.getTime() + (3 - weekday) * 86400_000);
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86400_000));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/**
 * NPS (promoters 9–10 minus detractors 0–6, in % of answers) over local days `fromDay..toDay`,
 * by ISO week, zone, shop visited that day and channel. Answers are anonymous, so K counts
 * answers: a cell of 1..K−1 answers shows neither its count nor its NPS, and weeks, zones and
 * channels (each a split of the published total) get complementary suppression. Shops are not a
 * split (one visit may reach several shops), so each is suppressed on its own.
 */
export function npsReport(
  answers: Readonly<FeedbackFileRecord['answers']>,
  range: { from: string; to: string; fromDay: number; toDay: number },
  k: number,
  names: { zone: (id: string) => string; shop: (id: string) => string },
): NpsReport {
  const total = npsTally();
  const weeks = new Map<string, NpsTally>();
  const zones = new Map<string, NpsTally>();
  const shops = new Map<string, NpsTally>();
  const channels = new Map<string, NpsTally>();
  const cell = (m: Map<string, NpsTally>, key: string) => m.get(key) ?? m.set(key, npsTally()).get(key)!;
  answers.forEach((a, i) => {
    if (a.day < range.fromDay || a.day > range.toDay) return;
    addAnswer(total, i, a.score);
    addAnswer(cell(weeks, isoWeek(a.day)), i, a.score);
    addAnswer(cell(zones, a.zoneId), i, a.score);
    addAnswer(cell(channels, a.channel), i, a.score);
    for (const s of new Set(a.tenants)) addAnswer(cell(shops, s), i, a.score);
  });
  const splits = [weeks, zones, channels].map((m) => [...[...m.values()].map((c) => c.t), total.t]);
  const all = [total, ...weeks.values(), ...zones.values(), ...shops.values(), ...channels.values()].map((c) => c.t);
  suppress(all, splits, k, new Set([total.t]));
  const sorted = <T,>(m: Map<string, T>) => [...m.entries()].sort(([a], [b]) => a.localeCompare(b));
  return {
    from: range.from,
    to: range.to,
    k,
    total: toNpsCell(total),
    byWeek: sorted(weeks).map(([week, c]) => ({ week, cell: toNpsCell(c) })),
    byZone: sorted(zones).map(([zoneId, c]) => ({ zoneId, zone: names.zone(zoneId), cell: toNpsCell(c) })),
    byShop: sorted(shops).map(([tenantId, c]) => ({ tenantId, shop: names.shop(tenantId), cell: toNpsCell(c) })),
    byChannel: sorted(channels).map(([channel, c]) => ({ channel, cell: toNpsCell(c) })),
  };
}

