import { describe, expect, it } from 'vitest';
import { CardReader, DEFAULT_READER } from './card-reader.ts';

function feed(reader: CardReader, clock: { t: number }, text: string, gaps: (i: number) => number) {
  let done = false;
  [...text, 'Enter'].forEach((key, i) => {
    clock.t += gaps(i);
    done = reader.key({ key, preventDefault: () => undefined }) || done;
  });
  return done;
}

describe('keyboard-wedge card reader', () => {
  it('takes a fast burst, even with one slow hiccup, and strips prefix and suffix', () => {
    const clock = { t: 0 };
    const cards: string[] = [];
    const reader = new CardReader((c) => cards.push(c), { ...DEFAULT_READER, prefix: ';', suffix: '?' }, () => clock.t);
    expect(feed(reader, clock, ';4111111111111111?', (i) => (i === 7 ? 120 : 8))).toBe(true);
    expect(cards).toEqual(['4111111111111111']);
  });

  it('leaves a person typing alone', () => {
    const clock = { t: 0 };
    const cards: string[] = [];
    const reader = new CardReader((c) => cards.push(c), DEFAULT_READER, () => clock.t);
    expect(feed(reader, clock, 'hello world', () => 110)).toBe(false);
    expect(feed(reader, clock, 'abc', () => 10)).toBe(false); // too short
    expect(cards).toEqual([]);
  });
});
