import { createHmac } from 'node:crypto';
import { invalid } from '../core/errors.ts';

/** A card identifier in its one canonical form, so one card always gives one token. */
export interface NormalisedCard {
  kind: 'pan' | 'uid' | 'alias';
  value: string;
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export interface ReaderFormat {
  /** Some readers print a UID least-significant byte first; normalise to the other order. */
  uidReversed?: boolean;
  /** A payment terminal's stable card alias: taken as it is (bounded, plain characters). */
  alias?: boolean;
}

const UID_HEX_LENGTHS = new Set([8, 14, 20]);

/**
 * Turns what a reader typed into a canonical card id: a magnetic swipe keeps only its PAN; a
 * Luhn-valid 13–19 digit number is a PAN; hex of 4, 7 or 10 bytes, or a decimal 4-byte UID, is a
 * UID as upper-case hex in one byte order. Anything else is refused without echoing the input.
 */
export function normaliseCard(raw: string, format: ReaderFormat = {}): NormalisedCard {
  if (format.alias) {
    const alias = raw.trim();
    if (!/^[A-Za-z0-9_.:=+/-]{8,128}$/.test(alias)) throw invalid('the card alias could not be read', 'card');
    return { kind: 'alias', value: alias };
  }
  const input = raw.replace(/[\s-]/g, '');
  // Track 1 (%B<PAN>^NAME^...) or track 2 (;<PAN>=...): the PAN is taken and the rest dropped here.
  const swipe = /^%B(\d{13,19})\^/.exec(input) ?? /^;(\d{13,19})=/.exec(input);
  if (swipe) {
    if (!luhnValid(swipe[1])) throw invalid('the card could not be read', 'card');
    return { kind: 'pan', value: swipe[1] };
  }
  if (/^\d{13,19}$/.test(input) && luhnValid(input)) return { kind: 'pan', value: input };
  // Eight digits are a 4-byte UID in hex that happens to hold no letter (~1 card in 40): read as
  // decimal, that card would get another token than on a reader printing its 10-digit decimal form.
  if (/^\d{1,10}$/.test(input) && input.length !== 8 && Number(input) <= 0xffffffff) {
    return { kind: 'uid', value: orderUid(Number(input).toString(16).padStart(8, '0').toUpperCase(), format) };
  }
  const hex = input.replace(/:/g, '').toUpperCase();
  if (/^[0-9A-F]+$/.test(hex) && UID_HEX_LENGTHS.has(hex.length)) return { kind: 'uid', value: orderUid(hex, format) };
  throw invalid('the card could not be read', 'card');
}

function orderUid(hex: string, format: ReaderFormat): string {
  if (!format.uidReversed) return hex;
  return (hex.match(/../g) ?? []).reverse().join('');
}

/** HMAC-SHA256 under the mall's secret: the only form in which a card is ever kept. */
export function cardToken(card: NormalisedCard, secret: Buffer): string {
  return createHmac('sha256', secret).update(`${card.kind}:${card.value}`).digest('base64url');
}
