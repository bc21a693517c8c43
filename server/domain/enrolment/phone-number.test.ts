import { describe, expect, it } from 'vitest';
import { fromSmscAddress, regionOfLocale, toE164 } from './phone-number.ts';

describe('mobile numbers in E.164', () => {
  it('reads international and (with the mall country) national forms', () => {
    expect(toE164('+48 601 234 567')).toBe('+48601234567');
    expect(toE164('+36 30 123 4567')).toBe('+36301234567');
    expect(toE164('+7 701 123 4567')).toBe('+77011234567');
    expect(toE164('+86 139 1234 5678')).toBe('+8613912345678');
    expect(toE164('601 234 567')).toBeNull();
    expect(toE164('601 234 567', regionOfLocale('pl-PL'))).toBe('+48601234567');
  });

  it('refuses what is not a mobile number in use', () => {
    for (const bad of ['', '12', '+48 123', '+999 1234567', 'call me', '+44 20 7946 0958']) expect(toE164(bad), bad).toBeNull();
  });

  it('reads an SMS centre sender address (digits, no plus) back to E.164', () => {
    expect(fromSmscAddress('48601234567', 1)).toBe('+48601234567');
    expect(fromSmscAddress('GALERIA', 5)).toBeNull();
    expect(regionOfLocale('en-GB')).toBe('GB');
    expect(regionOfLocale('en')).toBeUndefined();
  });
});
