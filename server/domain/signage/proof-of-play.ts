import type { ImpressionBatch, ImpressionReceipt } from '#shared/schemas/screens.ts';
import type { Partition } from '#server/storage/partition.ts';
import type { ProofOfPlayRecord } from '#server/storage/records.ts';
import { invalid } from '../core/errors.ts';

/** The UTC hour an impression started in, as an ISO time. */
const hourOf = (iso: string) => `${iso.slice(0, 13)}:00:00.000Z`;

/**
 * Impressions, kept as counts per promotion, screen and hour. Each screen numbers its impressions;
 * the hub stores the highest number it has counted in the same write as the counts, so a batch
 * resent after a lost ack (or a reload) is recognised and never counted twice.
 */
export class ProofOfPlay {
  /**
   * The stored count keys by their hour (ms since epoch), hours kept sorted: a report over a date
   * range reads only the hours inside it instead of every count ever stored. Built on first use
   * from the file; `record()` adds new keys. Counts themselves are read from the record.
   */
  #byHour: Map<number, string[]> | null = null;
  #hours: number[] = [];
  #lastPrefix = '';
  #lastHour = 0;

  constructor(
    private readonly store: Partition<ProofOfPlayRecord>,
    private readonly promotionExists: (id: string) => boolean,
  ) {}

  async record(screenId: string, batch: ImpressionBatch): Promise<ImpressionReceipt> {
    if (batch.screenId !== screenId) throw invalid('impressions may only be reported by the screen that showed them', 'screenId');
    // Check everything before changing anything: a bad batch stores nothing.
    for (const [i, imp] of batch.impressions.entries()) {
      if (!this.promotionExists(imp.promotionId)) throw invalid('no such promotion', `impressions.${i}.promotionId`);
      if (Number.isNaN(Date.parse(imp.startedAt))) throw invalid('bad start time', `impressions.${i}.startedAt`);
    }
    const data = this.store.data;
    let upTo = data.lastSeq[screenId] ?? 0;
    let stored = 0;
    let duplicates = 0;
    for (const imp of [...batch.impressions].sort((a, b) => a.seq - b.seq)) {
      if (imp.seq <= upTo) {
        duplicates++;
        continue;
      }
      upTo = imp.seq;
      const key = `${hourOf(new Date(imp.startedAt).toISOString())}|${imp.promotionId}|${screenId}`;
      if (data.counts[key] === undefined) this.#index(key);
      data.counts[key] = (data.counts[key] ?? 0) + 1;
      stored++;
    }
    data.lastSeq[screenId] = upTo;
    if (stored) await this.store.commit();
    return { stored, duplicates, upToSeq: upTo };
  }

  #index(key: string): void {
    if (!this.#byHour) return; // built with every key on first use
    // Keys of one hour mostly come together (the file is in insertion order): parse each hour once.
    const prefix = key.slice(0, 24);
    if (prefix !== this.#lastPrefix) {
      this.#lastPrefix = prefix;
      this.#lastHour = Date.parse(prefix);
    }
    const hour = this.#lastHour;
    const keys = this.#byHour.get(hour);
    if (keys) keys.push(key);
    else {
      this.#byHour.set(hour, [key]);
      // Impressions arrive mostly in time order, so this is usually an append.
      let i = this.#hours.length;
      while (i > 0 && this.#hours[i - 1] > hour) i--;
      this.#hours.splice(i, 0, hour);
    }
  }

  #hourIndex(): Map<number, string[]> {
    if (!this.#byHour) {
      this.#byHour = new Map();
      for (const key of Object.keys(this.store.data.counts)) this.#index(key);
    }
    return this.#byHour;
  }

  /**
   * The counts of every hour starting in [fromMs, toMs) (ms since epoch, UTC hours), calling
   * `visit(hourMs, promotionId, screenId, count)` for each; costs the hours in range, not the file.
   */
  eachBetween(fromMs: number, toMs: number, visit: (hourMs: number, promotionId: string, screenId: string, count: number) => void): void {
    const byHour = this.#hourIndex();
    const hours = this.#hours;
    let lo = 0;
    let hi = hours.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (hours[mid] < fromMs) lo = mid + 1;
      else hi = mid;
    }
    const counts = this.store.data.counts;
    for (let i = lo; i < hours.length && hours[i] < toMs; i++) {
      for (const key of byHour.get(hours[i])!) {
        const bar = key.indexOf('|', 25);
        visit(hours[i], key.slice(25, bar), key.slice(bar + 1), counts[key]);
      }
    }
  }

  counts(filter: { promotionId?: string; screenId?: string } = {}): { hour: string; promotionId: string; screenId: string; count: number }[] {
    const rows = [];
    for (const [key, count] of Object.entries(this.store.data.counts)) {
      const [hour, promotionId, screenId] = key.split('|');
      if (filter.promotionId && filter.promotionId !== promotionId) continue;
      if (filter.screenId && filter.screenId !== screenId) continue;
      rows.push({ hour, promotionId, screenId, count });
    }
    return rows.sort((a, b) => a.hour.localeCompare(b.hour) || a.promotionId.localeCompare(b.promotionId));
  }
}
