import smpp from 'smpp';

/**
 * How one text goes out as SMS: GSM 03.38 (7-bit default alphabet, data_coding 0) when every
 * character is in it, else UCS-2 (data_coding 8) — Polish ą ę ł ś ż, Hungarian ő ű, Kazakh
 * Cyrillic and Chinese all need UCS-2. A text longer than one SMS is split into parts that each
 * start with a concatenation header (UDH: IEI 0x00, 8-bit reference), so phones join them again.
 */
export interface SmsParts {
  /** SMPP data_coding: 0 (SMSC default alphabet, GSM 03.38) or 8 (UCS-2). */
  dataCoding: 0 | 8;
  /** short_message of each submit_sm: UDH + payload for a concatenated text, else payload only. */
  parts: Buffer[];
  /** Whether the parts carry a UDH (esm_class gets the UDHI bit, 0x40). */
  udh: boolean;
}

/** A text that would need more parts than this is refused rather than sent as a wall of SMS. */
export const MAX_PARTS = 6;

/** GSM 03.38 unit counts: 160 septets alone, 153 beside a 6-byte UDH; UCS-2 70 / 67 UTF-16 units. */
const LIMITS = { gsm: { single: 160, part: 153 }, ucs2: { single: 70, part: 67 } } as const;

/** Whether the text can go in the GSM 7-bit alphabet (basic set plus the extension table). */
export function fitsGsm7(text: string): boolean {
  return smpp.encodings.ASCII.match(text);
}

/** GSM units: septets, the extension-table characters (€ [ ] { } ^ ~ | \ and form feed) count two. */
function gsmUnits(ch: string): number {
  return '\f^{}\\[~]|€'.includes(ch) ? 2 : 1;
}

/** Splits into chunks of at most `size` units, never inside an escape pair or a surrogate pair. */
function chunk(text: string, size: number, unitsOf: (ch: string) => number): string[] {
  const out: string[] = [];
  let current = '';
  let used = 0;
  // for…of walks code points, so a surrogate pair (an emoji, a rare CJK character) stays whole.
  for (const ch of text) {
    const units = unitsOf(ch);
    if (used + units > size) {
      out.push(current);
      current = '';
      used = 0;
    }
    current += ch;
    used += units;
  }
  if (current) out.push(current);
  return out;
}

/**
 * Encodes and, when needed, splits a text. `reference` (0–255) ties the parts of one text
 * together; give each concatenated text sent to one number its own. Throws RangeError for an
 * empty text or one needing more than MAX_PARTS parts.
 */
export function toSmsParts(text: string, reference: number): SmsParts {
  if (!text) throw new RangeError('an SMS needs some text');
  const gsm = fitsGsm7(text);
  const limits = gsm ? LIMITS.gsm : LIMITS.ucs2;
  const unitsOf = gsm ? gsmUnits : (ch: string) => ch.length;
  const encode = (s: string) => (gsm ? smpp.encodings.ASCII.encode(s) : smpp.encodings.UCS2.encode(s));
  const total = [...text].reduce((n, ch) => n + unitsOf(ch), 0);
  if (total <= limits.single) return { dataCoding: gsm ? 0 : 8, parts: [encode(text)], udh: false };
  const chunks = chunk(text, limits.part, unitsOf);
  if (chunks.length > MAX_PARTS) throw new RangeError(`the text needs ${chunks.length} SMS parts; at most ${MAX_PARTS} are sent`);
  const ref = reference & 0xff;
  const parts = chunks.map((c, i) => Buffer.concat([Buffer.from([0x05, 0x00, 0x03, ref, chunks.length, i + 1]), encode(c)]));
  return { dataCoding: gsm ? 0 : 8, parts, udh: true };
}

/** Reads a short_message back (the test's SMS centre, and inbound texts): UDH stripped, decoded. */
export function fromSms(bytes: Buffer, dataCoding: number, hasUdh: boolean): { text: string; concat?: { ref: number; total: number; seq: number } } {
  let body = bytes;
  let concat: { ref: number; total: number; seq: number } | undefined;
  if (hasUdh && bytes.length > 0) {
    const udhLength = bytes[0] + 1;
    const udh = bytes.subarray(1, udhLength);
    // IEI 0x00 (8-bit reference) and 0x08 (16-bit reference) are the concatenation headers.
    for (let i = 0; i + 1 < udh.length; i += 2 + udh[i + 1]) {
      if (udh[i] === 0x00) concat = { ref: udh[i + 2], total: udh[i + 3], seq: udh[i + 4] };
      if (udh[i] === 0x08) concat = { ref: udh.readUInt16BE(i + 2), total: udh[i + 4], seq: udh[i + 5] };
    }
    body = bytes.subarray(udhLength);
  }
  const text = (dataCoding & 0x0f) === 8 ? smpp.encodings.UCS2.decode(body) : smpp.encodings.ASCII.decode(body);
  return concat ? { text, concat } : { text };
}
