import { describe, expect, it } from 'vitest';
import { findTlv, parseDol, parseTlv, tlv, TlvError } from './tlv.ts';

describe('BER-TLV as EMV cards send it', () => {
  it('reads nested templates, two-byte tags and long lengths', () => {
    const long = Buffer.alloc(200, 0x41);
    const buf = tlv('6F', tlv('84', Buffer.from('2PAY.SYS.DDF01')), tlv('A5', tlv('BF0C', tlv('61', tlv('4F', Buffer.from('A0000000031010', 'hex'))), tlv('9F4D', long))));
    const nodes = parseTlv(buf);
    expect(findTlv(nodes, '4F')?.value.toString('hex')).toBe('a0000000031010');
    expect(findTlv(nodes, '9F4D')?.value.length).toBe(200);
    expect(findTlv(nodes, '57')).toBeUndefined();
  });

  it('skips 00 and FF padding between objects', () => {
    expect(parseTlv(Buffer.from('00FF5A024111FF', 'hex')).map((t) => t.tag)).toEqual(['5A']);
  });

  it('a PDOL is tags and lengths', () => {
    expect(parseDol(Buffer.from('9F66049F02065F2A029A03', 'hex'))).toEqual([
      { tag: '9F66', length: 4 },
      { tag: '9F02', length: 6 },
      { tag: '5F2A', length: 2 },
      { tag: '9A', length: 3 },
    ]);
  });

  it.each([
    ['a value cut short', '5A084111'],
    ['a length cut short', '5A'],
    ['a long length cut short', '5A82'],
    ['a long-form tag cut short', '9F'],
    ['a nested value cut short', '7005570841111111'],
    ['a length form EMV does not use', '5A84000000010041'],
    ['a tag of four bytes', '9F8181810100'],
  ])('refuses %s', (_what, hex) => {
    expect(() => parseTlv(Buffer.from(hex, 'hex'))).toThrow(TlvError);
  });

  it('refuses a truncated PDOL', () => {
    expect(() => parseDol(Buffer.from('9F6604 9F'.replace(' ', ''), 'hex'))).toThrow(TlvError);
  });
});
