import type { PlayReport, PlayReportQuery, PlayReportRow } from '#shared/schemas/play-report.ts';
import type { DeviceRecord, PromotionRecord } from '#server/storage/records.ts';
import { notFound } from '../core/errors.ts';
import { distinctNames } from '../devices/distinct-names.ts';
import { dayToIso, isoToDay, localMoment } from '../mall/local-time.ts';
import type { ProofOfPlay } from './proof-of-play.ts';

/** Whose impressions a report may count: the whole mall (operators), or one shop's promotions. */
export type PlayScope = { kind: 'mall' } | { kind: 'tenant'; tenantId: string };

export interface PlayReportSources {
  proofOfPlay: ProofOfPlay;
  promotion(id: string): PromotionRecord | undefined;
  /** Screens by id, revoked ones too (their past plays still count). */
  device(id: string): DeviceRecord | undefined;
  zones(): readonly { id: string; name: string }[];
  timeZone(): string;
}

const DAY_MS = 86400_000;

/**
 * Proof-of-play reports: impressions per promotion, screen, zone and local hour over a range of
 * the mall's days. Reads only the stored hours inside the range (ProofOfPlay.eachBetween), and
 * works out each stored hour's local day and hour once, however many counts it holds.
 *
 * Access is decided here: a shop's scope counts only its own promotions, and a promotion filter
 * naming another shop's promotion is answered as unknown (404 on `promotionId`), as a made-up id is.
 * Unknown screen and zone ids are 404s naming `screenId` / `zoneId`.
 */
export class PlayReports {
  constructor(private readonly from: PlayReportSources) {}

  /**
   * The report's totals, and with `detail` its rows too (sorted by date, hour, promotion, screen;
   * for the CSV). Without `detail` the counts go straight into the totals: no row per count.
   */
  build(scope: PlayScope, query: PlayReportQuery, detail = false): { report: PlayReport; rows: PlayReportRow[] } {
    const promotionOk = this.#promotionFilter(scope, query.promotionId);
    const screenOk = this.#screenFilter(query.screenId);
    const zones = new Map<string, string | null>();
    const zoneOf = (screenId: string) => {
      let z = zones.get(screenId);
      if (z === undefined) zones.set(screenId, (z = this.from.device(screenId)?.zoneId ?? null));
      return z;
    };
    const zoneOk = this.#zoneFilter(query.zoneId, zoneOf);
    // (A screen-group filter goes here: one more predicate on the screen id, like screenOk.)

    const timeZone = this.from.timeZone();
    const fromDay = isoToDay(query.from);
    const toDay = isoToDay(query.to);
    const totals = new Totals(toDay - fromDay + 1);
    // UTC hours that can fall on those local days: a day either side covers every zone offset.
    const local = new Map<number, { day: number; hour: number }>();
    const rows = new Map<string, PlayReportRow>();
    this.from.proofOfPlay.eachBetween((fromDay - 1) * DAY_MS, (toDay + 2) * DAY_MS, (hourMs, promotionId, screenId, count) => {
      let at = local.get(hourMs);
      if (!at) {
        const m = localMoment(new Date(hourMs), timeZone);
        at = { day: m.day, hour: Math.floor(m.minute / 60) };
        local.set(hourMs, at);
      }
      if (at.day < fromDay || at.day > toDay) return;
      if (!promotionOk(promotionId) || !screenOk(screenId) || !zoneOk(screenId)) return;
      totals.add(at.day - fromDay, at.hour, promotionId, screenId, zoneOf(screenId), count);
      if (!detail) return;
      // Two UTC hours can share a local hour (the hour clocks go back): one row, both counts.
      const key = `${at.day}|${at.hour}|${promotionId}|${screenId}`;
      const row = rows.get(key);
      if (row) row.count += count;
      else rows.set(key, { date: dayToIso(at.day), hour: at.hour, promotionId, screenId, zoneId: zoneOf(screenId), count });
    });
    const sorted = detail
      ? [...rows.values()].sort(
          (a, b) => a.date.localeCompare(b.date) || a.hour - b.hour || a.promotionId.localeCompare(b.promotionId) || a.screenId.localeCompare(b.screenId),
        )
      : [];
    return { report: this.#report(query, timeZone, fromDay, totals), rows: sorted };
  }

  #report(query: PlayReportQuery, timeZone: string, fromDay: number, t: Totals): PlayReport {
    const zoneName = new Map(this.from.zones().map((z) => [z.id, z.name]));
    // Two screens by one name (data from before names were unique) would read as one twice.
    const screens = [...t.byScreen.keys()].map((id) => ({ id, name: this.from.device(id)?.name ?? id, zoneId: this.from.device(id)?.zoneId ?? null }));
    const screenName = distinctNames(screens, (id) => zoneName.get(id) ?? id);
    const most = <T extends { count: number; name: string }>(list: T[]) => list.sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
    return {
      from: query.from,
      to: query.to,
      timeZone,
      total: t.total,
      byPromotion: most([...t.byPromotion].map(([id, count]) => ({ id, name: this.from.promotion(id)?.title ?? id, count }))),
      byScreen: most([...t.byScreen].map(([id, count]) => ({ id, name: screenName.get(id) ?? id, zoneId: this.from.device(id)?.zoneId ?? null, count }))),
      byZone: most([...t.byZone].map(([id, count]) => ({ id, name: zoneName.get(id) ?? id, count }))),
      byHour: t.byHour,
      byDay: t.byDay.map((count, i) => ({ date: dayToIso(fromDay + i), count })),
    };
  }

