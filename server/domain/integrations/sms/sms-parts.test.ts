import { describe, expect, it } from 'vitest';
import { fitsGsm7, fromSms, MAX_PARTS, toSmsParts } from './sms-parts.ts';

const joined = (text: string) => {
  const m = toSmsParts(text, 42);
  return { ...m, back: m.parts.map((p) => fromSms(p, m.dataCoding, m.udh)) };
};

describe('SMS encoding and concatenation', () => {
  it('uses GSM 7-bit for text in its alphabet, UCS-2 for Polish, Hungarian ő ű, Kazakh and Chinese', () => {
    expect(fitsGsm7('Hello Zoé, 10% off at Bean There! [today] €5')).toBe(true);
    for (const text of ['Dziękujemy', 'Köszönjük, ő és ű', 'Рахмет, қош келдіңіз', '谢谢光临']) {
      expect(fitsGsm7(text), text).toBe(false);
      expect(toSmsParts(text, 1)).toMatchObject({ dataCoding: 8, udh: false, parts: [Buffer.from(text, 'utf16le').swap16()] });
    }
    // Hungarian without ő/ű still needs UCS-2 for á í ó ú.
    expect(fitsGsm7('Köszönjük a látogatást')).toBe(false);
  });

  it('fits 160 GSM septets or 70 UCS-2 characters in one SMS; one more makes two parts with a UDH', () => {
    expect(toSmsParts('a'.repeat(160), 1).parts).toHaveLength(1);
    expect(toSmsParts('ł'.repeat(70), 1).parts).toHaveLength(1);
    const gsm = joined('a'.repeat(161));
    expect(gsm.parts.map((p) => p.length)).toEqual([6 + 153, 6 + 8]);
    expect(gsm.back).toEqual([
      { text: 'a'.repeat(153), concat: { ref: 42, total: 2, seq: 1 } },
      { text: 'a'.repeat(8), concat: { ref: 42, total: 2, seq: 2 } },
    ]);
    const ucs = joined('ł'.repeat(71));
    expect(ucs.back.map((b) => b.text.length)).toEqual([67, 4]);
    expect(ucs.parts[0].subarray(0, 6)).toEqual(Buffer.from([0x05, 0x00, 0x03, 42, 2, 1]));
  });

  it('counts GSM extension characters as two and never splits one, nor a surrogate pair', () => {
    // 152 plain characters then €: the euro's escape pair would straddle the boundary at 153.
    const gsm = joined(`${'a'.repeat(152)}€${'b'.repeat(10)}`);
    expect(gsm.back.map((b) => b.text)).toEqual(['a'.repeat(152), `€${'b'.repeat(10)}`]);
    const emoji = joined(`${'商'.repeat(66)}😀${'场'.repeat(10)}`);
    expect(emoji.back.map((b) => b.text)).toEqual(['商'.repeat(66), `😀${'场'.repeat(10)}`]);
  });

  it('reads a concatenated Kazakh text back whole', () => {
    const text = 'Сапарыңыз қалай өтті? Бізге 0-ден 10-ға дейін баға беріңіз: https://mall.example/pass/abc. Рахмет!';
    const m = joined(text);
    expect(m.dataCoding).toBe(8);
    expect(m.back.map((b) => b.text).join('')).toBe(text);
  });

  it('refuses an empty text and one longer than the most parts sent', () => {
    expect(() => toSmsParts('', 1)).toThrow(RangeError);
    expect(() => toSmsParts('ż'.repeat(67 * MAX_PARTS + 1), 1)).toThrow(/SMS parts/);
    expect(toSmsParts('ż'.repeat(67 * MAX_PARTS), 1).parts).toHaveLength(MAX_PARTS);
  });
});
