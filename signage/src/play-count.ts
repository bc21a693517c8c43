/** What the counter needs of a slide: whose it is, and whether it is a video. */
export interface PlayedItem {
  promotionId: string | null;
  video?: unknown;
}

/** Records one impression: the promotion, when its slide started (ms since epoch), for how long (ms). */
export type RecordPlay = (promotionId: string, startedAt: number, durationMs: number) => void;

/**
 * Proof of play on a screen, slide by slide. An image slide is one impression however long it
 * showed; a video counts only when it played to its end (or through its slot, looped), once — a
 * video cut off by a new playlist, a reload or a stall was not seen through.
 *
 * A cut-off video may still reach its end: the slide fades out for half a second, still playing,
 * and a playlist that changes as a play ends (its promotion archived or edited at that moment)
 * ends the slide just before the video's own `ended`. That late end counts the play, once.
 */
export class PlayCounter {
  #current: { id: number; item: PlayedItem | null; startedAt: number } = { id: 0, item: null, startedAt: 0 };
  /** The last video slide ended before its video did: its own `ended` may still come. */
  #cutOff: { id: number; promotionId: string; startedAt: number } | null = null;
  #nextId = 1;

  constructor(private readonly record: RecordPlay) {}

  /** When the slide on screen started (ms since epoch). */
  get startedAt(): number {
    return this.#current.startedAt;
  }

  /** A slide starts (null: nothing plays). Returns the play's id, for `videoEnded`. */
  begin(item: PlayedItem | null, at: number): number {
    this.#current = { id: this.#nextId++, item, startedAt: at };
    return this.#current.id;
  }

  /** The slide on screen ends: `completed` when it ran its full time or its video to the end. */
  end(completed: boolean, at: number): void {
    const { item, startedAt } = this.#current;
    const counts = item?.video ? completed : true;
    if (item?.promotionId && counts && at > startedAt) this.record(item.promotionId, startedAt, at - startedAt);
    this.#cutOff = item?.video && !completed && item.promotionId ? { id: this.#current.id, promotionId: item.promotionId, startedAt } : null;
    this.#current = { id: 0, item: null, startedAt: at };
  }

  /**
   * The video of play `id` reached its end. Returns 'current' when that is the slide on screen
   * (the caller ends it as completed and moves on), 'late' when it is the video just cut off
   * (counted here), 'ignored' otherwise (an older slide, or an end already counted).
   */
  videoEnded(id: number, at: number): 'current' | 'late' | 'ignored' {
    if (id === this.#current.id) return this.#current.item?.video ? 'current' : 'ignored';
    const cut = this.#cutOff;
    if (!cut || cut.id !== id) return 'ignored';
    this.#cutOff = null;
    this.record(cut.promotionId, cut.startedAt, at - cut.startedAt);
    return 'late';
  }
}
