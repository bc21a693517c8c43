import type { ReaderSettings } from './schemas/reader.ts';

/**
 * A card identifier in its one canonical form, so one card always gives one token. Shared by the
 * kiosk (which reads the wedge and seals offline taps) and the hub (reader bridge, old kiosks):
 * one function, one set of reader settings per kiosk, one token per card.
 */
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

/** A reader as most are delivered (kept free of zod: the kiosk's first load uses it). */
export const READER_DEFAULTS: ReaderSettings = { format: 'auto', byteOrder: 'as-printed', decimalBytes: 4, prefix: '', suffix: '', slow: false };

const UID_HEX_LENGTHS = new Set([8, 14, 20]);
const ALIAS = /^[A-Za-z0-9_.:=+/-]{8,128}$/;
/** Already canonical (`uid:04A22B1A`, `pan:4111…`): what a kiosk sends after reading the wedge itself. */
const CANONICAL = /^(pan|uid|alias):(.+)$/;

/** The canonical card as one string, as a kiosk sends it: `<kind>:<value>`. */
export const canonicalCard = (card: NormalisedCard): string => `${card.kind}:${card.value}`;

/**
 * Turns what a reader typed into a canonical card id, or null if it is no card. A magnetic swipe
 * keeps only its PAN; a Luhn-valid 13–19 digit number is a PAN; hex of 4, 7 or 10 bytes, or a
 * decimal UID (by `settings.format`), is a UID as upper-case hex in one byte order. An input
 * already canonical (`uid:…`, as canonicalCard makes it) is checked and taken as it is, so
 * normalising twice changes nothing.
 */
export function readCard(raw: string, settings: Partial<ReaderSettings> = {}): NormalisedCard | null {
  const s = { ...READER_DEFAULTS, ...settings };
  const canonical = CANONICAL.exec(raw.trim());
  if (canonical) return checkCanonical(canonical[1] as NormalisedCard['kind'], canonical[2]);
  let v = raw.trim();
  if (s.prefix && v.startsWith(s.prefix)) v = v.slice(s.prefix.length);
  if (s.suffix && v.endsWith(s.suffix)) v = v.slice(0, -s.suffix.length);
  if (s.format === 'alias') {
    const alias = v.trim();
    return ALIAS.test(alias) ? { kind: 'alias', value: alias } : null;
  }
  const input = v.replace(/[\s-]/g, '');
  // Track 1 (%B<PAN>^NAME^...) or track 2 (;<PAN>=...): the PAN is taken and the rest dropped here.
  const swipe = /^%B(\d{13,19})\^/.exec(input) ?? /^;(\d{13,19})=/.exec(input);
  if (swipe) return luhnValid(swipe[1]) ? { kind: 'pan', value: swipe[1] } : null;
  if (/^\d+$/.test(input)) {
    if (s.format === 'decimal') return decimalUid(input, s) ?? panOf(input);
    const pan = panOf(input);
    if (pan) return pan;
    // Eight (or 14, 20) digits are a UID in hex that happens to hold no letter (~1 card in 40 for
    // 4 bytes): read as decimal, that card would get another token than on a reader printing decimal.
    if (s.format === 'auto' && !UID_HEX_LENGTHS.has(input.length)) return decimalUid(input, s);
  }
  const hex = input.replace(/:/g, '').toUpperCase();
  if (/^[0-9A-F]+$/.test(hex) && UID_HEX_LENGTHS.has(hex.length)) return { kind: 'uid', value: ordered(hex, s) };
  return null;
}

function panOf(digits: string): NormalisedCard | null {
  return /^\d{13,19}$/.test(digits) && luhnValid(digits) ? { kind: 'pan', value: digits } : null;
}

/** A decimal UID of `decimalBytes` bytes (leading zero bytes kept), in hex, in the one byte order. */
function decimalUid(digits: string, s: ReaderSettings): NormalisedCard | null {
  if (digits.length > 25) return null;
  const n = BigInt(digits);
  if (n >= 1n << BigInt(8 * s.decimalBytes)) return null;
  return { kind: 'uid', value: ordered(n.toString(16).toUpperCase().padStart(s.decimalBytes * 2, '0'), s) };
}

function ordered(hex: string, s: ReaderSettings): string {
  return s.byteOrder === 'reversed' ? (hex.match(/../g) ?? []).reverse().join('') : hex;
}

function checkCanonical(kind: NormalisedCard['kind'], value: string): NormalisedCard | null {
  if (kind === 'pan') return panOf(value);
  if (kind === 'uid') return /^[0-9A-F]+$/.test(value) && UID_HEX_LENGTHS.has(value.length) ? { kind, value } : null;
  return ALIAS.test(value) ? { kind, value } : null;
}

/**
 * Reader settings as far as they can be trusted, field by field, the rest the defaults: for
 * settings read back from a kiosk's own storage, where zod is not loaded (first-load budget).
 */
export function readerSettingsFrom(raw: unknown): ReaderSettings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Partial<Record<keyof ReaderSettings, unknown>>;
  const pick = <K extends keyof ReaderSettings>(k: K, ok: (v: unknown) => boolean): ReaderSettings[K] => (ok(r[k]) ? (r[k] as ReaderSettings[K]) : READER_DEFAULTS[k]);
  const affix = (v: unknown) => typeof v === 'string' && /^[\x21-\x7e]{0,8}$/.test(v);
  return {
    format: pick('format', (v) => ['auto', 'hex', 'decimal', 'alias'].includes(v as string)),
    byteOrder: pick('byteOrder', (v) => v === 'as-printed' || v === 'reversed'),
    decimalBytes: pick('decimalBytes', (v) => v === 4 || v === 7 || v === 10),
    prefix: pick('prefix', affix),
    suffix: pick('suffix', affix),
    slow: pick('slow', (v) => typeof v === 'boolean'),
  };
}
