import { describe, expect, it } from 'vitest';
import { Id } from '#shared/schemas/common.ts';
import { zoneId } from './zone-id.ts';

describe('zone ids made from names', () => {
  it('spells names in lower-case ASCII words', () => {
    expect(zoneId('Wejście główne', 0, [])).toBe('wejscie-glowne');
    expect(zoneId('Food court & terrace', 0, [])).toBe('food-court-terrace');
    expect(zoneId('  Straße  ', 0, [])).toBe('strasse');
  });

  it('numbers a name with no ASCII left by its place, and a repeated one by a suffix', () => {
    expect(zoneId('美食广场', 2, [])).toBe('zone-3');
    expect(zoneId('Moda', 1, ['moda'])).toBe('moda-2');
    expect(zoneId('Moda', 2, ['moda', 'moda-2'])).toBe('moda-3');
  });

  it('always gives a valid id', () => {
    for (const name of ['', '----', 'x'.repeat(200), 'Ünïcödé ZONE 42', '🙂']) expect(Id.safeParse(zoneId(name, 0, [])).success, name).toBe(true);
  });
});
