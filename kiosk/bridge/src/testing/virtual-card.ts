import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { tlv } from '../tlv.ts';

/**
 * Cards for tests, written here instead of bought: each answers APDUs like a real card, and
 * `insertCard` puts one on a vsmartcard virtual reader (vpcd) through its socket, as DESIGN.md
 * "Measured facts" describes (2-byte big-endian length, then the payload; a 1-byte payload is a
 * control: 0 power off, 1 power on, 2 reset, 4 send the ATR). Debian's Python `vicc` is broken.
 */
export interface VirtualCard {
  atr: Buffer;
  /** The whole answer (data + SW1 SW2), or 'pull' to vanish mid-conversation, as a card pulled away. */
  answer(apdu: Buffer): Buffer | 'pull';
}

const sw = (hex: string, data: Buffer = Buffer.alloc(0)) => Buffer.concat([data, Buffer.from(hex, 'hex')]);
const isSelect = (apdu: Buffer) => apdu[0] === 0x00 && apdu[1] === 0xa4 && apdu[2] === 0x04;
const selected = (apdu: Buffer) => apdu.subarray(5, 5 + apdu[4]);
const isGetData = (apdu: Buffer) => apdu[0] === 0xff && apdu[1] === 0xca;

/** A MIFARE-style card (the mall's loyalty card, a transport card): no payment directory, a fixed UID. */
export function uidCard(uidHex: string): VirtualCard {
  return {
    atr: Buffer.from('3B8F8001804F0CA000000306030001000000006A', 'hex'),
    answer: (apdu) => (isGetData(apdu) ? sw('9000', Buffer.from(uidHex, 'hex')) : isSelect(apdu) ? sw('6A82') : sw('6D00')),
  };
}

export interface EmvApp {
  aid: string;
  label: string;
  priority: number;
  pan: string;
}

export interface EmvCardOptions {
  apps: EmvApp[];
  /** The PDOL the application asks for (hex), or none. */
  pdol?: string;
  /** Track 2 in the GPO answer (Visa qVSDC style) rather than in a record. */
  track2InGpo?: boolean;
  /** Where the PAN sits in the records: Track 2 Equivalent Data (57) or the PAN tag (5A). */
  panTag?: '57' | '5A';
  /** Misbehaviours for the bad-input tests. */
  fault?: 'no-pan' | 'malformed-ppse' | 'malformed-record' | 'pull-mid-read' | 'gpo-refused';
}

const VISA = 'A0000000031010';
const MASTERCARD = 'A0000000041010';
const MAESTRO = 'A0000000043060';

/** Track 2 Equivalent Data: PAN, separator D, expiry YYMM, service code, discretionary data, F-padded. */
function track2(pan: string): Buffer {
  const t = `${pan}D28122010000012345678`;
  return Buffer.from(t.length % 2 ? `${t}F` : t, 'hex');
}

function panBcd(pan: string): Buffer {
  return Buffer.from(pan.length % 2 ? `${pan}F` : pan, 'hex');
}

/**
 * A contactless bank card that speaks EMV: PPSE directory, SELECT, GET PROCESSING OPTIONS (it
 * checks the PDOL data is exactly as long as it asked), READ RECORD per its AFL; the records carry
 * the cardholder's name and expiry beside the PAN, as real ones do. Its UID is random on every
 * presentation, as bank cards' are.
 */
export function emvCard(o: EmvCardOptions): VirtualCard {
  const uid = randomBytes(4);
  let app: EmvApp | null = null;
  const pdolLength = o.pdol ? pdolTotal(Buffer.from(o.pdol, 'hex')) : 0;
  const panTag = o.panTag ?? '57';
  const record = (a: EmvApp) =>
    tlv('70', o.fault === 'no-pan' ? Buffer.alloc(0) : panTag === '57' ? tlv('57', track2(a.pan)) : tlv('5A', panBcd(a.pan)), tlv('5F20', Buffer.from('CARDHOLDER/TEST', 'ascii')), tlv('5F24', Buffer.from('281231', 'hex')));
  return {
    atr: Buffer.from('3B8080010101', 'hex'),
    answer(apdu) {
      if (isGetData(apdu)) return sw('9000', uid);
      if (isSelect(apdu)) {
        const name = selected(apdu);
        if (name.toString('ascii') === '2PAY.SYS.DDF01') {
          const entries = o.apps.map((a) => tlv('61', tlv('4F', Buffer.from(a.aid, 'hex')), tlv('50', Buffer.from(a.label, 'ascii')), tlv('87', Buffer.from([a.priority]))));
          const fci = tlv('6F', tlv('84', name), tlv('A5', tlv('BF0C', ...entries)));
          return o.fault === 'malformed-ppse' ? sw('9000', fci.subarray(0, fci.length - 5)) : sw('9000', fci);
        }
        app = o.apps.find((a) => a.aid === name.toString('hex').toUpperCase()) ?? null;
        if (!app) return sw('6A82');
        return sw('9000', tlv('6F', tlv('84', name), tlv('A5', tlv('50', Buffer.from(app.label, 'ascii')), ...(o.pdol ? [tlv('9F38', Buffer.from(o.pdol, 'hex'))] : []))));
      }
      if (apdu[0] === 0x80 && apdu[1] === 0xa8) {
        if (!app) return sw('6985');
        if (o.fault === 'gpo-refused') return sw('6985');
        // 83 L <PDOL data>: refused unless exactly as long as the PDOL asked.
        if (apdu[5] !== 0x83 || apdu[6] !== pdolLength || apdu[4] !== pdolLength + 2) return sw('6700');
        if (o.pdol) {
          const afl = Buffer.from('08010100', 'hex');
          return sw('9000', tlv('77', tlv('82', Buffer.from('2000', 'hex')), tlv('94', afl), ...(o.track2InGpo && o.fault !== 'no-pan' ? [tlv('57', track2(app.pan))] : []), tlv('9F10', randomBytes(7))));
        }
        // Format 1: AIP, then AFL: SFI 1 record 1, SFI 2 records 1–2.
        return sw('9000', tlv('80', Buffer.from('1980', 'hex'), Buffer.from('0801010010010200', 'hex')));
      }
      if (apdu[0] === 0x00 && apdu[1] === 0xb2) {
        if (!app) return sw('6985');
        if (o.fault === 'pull-mid-read') return 'pull';
        const [rec, sfi] = [apdu[2], apdu[3] >> 3];
        const last = o.pdol ? sfi === 1 && rec === 1 : sfi === 2 && rec === 2;
        if (last) return o.fault === 'malformed-record' ? sw('9000', Buffer.from('70815A5A', 'hex')) : sw('9000', record(app));
        if ((o.pdol && sfi === 1) || (!o.pdol && ((sfi === 1 && rec === 1) || sfi === 2))) return sw('9000', tlv('70', tlv('9F08', Buffer.from('0002', 'hex'))));
        return sw('6A83');
      }
      return sw('6D00');
    },
  };
}

