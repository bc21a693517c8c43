import { randomBytes } from 'node:crypto';
import { luhnValid, type NormalisedCard } from './shared.ts';
import { findAllTlv, findTlv, parseDol, parseTlv, TlvError, type Tlv } from './tlv.ts';

/** Sends one APDU to the card and resolves with its whole answer (data + SW1 SW2); rejects if the card is gone. */
export type Transmit = (apdu: Buffer) => Promise<Buffer>;

/** Why a card could not be read; said in the log (never with card data) and, as "tap again", on the kiosk. */
export type ReadFailure =
  /** The card stopped answering: pulled away, or the reader went. */
  | 'card-gone'
  /** The card answered every way of reading it with an error status. */
  | 'card-error'
  /** An EMV card whose directory lists no application, or none that could be selected. */
  | 'no-application'
  /** An EMV card whose records hold no usable PAN (none, or not 13–19 Luhn-valid digits). */
  | 'no-pan'
  /** An answer that is not well-formed TLV, or truncated. */
  | 'malformed'
  /** A UID that is not 4, 7 or 10 bytes. */
  | 'bad-uid';

export class CardReadError extends Error {
  constructor(readonly reason: ReadFailure) {
    super(`card not read: ${reason}`);
  }
}

export interface ReadOptions {
  /** UIDs as GET DATA returns them (`as-read`), or their bytes reversed (as some wedge readers print them). */
  byteOrder: 'as-read' | 'reversed';
}

const PPSE = Buffer.from('2PAY.SYS.DDF01', 'ascii');
const MAX_RECORDS = 32;

interface Answer {
  data: Buffer;
  sw: number;
}

/**
 * One command, with the two status words ISO 7816-4 uses to ask for a second step: `61xx` (more
 * data: GET RESPONSE) and `6Cxx` (wrong Le: send again with xx).
 */
async function command(transmit: Transmit, apdu: Buffer): Promise<Answer> {
  let raw: Buffer;
  try {
    raw = await transmit(apdu);
    if (raw.length >= 2 && raw[raw.length - 2] === 0x6c) raw = await transmit(Buffer.concat([apdu.subarray(0, apdu.length - 1), raw.subarray(raw.length - 1)]));
    let data = raw.subarray(0, Math.max(0, raw.length - 2));
    for (let i = 0; i < 8 && raw.length >= 2 && raw[raw.length - 2] === 0x61; i++) {
      raw = await transmit(Buffer.from([0x00, 0xc0, 0x00, 0x00, raw[raw.length - 1]]));
      data = Buffer.concat([data, raw.subarray(0, Math.max(0, raw.length - 2))]);
    }
    // No status word at all: the card stopped answering (vpcd and some readers hand back an
    // empty answer, not an error, when the card leaves the field mid-command).
    if (raw.length < 2) throw new CardReadError('card-gone');
    return { data, sw: raw.readUInt16BE(raw.length - 2) };
  } catch (e) {
    if (e instanceof CardReadError) throw e;
    throw new CardReadError('card-gone');
  }
}

const select = (name: Buffer) => Buffer.concat([Buffer.from([0x00, 0xa4, 0x04, 0x00, name.length]), name, Buffer.from([0x00])]);

function parse(data: Buffer): Tlv[] {
  try {
    return parseTlv(data);
  } catch (e) {
    if (e instanceof TlvError) throw new CardReadError('malformed');
    throw e;
  }
}

/**
 * Reads one presented card: a bank card by EMV contactless (its PAN), any other card by its UID.
 * A card with a payment directory (PPSE) is read only as a bank card: its UID is random on every
 * tap, so falling back to it would give a new shopper each time. Returns the card in Atrium's
 * canonical form (`pan` digits, or `uid` upper-case hex); everything else the card said is
 * dropped. Throws CardReadError (with a reason, never card data) when no whole read was made.
 */
export async function readPresentedCard(transmit: Transmit, options: ReadOptions): Promise<NormalisedCard> {
  const ppse = await command(transmit, select(PPSE));
  if (ppse.sw === 0x9000) return { kind: 'pan', value: await readPan(transmit, ppse.data) };
  return { kind: 'uid', value: await readUid(transmit, options) };
}

/** GET DATA (PC/SC part 3): the UID of the card in the field, 4, 7 or 10 bytes. */
export async function readUid(transmit: Transmit, options: ReadOptions): Promise<string> {
  const { data, sw } = await command(transmit, Buffer.from([0xff, 0xca, 0x00, 0x00, 0x00]));
  if (sw !== 0x9000) throw new CardReadError('card-error');
  if (![4, 7, 10].includes(data.length)) throw new CardReadError('bad-uid');
  const bytes = Buffer.from(data);
  if (options.byteOrder === 'reversed') bytes.reverse();
  return bytes.toString('hex').toUpperCase();
}

/** The applications the PPSE lists, best first: priority 1 first, no priority (0) last, else the card's order. */
export function applicationsByPriority(ppseFci: Buffer): Buffer[] {
  const entries = findAllTlv(parse(ppseFci), '61').map((entry, order) => {
    const aid = entry.children && findTlv(entry.children, '4F');
    const priority = entry.children && findTlv(entry.children, '87');
    const rank = priority && priority.value.length === 1 ? priority.value[0] & 0x0f : 0;
    return { aid: aid?.value, rank: rank === 0 ? 16 : rank, order };
  });
  return entries
    .filter((e): e is { aid: Buffer; rank: number; order: number } => !!e.aid && e.aid.length >= 5 && e.aid.length <= 16)
    .sort((a, b) => a.rank - b.rank || a.order - b.order)
    .map((e) => e.aid);
}

