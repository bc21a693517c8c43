import type { Impression, ImpressionReceipt } from '#shared/schemas/screens.ts';
import { MAX_IMPRESSION_BATCH } from '#shared/signage-limits.ts';
import type { Ack } from '#shared/schemas/common.ts';

const QUEUE_KEY = 'atrium.screen.impressions';
const SEQ_KEY = 'atrium.screen.impressionSeq';
/** A screen offline for days keeps at most this many showings; the oldest go first. */
const MAX_QUEUED = 20_000;

type Send = (batch: { screenId: string; impressions: Impression[] }) => Promise<Ack<ImpressionReceipt>>;

/**
 * Proof of play, queued in localStorage (it survives reloads and a hub that is down) and sent in
 * numbered batches. The hub remembers the highest number it counted, so a batch resent after a
 * lost ack is counted once; an impression leaves the queue only once the hub has it on disk.
 */
export class ImpressionQueue {
  #sending = false;

  get pending(): Impression[] {
    try {
      return JSON.parse(localStorage.getItem(QUEUE_KEY) ?? '[]') as Impression[];
    } catch {
      return [];
    }
  }

  clear(): void {
    localStorage.removeItem(QUEUE_KEY);
    localStorage.removeItem(SEQ_KEY);
  }

  record(promotionId: string, startedAt: number, durationMs: number): void {
    const seq = Number(localStorage.getItem(SEQ_KEY) ?? '0') + 1;
    const queue = this.pending;
    queue.push({ seq, promotionId, startedAt: new Date(startedAt).toISOString(), durationMs: Math.max(0, Math.round(durationMs)) });
    // The counter and the queue are written together, before anything is sent.
    localStorage.setItem(SEQ_KEY, String(seq));
    localStorage.setItem(QUEUE_KEY, JSON.stringify(queue.slice(-MAX_QUEUED)));
  }

  /** Sends queued impressions, batch by batch, until the queue is empty or the hub is unreachable. */
  async flush(screenId: string | null, send: Send): Promise<void> {
    if (this.#sending || !screenId) return;
    this.#sending = true;
    try {
      for (;;) {
        const batch = this.pending.slice(0, MAX_IMPRESSION_BATCH);
        if (!batch.length) return;
        const ack = await send({ screenId, impressions: batch });
        if (!ack.ok && ack.error === 'offline') return;
        // A refused batch (say, a promotion deleted on the hub) would block the queue for ever: drop it.
        if (!ack.ok) console.warn('impressions refused by the hub', ack.error, ack.field);
        const upTo = ack.ok ? ack.data.upToSeq : batch.at(-1)!.seq;
        localStorage.setItem(QUEUE_KEY, JSON.stringify(this.pending.filter((i) => i.seq > upTo)));
      }
    } finally {
      this.#sending = false;
    }
  }
}
