export interface CardReaderOptions {
  /** Keys further apart than this (by the time the key was pressed) are not one burst. */
  maxKeyGapMs: number;
  /**
   * A reader's burst averages a few ms per key; a person cannot average this fast over a whole
   * card number. Judging the average, not each gap, keeps a busy kiosk PC's hiccups from losing a tap.
   */
  maxAverageGapMs: number;
  minLength: number;
}

/** A USB wedge: ~8–10 ms per key. */
export const DEFAULT_READER: CardReaderOptions = { maxKeyGapMs: 250, maxAverageGapMs: 60, minLength: 4 };
/** A reader configured as slow (Bluetooth, serial bridges): up to ~200 ms per key. */
export const SLOW_READER: CardReaderOptions = { maxKeyGapMs: 600, maxAverageGapMs: 200, minLength: 4 };
/** Up to this average, an even burst of card-like keys is taken for a reader, too slow to trust. */
const SLOW_BURST_MS = 250;

/** Why a burst that may have been a card was not taken. */
export type Misread = 'slow' | 'split';

/** What a US-set reader means by each physical key, unshifted and shifted. */
const US_KEYS: Record<string, readonly [string, string]> = {
  Minus: ['-', '_'],
  Equal: ['=', '+'],
  BracketLeft: ['[', '{'],
  BracketRight: [']', '}'],
  Backslash: ['\\', '|'],
  Semicolon: [';', ':'],
  Quote: ["'", '"'],
  Backquote: ['`', '~'],
  Comma: [',', '<'],
  Period: ['.', '>'],
  Slash: ['/', '?'],
  Space: [' ', ' '],
  NumpadDecimal: ['.', '.'],
  NumpadAdd: ['+', '+'],
  NumpadSubtract: ['-', '-'],
  NumpadMultiply: ['*', '*'],
  NumpadDivide: ['/', '/'],
};
const US_SHIFTED_DIGITS = ')!@#$%^&*(';

type KeyEvent = Pick<KeyboardEvent, 'key' | 'code' | 'shiftKey' | 'timeStamp' | 'preventDefault'>;

/**
 * The character a reader sent, read from the physical key (`code`), not from `key`: readers type
 * scan codes for a US keyboard, and the PC's layout turns them into other characters (on AZERTY
 * `4111` arrives as `'&&&`). Falls back to `key` for events with no physical key (on-screen
 * keyboards, synthetic input). 'Enter' ends a burst; null is a key no reader sends.
 */
export function readerChar(e: Pick<KeyboardEvent, 'key' | 'code' | 'shiftKey'>): string | 'Enter' | null {
  const code = e.code;
  if (code === 'Enter' || code === 'NumpadEnter') return 'Enter';
  const numpad = /^Numpad(\d)$/.exec(code);
  if (numpad) return numpad[1];
  const digit = /^Digit(\d)$/.exec(code);
  const pair: readonly [string, string] | undefined = digit ? [digit[1], US_SHIFTED_DIGITS[Number(digit[1])]] : US_KEYS[code];
  // Shifted if the reader pressed Shift, or if the key says so without Shift (input that names
  // the character but not the modifier, as some scanners' drivers and test tools send it).
  if (pair) return e.shiftKey || e.key === pair[1] ? pair[1] : pair[0];
  const letter = /^Key([A-Z])$/.exec(code);
  // Case from Shift, or from the key when the layout puts a letter there (a pass id is case-sensitive).
  if (letter) return e.shiftKey || (e.key.length === 1 && e.key !== e.key.toLowerCase()) ? letter[1] : letter[1].toLowerCase();
  if (code) return null;
  if (e.key === 'Enter') return 'Enter';
  return e.key.length === 1 ? e.key : null;
}

/**
 * Listens to the whole page for a keyboard-wedge card reader: a burst of keys a few ms apart
 * ending in Enter. No field needs focus. A person typing is slower and is left alone.
 *
 * Gaps are timed by `event.timeStamp` (when the key was pressed), not by when the handler runs: a
 * busy page delivers queued keys late and all at once, and handler time would split one card in
 * two. A burst that is split all the same is dropped whole: its tail is never taken for a card.
 */
export class CardReader {
  #buffer = '';
  #started = 0;
  #last = -Infinity;
  /** The keys since the last Enter are the tail of a burst broken by a long gap. */
  #tail = false;

  constructor(
    private readonly onCard: (value: string) => void,
    private readonly options: () => CardReaderOptions = () => DEFAULT_READER,
    /** Returns true if the burst was taken for a card (its Enter then presses nothing on the page). */
    private readonly onMisread: (why: Misread, value: string) => boolean | void = () => undefined,
  ) {}

  attach(target: Window = window): () => void {
    const handler = (e: KeyboardEvent) => this.key(e);
    target.addEventListener('keydown', handler, true);
    return () => target.removeEventListener('keydown', handler, true);
  }

  /** Feeds one key; returns true if it completed a card read. */
  key(e: KeyEvent): boolean {
    const o = this.options();
    const ch = readerChar(e);
    if (ch === null) return false;
    const t = e.timeStamp;
    const gap = t - this.#last;
    this.#last = t;
    if (this.#buffer && gap > o.maxKeyGapMs) {
      // A burst broken off: what follows soon after is its tail, never a card of its own.
      this.#buffer = '';
      this.#tail = gap < o.maxKeyGapMs * 8;
    }
    if (ch === 'Enter') {
      const raw = this.#buffer;
      const tail = this.#tail;
      const average = raw.length > 1 ? (t - this.#started) / raw.length : 0;
      this.#buffer = '';
      this.#tail = false;
      this.#last = -Infinity;
      if (raw.length < o.minLength) return false;
      if (tail) {
        e.preventDefault();
        this.onMisread('split', raw);
        return false;
      }
      if (average > o.maxAverageGapMs) {
        // Only how fast the keys came, never the keys themselves, for tuning a reader in the field.
        console.debug(`card reader: burst of ${raw.length} keys too slow for a reader (${average.toFixed(0)} ms per key)`);
        if (average <= SLOW_BURST_MS && this.onMisread('slow', raw)) e.preventDefault();
        return false;
      }
      e.preventDefault();
      this.onCard(raw);
      return true;
    }
    if (!this.#buffer) this.#started = t;
    this.#buffer += ch;
    if (this.#buffer.length > 300) this.#buffer = '';
    return false;
  }
}
