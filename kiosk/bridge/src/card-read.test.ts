import { describe, expect, it } from 'vitest';
import { applicationsByPriority, CardReadError, readPresentedCard, terminalValue, type Transmit } from './card-read.ts';
import { tlv } from './tlv.ts';
import { brokenCard, testMastercard, testVisa, uidCard, type VirtualCard } from './testing/virtual-card.ts';

/** The card's own answers as the reader would pass them on; a 'pull' is the card gone. */
function transmitTo(card: VirtualCard): Transmit & { sent: Buffer[] } {
  const sent: Buffer[] = [];
  const t = async (apdu: Buffer) => {
    sent.push(apdu);
    const a = card.answer(apdu);
    if (a === 'pull') throw new Error('SCardTransmit error: Card was removed.');
    return a;
  };
  return Object.assign(t, { sent });
}

const asRead = { byteOrder: 'as-read' as const };

async function failure(card: VirtualCard): Promise<string> {
  const e = await readPresentedCard(transmitTo(card), asRead).catch((err: unknown) => err);
  expect(e).toBeInstanceOf(CardReadError);
  // The reason only: nothing the card said is in the message.
  expect((e as Error).message).not.toMatch(/\d{6}/);
  return (e as CardReadError).reason;
}

describe('reading a presented card', () => {
  it('a card with no payment directory is read by its UID, 4, 7 or 10 bytes, in the configured byte order', async () => {
    for (const uid of ['04A22B1A', '04A22B1A5C2E80', '04A22B1A5C2E8011FF02']) {
      expect(await readPresentedCard(transmitTo(uidCard(uid)), asRead)).toEqual({ kind: 'uid', value: uid });
    }
    expect(await readPresentedCard(transmitTo(uidCard('04A22B1A')), { byteOrder: 'reversed' })).toEqual({ kind: 'uid', value: '1A2BA204' });
  });

  it('a UID of another length is refused', async () => {
    expect(await failure(uidCard('04A22B1A5C'))).toBe('bad-uid');
  });

  it('the Visa test card gives its PAN from Track 2, with a PDOL filled to the lengths it asked', async () => {
    const t = transmitTo(testVisa());
    expect(await readPresentedCard(t, asRead)).toEqual({ kind: 'pan', value: '4111111111111111' });
    // Never asked for its UID: a bank card's is random on every tap.
    expect(t.sent.some((a) => a[0] === 0xff && a[1] === 0xca)).toBe(false);
    expect(await readPresentedCard(transmitTo(testVisa({ track2InGpo: true })), asRead)).toEqual({ kind: 'pan', value: '4111111111111111' });
    expect(await readPresentedCard(transmitTo(testVisa({ panTag: '5A' })), asRead)).toEqual({ kind: 'pan', value: '4111111111111111' });
  });

  it('the Mastercard test card: application chosen by priority, GPO format 1, PAN from tag 5A after reading every AFL record', async () => {
    const t = transmitTo(testMastercard());
    expect(await readPresentedCard(t, asRead)).toEqual({ kind: 'pan', value: '5555555555554444' });
    expect(t.sent.filter((a) => a[1] === 0xb2)).toHaveLength(3);
  });

  it('applications by priority: 1 before 2, unprioritised last, the card’s order otherwise', () => {
    const entry = (aid: string, priority?: number) => tlv('61', tlv('4F', Buffer.from(aid, 'hex')), ...(priority === undefined ? [] : [tlv('87', Buffer.from([priority]))]));
    const fci = tlv('6F', tlv('A5', tlv('BF0C', entry('A0000000041010'), entry('A0000000031010', 2), entry('A0000000251010', 1), entry('A0000000043060', 2))));
    expect(applicationsByPriority(fci).map((a) => a.toString('hex').toUpperCase())).toEqual(['A0000000251010', 'A0000000031010', 'A0000000043060', 'A0000000041010']);
  });

  it('terminal data is exactly as long as the card asks, whatever the tag', () => {
    for (const [tag, length] of [['9F66', 4], ['9F02', 6], ['9A', 3], ['9F37', 4], ['DF01', 7], ['9F1A', 1], ['9F66', 6]] as const) {
      expect(terminalValue(tag, length)).toHaveLength(length);
    }
  });

  it('bad cards: a clear reason, never a half-read card', async () => {
    expect(await failure(brokenCard())).toBe('card-error');
    expect(await failure(testVisa({ fault: 'no-pan' }))).toBe('no-pan');
    expect(await failure(testVisa({ fault: 'no-pan', track2InGpo: true }))).toBe('no-pan');
    expect(await failure(testVisa({ fault: 'malformed-ppse' }))).toBe('malformed');
    expect(await failure(testVisa({ fault: 'malformed-record' }))).toBe('malformed');
    expect(await failure(testVisa({ fault: 'pull-mid-read' }))).toBe('card-gone');
    // A reader that answers with nothing (no status word) when the card left the field.
    const silent: VirtualCard = { atr: Buffer.alloc(0), answer: (apdu) => (apdu[1] === 0xa4 ? Buffer.alloc(0) : Buffer.from('9000', 'hex')) };
    expect(await failure(silent)).toBe('card-gone');
    expect(await failure(testMastercard({ fault: 'gpo-refused' }))).toBe('card-error');
    expect(await failure(testVisa({ apps: [] }))).toBe('no-application');
    // A PAN that fails Luhn is no PAN.
    expect(await failure(testVisa({ apps: [{ aid: 'A0000000031010', label: 'VISA', priority: 1, pan: '4111111111111112' }] }))).toBe('no-pan');
  });
});
