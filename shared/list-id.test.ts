import { describe, expect, it } from 'vitest';
import { Id } from './schemas/common.ts';
import { listItemId } from './list-id.ts';

describe('list item ids made from names', () => {
  it('spells names in lower-case ASCII words', () => {
    expect(listItemId('Wejście główne', [], 'zone-1')).toBe('wejscie-glowne');
    expect(listItemId('Food court & terrace', [], 'zone-1')).toBe('food-court-terrace');
    expect(listItemId('  Straße  ', [], 'zone-1')).toBe('strasse');
  });

  it('takes the fallback for a name with no ASCII left, and a suffix for a repeated one', () => {
    expect(listItemId('美食广场', [], 'zone-3')).toBe('zone-3');
    expect(listItemId('Moda', ['moda'], 'zone-2')).toBe('moda-2');
    expect(listItemId('Moda', ['moda', 'moda-2'], 'zone-3')).toBe('moda-3');
  });

  it('always gives a valid id', () => {
    for (const name of ['', '----', 'x'.repeat(200), 'Ünïcödé ZONE 42', '🙂']) expect(Id.safeParse(listItemId(name, [], 'item-1')).success, name).toBe(true);
  });
});