  #promotionFilter(scope: PlayScope, promotionId: string | undefined): (id: string) => boolean {
    // Asked once per promotion, not per count.
    const known = new Map<string, boolean>();
    const mine = (id: string) => {
      if (scope.kind === 'mall') return true;
      let ok = known.get(id);
      if (ok === undefined) known.set(id, (ok = this.from.promotion(id)?.tenantId === scope.tenantId));
      return ok;
    };
    if (promotionId === undefined) return mine;
    if (!this.from.promotion(promotionId) || !mine(promotionId)) throw notFound('no such promotion', 'promotionId');
    return (id) => id === promotionId;
  }

  #screenFilter(screenId: string | undefined): (id: string) => boolean {
    if (screenId === undefined) return () => true;
    if (this.from.device(screenId)?.kind !== 'screen') throw notFound('no such screen', 'screenId');
    return (id) => id === screenId;
  }

  #zoneFilter(zoneId: string | undefined, zoneOf: (screenId: string) => string | null): (screenId: string) => boolean {
    if (zoneId === undefined) return () => true;
    if (!this.from.zones().some((z) => z.id === zoneId)) throw notFound('no such zone', 'zoneId');
    return (screenId) => zoneOf(screenId) === zoneId;
  }
}

/** Running totals of a report: per promotion, screen, zone, local hour of day and day of the range. */
class Totals {
  total = 0;
  readonly byPromotion = new Map<string, number>();
  readonly byScreen = new Map<string, number>();
  readonly byZone = new Map<string, number>();
  readonly byHour = new Array<number>(24).fill(0);
  readonly byDay: number[];

  constructor(days: number) {
    this.byDay = new Array<number>(days).fill(0);
  }

  /** `dayIndex`: days from the range's first day. */
  add(dayIndex: number, hour: number, promotionId: string, screenId: string, zoneId: string | null, count: number): void {
    this.total += count;
    this.byPromotion.set(promotionId, (this.byPromotion.get(promotionId) ?? 0) + count);
    this.byScreen.set(screenId, (this.byScreen.get(screenId) ?? 0) + count);
    if (zoneId) this.byZone.set(zoneId, (this.byZone.get(zoneId) ?? 0) + count);
    this.byHour[hour] += count;
    this.byDay[dayIndex] += count;
  }
}
