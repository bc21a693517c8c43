/**
 * BER-TLV as EMV cards speak it (EMV Book 3, annex B): one- to three-byte tags, lengths in one to
 * three bytes, constructed tags (bit 6 of the first tag byte) holding more TLV. Small and strict:
 * anything truncated or out of shape throws TlvError, so a half-read answer is never taken.
 */
export class TlvError extends Error {}

export interface Tlv {
  /** The tag as upper-case hex, e.g. `9F38`. */
  tag: string;
  value: Buffer;
  /** Present for constructed tags: the TLVs inside `value`. */
  children?: Tlv[];
}

function readTag(buf: Buffer, at: number): [tag: string, next: number] {
  if (at >= buf.length) throw new TlvError('tag runs past the end');
  let end = at + 1;
  if ((buf[at] & 0x1f) === 0x1f) {
    // Subsequent tag bytes while bit 8 is set; EMV tags are at most three bytes.
    do {
      if (end >= buf.length) throw new TlvError('tag runs past the end');
      end++;
    } while (buf[end - 1] & 0x80 && end - at < 4);
    if (buf[end - 1] & 0x80) throw new TlvError('tag longer than three bytes');
  }
  return [buf.subarray(at, end).toString('hex').toUpperCase(), end];
}

function readLength(buf: Buffer, at: number): [length: number, next: number] {
  if (at >= buf.length) throw new TlvError('length runs past the end');
  const first = buf[at];
  if (first < 0x80) return [first, at + 1];
  const n = first & 0x7f;
  if (n === 0 || n > 3) throw new TlvError('length form not allowed');
  if (at + 1 + n > buf.length) throw new TlvError('length runs past the end');
  return [buf.readUIntBE(at + 1, n), at + 1 + n];
}

/**
 * Parses a whole buffer of BER-TLV (constructed tags recursively). Padding bytes 00 and FF between
 * objects are skipped, as EMV allows. Throws TlvError if anything is truncated or malformed.
 */
export function parseTlv(buf: Buffer, depth = 0): Tlv[] {
  if (depth > 8) throw new TlvError('nested too deeply');
  const out: Tlv[] = [];
  let at = 0;
  while (at < buf.length) {
    if (buf[at] === 0x00 || buf[at] === 0xff) {
      at++;
      continue;
    }
    const constructed = (buf[at] & 0x20) !== 0;
    const [tag, afterTag] = readTag(buf, at);
    const [length, afterLength] = readLength(buf, afterTag);
    if (afterLength + length > buf.length) throw new TlvError(`value of ${tag} runs past the end`);
    const value = buf.subarray(afterLength, afterLength + length);
    out.push(constructed ? { tag, value, children: parseTlv(value, depth + 1) } : { tag, value });
    at = afterLength + length;
  }
  return out;
}

/** The first TLV with this tag, searched depth-first through constructed tags. */
export function findTlv(nodes: readonly Tlv[], tag: string): Tlv | undefined {
  for (const n of nodes) {
    if (n.tag === tag) return n;
    const inner = n.children && findTlv(n.children, tag);
    if (inner) return inner;
  }
  return undefined;
}

/** Every TLV with this tag, depth-first. */
export function findAllTlv(nodes: readonly Tlv[], tag: string): Tlv[] {
  return nodes.flatMap((n) => [...(n.tag === tag ? [n] : []), ...(n.children ? findAllTlv(n.children, tag) : [])]);
}

/**
 * A Data Object List (PDOL, CDOL): tags and lengths with no values, as a card asks for terminal
 * data. Returns `[{ tag, length }]`; throws TlvError if truncated.
 */
export function parseDol(buf: Buffer): { tag: string; length: number }[] {
  const out: { tag: string; length: number }[] = [];
  let at = 0;
  while (at < buf.length) {
    const [tag, afterTag] = readTag(buf, at);
    const [length, next] = readLength(buf, afterTag);
    out.push({ tag, length });
    at = next;
  }
  return out;
}

/** Encodes one TLV (tag as hex, value bytes), for commands and for the test cards. */
export function tlv(tag: string, ...values: Buffer[]): Buffer {
  const value = Buffer.concat(values);
  const len = value.length;
  const length = len < 0x80 ? Buffer.from([len]) : len < 0x100 ? Buffer.from([0x81, len]) : Buffer.from([0x82, len >> 8, len & 0xff]);
  return Buffer.concat([Buffer.from(tag, 'hex'), length, value]);
}