function pdolTotal(pdol: Buffer): number {
  let total = 0;
  for (let i = 0; i < pdol.length; ) {
    i += (pdol[i] & 0x1f) === 0x1f ? 2 : 1;
    total += pdol[i++];
  }
  return total;
}

/** The test Visa: PAN 4111 1111 1111 1111, a PDOL, Track 2 in its first record. */
export const testVisa = (o: Partial<EmvCardOptions> = {}) =>
  emvCard({ apps: [{ aid: VISA, label: 'VISA CREDIT', priority: 1, pan: '4111111111111111' }], pdol: '9F66049F02069F03069F1A0295055F2A029A039C019F3704', ...o });

/**
 * The test Mastercard: no PDOL, GPO format 1, PAN in tag 5A of its last record; its directory also
 * lists Maestro at a lower priority, first, to show the choice is by priority, not order.
 */
export const testMastercard = (o: Partial<EmvCardOptions> = {}) =>
  emvCard({
    apps: [
      { aid: MAESTRO, label: 'MAESTRO', priority: 2, pan: '6759649826438453' },
      { aid: MASTERCARD, label: 'MASTERCARD', priority: 1, pan: '5555555555554444' },
    ],
    panTag: '5A',
    ...o,
  });

/** A card that answers everything with an error status. */
export const brokenCard = (): VirtualCard => ({ atr: Buffer.from('3B8080010101', 'hex'), answer: () => sw('6F00') });

/**
 * A card on vpcd's reader: connects to its port (the reader then sees a card) and answers until
 * `remove()` (the card taken away) or a 'pull' answer.
 */
export class InsertedCard {
  #socket: Socket;
  #buffer = Buffer.alloc(0);
  /** How many APDUs this card answered (a test counts reads with it). */
  apdus = 0;
  /** How many reads began (every read opens with SELECT PPSE). */
  reads = 0;
  readonly closed: Promise<void>;

  private constructor(
    socket: Socket,
    private readonly card: VirtualCard,
    private readonly delayMs: number,
  ) {
    this.#socket = socket;
    this.closed = new Promise((r) => socket.once('close', () => r()));
    socket.on('data', (chunk) => this.#onData(chunk));
    socket.on('error', () => undefined);
  }

  /** Puts `card` on vpcd's reader at `port`; `delayMs`: it thinks that long before each answer (a slow card). */
  static insert(port: number, card: VirtualCard, { delayMs = 0 } = {}): Promise<InsertedCard> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('error', reject);
      socket.once('connect', () => resolve(new InsertedCard(socket, card, delayMs)));
    });
  }

  #onData(chunk: Buffer): void {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    while (this.#buffer.length >= 2) {
      const len = this.#buffer.readUInt16BE(0);
      if (this.#buffer.length < 2 + len) return;
      const msg = this.#buffer.subarray(2, 2 + len);
      this.#buffer = this.#buffer.subarray(2 + len);
      if (len === 1) {
        if (msg[0] === 4) this.#send(this.card.atr);
        continue;
      }
      this.apdus++;
      if (isSelect(msg) && selected(msg).toString('ascii') === '2PAY.SYS.DDF01') this.reads++;
      const answer = this.card.answer(msg);
      if (answer === 'pull') {
        this.#socket.destroy();
        return;
      }
      if (this.delayMs) setTimeout(() => this.#send(answer), this.delayMs);
      else this.#send(answer);
    }
  }

  #send(payload: Buffer): void {
    if (this.#socket.destroyed) return;
    const head = Buffer.alloc(2);
    head.writeUInt16BE(payload.length);
    this.#socket.write(Buffer.concat([head, payload]));
  }

  /** The card taken off the reader. */
  async remove(): Promise<void> {
    this.#socket.end();
    this.#socket.destroy();
    await this.closed;
  }
}
