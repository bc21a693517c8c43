import { describe, expect, it } from 'vitest';
import { CardReader, DEFAULT_READER, readerChar, SLOW_READER, type Misread } from './card-reader.ts';

/** Keys as a US keyboard names them, each pressed `gap(i)` ms after the one before. */
function feed(reader: CardReader, clock: { t: number }, text: string, gap: (i: number) => number) {
  let done = false;
  [...text, 'Enter'].forEach((key, i) => {
    clock.t += gap(i);
    const code = key === 'Enter' ? 'Enter' : /\d/.test(key) ? `Digit${key}` : /[a-z]/i.test(key) ? `Key${key.toUpperCase()}` : '';
    done = reader.key({ key, code, shiftKey: /[A-Z]/.test(key), timeStamp: clock.t, preventDefault: () => undefined }) || done;
  });
  return done;
}

function setup(options = DEFAULT_READER) {
  const cards: string[] = [];
  const misreads: Misread[] = [];
  const reader = new CardReader((c) => cards.push(c), () => options, (why) => void misreads.push(why));
  return { cards, misreads, reader, clock: { t: 1000 } };
}

describe('keyboard-wedge card reader', () => {
  it('takes a fast burst, even with one slow hiccup', () => {
    const { reader, cards, clock } = setup();
    expect(feed(reader, clock, '4111111111111111', (i) => (i === 7 ? 120 : 8))).toBe(true);
    expect(cards).toEqual(['4111111111111111']);
  });

  it('leaves a person typing alone', () => {
    const { reader, cards, misreads, clock } = setup();
    expect(feed(reader, clock, 'hello world', () => 300)).toBe(false);
    expect(feed(reader, clock, 'abc', () => 10)).toBe(false); // too short
    expect(cards).toEqual([]);
    expect(misreads).toEqual([]);
  });

  it('reads the physical key, whatever the layout makes of it', () => {
    expect(readerChar({ key: "'", code: 'Digit4', shiftKey: false })).toBe('4');
    expect(readerChar({ key: 'à', code: 'Digit0', shiftKey: false })).toBe('0');
    expect(readerChar({ key: 'Q', code: 'KeyA', shiftKey: true })).toBe('A');
    expect(readerChar({ key: '5', code: 'Digit5', shiftKey: true })).toBe('%');
    expect(readerChar({ key: '§', code: 'Slash', shiftKey: true })).toBe('?');
    expect(readerChar({ key: 'm', code: 'Semicolon', shiftKey: false })).toBe(';');
    expect(readerChar({ key: 'ArrowLeft', code: 'Numpad4', shiftKey: false })).toBe('4');
    expect(readerChar({ key: 'Enter', code: 'NumpadEnter', shiftKey: false })).toBe('Enter');
    expect(readerChar({ key: 'Shift', code: 'ShiftLeft', shiftKey: true })).toBeNull();
    expect(readerChar({ key: '7', code: '', shiftKey: false })).toBe('7');
    // Events that name a shifted character without the Shift modifier (some drivers, test tools).
    expect(readerChar({ key: '_', code: 'Minus', shiftKey: false })).toBe('_');
    expect(readerChar({ key: 'X', code: 'KeyX', shiftKey: false })).toBe('X');
    expect(readerChar({ key: '%', code: 'Digit5', shiftKey: false })).toBe('%');
    // AZERTY, no Shift: the unshifted US character, whatever the layout printed.
    expect(readerChar({ key: ')', code: 'Minus', shiftKey: false })).toBe('-');
    expect(readerChar({ key: '(', code: 'Digit5', shiftKey: false })).toBe('5');
  });

  it('drops the tail of a burst broken by a long gap, and says so', () => {
    const { reader, cards, misreads, clock } = setup();
    expect(feed(reader, clock, '4111111111111111', (i) => (i === 6 ? 300 : 8))).toBe(false);
    expect(cards).toEqual([]);
    expect(misreads).toEqual(['split']);
    // The next card after a pause is read again.
    clock.t += 5000;
    expect(feed(reader, clock, '4111111111111111', () => 8)).toBe(true);
  });

  it('tells a reader slower than a wedge from a person, and takes it when set for slow readers', () => {
    const fast = setup();
    expect(feed(fast.reader, fast.clock, '04A22B1A', () => 70)).toBe(false);
    expect(fast.misreads).toEqual(['slow']);
    const slow = setup(SLOW_READER);
    expect(feed(slow.reader, slow.clock, '04A22B1A', () => 70)).toBe(true);
    expect(slow.cards).toEqual(['04A22B1A']);
  });
});