async function readPan(transmit: Transmit, ppseFci: Buffer): Promise<string> {
  const aids = applicationsByPriority(ppseFci);
  if (!aids.length) throw new CardReadError('no-application');
  for (const aid of aids) {
    const selected = await command(transmit, select(aid));
    if (selected.sw !== 0x9000) continue;
    const pdol = findTlv(parse(selected.data), '9F38');
    return await panOfApplication(transmit, pdol ? pdol.value : Buffer.alloc(0));
  }
  throw new CardReadError('no-application');
}

async function panOfApplication(transmit: Transmit, pdol: Buffer): Promise<string> {
  let fields: { tag: string; length: number }[];
  try {
    fields = parseDol(pdol);
  } catch {
    throw new CardReadError('malformed');
  }
  const data = Buffer.concat(fields.map((f) => terminalValue(f.tag, f.length)));
  const gpo = await command(transmit, Buffer.concat([Buffer.from([0x80, 0xa8, 0x00, 0x00, data.length + 2, 0x83, data.length]), data, Buffer.from([0x00])]));
  if (gpo.sw !== 0x9000) throw new CardReadError('card-error');
  const answer = parse(gpo.data);
  // Format 1 (tag 80: AIP then AFL) or format 2 (template 77 with 82 AIP and 94 AFL). A card may
  // hand Track 2 over in the GPO answer already (Visa qVSDC often does).
  const format1 = answer.find((t) => t.tag === '80');
  const afl = format1 ? format1.value.subarray(2) : (findTlv(answer, '94')?.value ?? Buffer.alloc(0));
  const early = panIn(answer);
  if (early) return early;
  if (afl.length % 4 !== 0) throw new CardReadError('malformed');
  let records = 0;
  for (let i = 0; i < afl.length; i += 4) {
    const sfi = afl[i] >> 3;
    const [first, last] = [afl[i + 1], afl[i + 2]];
    if (sfi < 1 || sfi > 30 || first < 1 || last < first) throw new CardReadError('malformed');
    for (let rec = first; rec <= last; rec++) {
      if (++records > MAX_RECORDS) throw new CardReadError('malformed');
      const read = await command(transmit, Buffer.from([0x00, 0xb2, rec, (sfi << 3) | 0x04, 0x00]));
      if (read.sw !== 0x9000) continue;
      const pan = panIn(parse(read.data));
      // Nothing else from the records is kept: the buffers go out of reach here (and are wiped).
      read.data.fill(0);
      if (pan) return pan;
    }
  }
  throw new CardReadError('no-pan');
}

/** The PAN from Track 2 Equivalent Data (57: digits up to the `D` separator) or from 5A (BCD, F-padded); null if neither is usable. */
function panIn(nodes: Tlv[]): string | null {
  const track2 = findTlv(nodes, '57');
  const fromTrack2 = track2 ? /^(\d{13,19})D/i.exec(track2.value.toString('hex'))?.[1] : undefined;
  const pan5a = findTlv(nodes, '5A');
  const from5a = pan5a ? /^(\d{13,19})F*$/i.exec(pan5a.value.toString('hex'))?.[1] : undefined;
  const pan = fromTrack2 ?? from5a;
  return pan && luhnValid(pan) ? pan : null;
}

/** Today as EMV wants it: YYMMDD in BCD. */
function bcdDate(now = new Date()): Buffer {
  const s = now.toISOString().slice(2, 10).replace(/-/g, '');
  return Buffer.from(s, 'hex');
}

/**
 * A sensible terminal's answer for each data object a PDOL may ask for: a contactless reader that
 * takes no payment (amount 0, transaction type 00 goods), unattended, online-capable, in the
 * card's currency-neutral defaults. Unknown tags are zeros, as EMV says. Exactly `length` bytes.
 */
export function terminalValue(tag: string, length: number): Buffer {
  const known: Record<string, () => Buffer> = {
    // TTQ: contactless EMV mode and online-capable, no CVM needed for a zero amount.
    '9F66': () => Buffer.from([0x36, 0x00, 0x40, 0x00]),
    '9F02': () => Buffer.alloc(6), // amount, authorised: 0
    '9F03': () => Buffer.alloc(6), // amount, other: 0
    '9F1A': () => Buffer.from([0x08, 0x26]), // terminal country: United Kingdom
    '5F2A': () => Buffer.from([0x08, 0x26]), // transaction currency: GBP
    '95': () => Buffer.alloc(5), // TVR: nothing to report
    '9A': () => bcdDate(),
    '9C': () => Buffer.from([0x00]), // transaction type: goods and services
    '9F37': () => randomBytes(4), // unpredictable number
    '9F35': () => Buffer.from([0x25]), // terminal type: unattended, offline with online capability
    '9F33': () => Buffer.from([0x00, 0x08, 0x08]), // terminal capabilities: no CVM, no offline data auth beyond CDA
    '9F40': () => Buffer.from([0x00, 0x00, 0x00, 0x00, 0x00]),
    '9F4E': () => Buffer.alloc(length), // merchant name and location: none
    '9F7A': () => Buffer.from([0x00]), // VLP terminal support indicator
  };
  const v = known[tag]?.() ?? Buffer.alloc(length);
  if (v.length === length) return v;
  // Numeric fields are right-aligned, the rest left-aligned; either way exactly `length` bytes.
  return v.length > length ? v.subarray(v.length - length) : Buffer.concat([Buffer.alloc(length - v.length), v]);
}
