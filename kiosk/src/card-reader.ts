export interface CardReaderOptions {
  /** Keys further apart than this start a new burst. */
  maxKeyGapMs: number;
  /**
   * A reader's burst averages a few ms per key; a person cannot average this fast over a whole
   * card number. Judging the average, not each gap, keeps a busy kiosk PC's hiccups from losing a tap.
   */
  maxAverageGapMs?: number;
  minLength: number;
  /** Characters some readers send before and after the card; stripped. */
  prefix: string;
  suffix: string;
}

export const DEFAULT_READER: CardReaderOptions = { maxKeyGapMs: 250, maxAverageGapMs: 60, minLength: 4, prefix: '', suffix: '' };

/**
 * Listens to the whole page for a keyboard-wedge card reader: a burst of keys a few ms apart
 * ending in Enter. No field needs focus. A person typing is slower and is left alone.
 */
export class CardReader {
  #buffer = '';
  #last = 0;
  #slow = false;
  #started = 0;

  constructor(
    private readonly onCard: (value: string) => void,
    private readonly options: CardReaderOptions = DEFAULT_READER,
    private readonly now: () => number = () => performance.now(),
  ) {}

  attach(target: Window = window): () => void {
    const handler = (e: KeyboardEvent) => this.key(e);
    target.addEventListener('keydown', handler, true);
    return () => target.removeEventListener('keydown', handler, true);
  }

  /** Feeds one key; returns true if it completed a card read. */
  key(e: Pick<KeyboardEvent, 'key' | 'preventDefault'>): boolean {
    const t = this.now();
    const gap = t - this.#last;
    this.#last = t;
    if (this.#buffer && gap > this.options.maxKeyGapMs) this.#reset();
    if (e.key === 'Enter') {
      const raw = this.#buffer;
      const average = raw.length > 1 ? (t - this.#started) / raw.length : 0;
      const slow = this.#slow || average > (this.options.maxAverageGapMs ?? this.options.maxKeyGapMs);
      this.#reset();
      if (raw.length >= this.options.minLength && slow) {
        // Never the keys themselves: only how fast they came, for tuning a reader in the field.
        console.debug(`card reader: burst of ${raw.length} keys too slow for a reader (${average.toFixed(0)} ms per key)`);
      }
      if (slow || raw.length < this.options.minLength) return false;
      e.preventDefault();
      this.onCard(this.#strip(raw));
      return true;
    }
    if (e.key.length !== 1) return false;
    if (!this.#buffer) {
      this.#slow = false;
      this.#started = t;
    }
    this.#buffer += e.key;
    if (this.#buffer.length > 300) this.#reset();
    return false;
  }

  #reset(): void {
    this.#buffer = '';
    this.#slow = false;
  }

  #strip(raw: string): string {
    let v = raw;
    if (this.options.prefix && v.startsWith(this.options.prefix)) v = v.slice(this.options.prefix.length);
    if (this.options.suffix && v.endsWith(this.options.suffix)) v = v.slice(0, -this.options.suffix.length);
    return v;
  }
}
