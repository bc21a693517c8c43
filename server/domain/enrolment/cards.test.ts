import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../core/errors.ts';
import { cardToken, luhnValid, normaliseCard } from './cards.ts';

const secret = randomBytes(32);
const token = (raw: string, reversed = false) => cardToken(normaliseCard(raw, reversed ? { byteOrder: 'reversed' } : {}), secret);

function refused(raw: string): DomainError {
  try {
    normaliseCard(raw);
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return e as DomainError;
  }
  throw new Error(`expected ${JSON.stringify(raw)} to be refused`);
}

describe('luhnValid', () => {
  it.each(['4111111111111111', '5500005555555559', '378282246310005', '6011111111111117', '4222222222222'])('accepts %s', (pan) => {
    expect(luhnValid(pan)).toBe(true);
  });
  it.each(['4111111111111112', '5500005555555558', '1234567812345678'])('refuses %s', (pan) => {
    expect(luhnValid(pan)).toBe(false);
  });
});

describe('normaliseCard: card numbers', () => {
  it.each([
    ['4111111111111111', '4111111111111111'],
    ['4111 1111 1111 1111', '4111111111111111'],
    ['4111-1111-1111-1111', '4111111111111111'],
    [' 4111 1111-1111 1111 \n', '4111111111111111'],
    ['378282246310005', '378282246310005'],
    ['4222222222222', '4222222222222'],
    ['6212345678901234569', '6212345678901234569'],
  ])('%j is the PAN %s', (raw, pan) => {
    expect(normaliseCard(raw)).toEqual({ kind: 'pan', value: pan });
  });

  it('takes only the PAN from a track-1 and track-2 swipe, dropping the name and track data', () => {
    const both = '%B4111111111111111^DOE/JOHN Q^29121010000000000000?;4111111111111111=29121010000000000000?';
    const track1 = '%B4111111111111111^SMITH/JANE^2912101000?';
    const track2 = ';4111111111111111=29121010000000000000?';
    for (const swipe of [both, track1, track2]) {
      const card = normaliseCard(swipe);
      expect(card).toEqual({ kind: 'pan', value: '4111111111111111' });
      expect(JSON.stringify(card)).not.toMatch(/DOE|JOHN|SMITH|JANE|2912/);
    }
  });

  it('refuses a swipe whose PAN fails the Luhn check', () => {
    expect(refused('%B4111111111111112^DOE/JOHN^2912101?').field).toBe('card');
    expect(refused(';4111111111111112=2912101?').field).toBe('card');
  });
});

describe('normaliseCard: NFC UIDs', () => {
  it.each([
    ['DEADBEEF', 'DEADBEEF'],
    ['deadbeef', 'DEADBEEF'],
    ['DE:AD:BE:EF', 'DEADBEEF'],
    ['de ad be ef', 'DEADBEEF'],
    ['04:a2:2b:1a:5c:3d:80', '04A22B1A5C3D80'],
    ['04A22B1A5C3D80', '04A22B1A5C3D80'],
    ['0102030405060708090A', '0102030405060708090A'],
    ['01:02:03:04:05:06:07:08:09:0a', '0102030405060708090A'],
  ])('hex %j is the UID %s', (raw, uid) => {
    expect(normaliseCard(raw)).toEqual({ kind: 'uid', value: uid });
  });

  it('reads a decimal 4-byte UID as the same UID in hex', () => {
    expect(normaliseCard('3735928559')).toEqual({ kind: 'uid', value: 'DEADBEEF' });
    expect(normaliseCard('0305419896')).toEqual({ kind: 'uid', value: '12345678' });
    expect(normaliseCard('305419896')).toEqual({ kind: 'uid', value: '12345678' });
    expect(normaliseCard('4294967295')).toEqual({ kind: 'uid', value: 'FFFFFFFF' });
  });

  it('reads eight digits as hex, as a hex reader prints a UID without letters', () => {
    // A 4-byte UID is 8 hex characters; about one card in forty has no letter A–F in it.
    expect(normaliseCard('12345678')).toEqual({ kind: 'uid', value: '12345678' });
    expect(token('12345678')).toBe(token('0305419896'));
    expect(token('12345678')).not.toBe(token('00BC614E'));
  });

  it('turns a reader that prints the bytes reversed into the one byte order', () => {
    expect(normaliseCard('EF:BE:AD:DE', { byteOrder: 'reversed' })).toEqual({ kind: 'uid', value: 'DEADBEEF' });
    expect(normaliseCard('80:3d:5c:1a:2b:a2:04', { byteOrder: 'reversed' })).toEqual({ kind: 'uid', value: '04A22B1A5C3D80' });
    // A decimal-printing reader that reverses: 0xEFBEADDE = 4022250974.
    expect(normaliseCard('4022250974', { byteOrder: 'reversed' })).toEqual({ kind: 'uid', value: 'DEADBEEF' });
  });
});

describe('normaliseCard: junk', () => {
  it.each([
    '',
    '   ',
    'hello',
    '4111111111111112',
    '1234567812345678',
    '41111111111111111111111',
    'DEADBEE',
    'DEADBEEFAB',
    'DE:AD:BE:EG',
    '4294967296',
    '%B^DOE/JOHN^2912?',
    '%B4111111111111111',
    ';=?',
    '0x DEADBEEF',
    '<script>alert(1)</script>',
    '12.34',
  ])('refuses %j, naming the card field without echoing it', (raw) => {
    const error = refused(raw);
    expect(error.kind).toBe('invalid');
    expect(error.field).toBe('card');
    if (raw.trim()) expect(error.message).not.toContain(raw.trim());
  });
});

describe('cardToken', () => {
  it('is the same for one card typed in different forms', () => {
    const forms = ['4111111111111111', '4111 1111 1111 1111', '4111-1111-1111-1111', '%B4111111111111111^DOE/JOHN^2912101?', ';4111111111111111=2912101?'];
    expect(new Set(forms.map((f) => token(f))).size).toBe(1);
    const uids = ['DEADBEEF', 'de:ad:be:ef', '3735928559'];
    expect(new Set(uids.map((f) => token(f))).size).toBe(1);
    expect(token('EF:BE:AD:DE', true)).toBe(token('DEADBEEF'));
  });

  it('differs between cards, between a PAN and a UID, and between malls', () => {
    expect(token('4111111111111111')).not.toBe(token('5500005555555559'));
    // The same characters as a UID and as a PAN are different cards.
    expect(cardToken({ kind: 'uid', value: '12345678901234' }, secret)).not.toBe(cardToken({ kind: 'pan', value: '12345678901234' }, secret));
    expect(cardToken(normaliseCard('4111111111111111'), randomBytes(32))).not.toBe(token('4111111111111111'));
  });

  it('never contains the card number or UID', () => {
    for (const raw of ['4111111111111111', '378282246310005', 'DEADBEEF', '04A22B1A5C3D80']) {
      const t = token(raw);
      expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(t).not.toContain(raw);
      expect(t).not.toContain(raw.slice(-4));
      expect(Buffer.from(t, 'base64url').toString('latin1')).not.toContain(raw);
    }
  });
});
