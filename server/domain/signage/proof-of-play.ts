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
      data.counts[key] = (data.counts[key] ?? 0) + 1;
      stored++;
    }
    data.lastSeq[screenId] = upTo;
    if (stored) await this.store.commit();
    return { stored, duplicates, upToSeq: upTo };
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
