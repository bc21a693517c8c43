import { describe, expect, it } from 'vitest';
import { nounFor } from './plural.ts';

describe('nouns for counts follow the locale’s plural rules', () => {
  it('English: one and other', () => {
    expect(nounFor(1, { one: 'screen', other: 'screens' })).toBe('screen');
    expect(nounFor(0, { one: 'screen', other: 'screens' })).toBe('screens');
    expect(nounFor(2, { one: 'screen', other: 'screens' })).toBe('screens');
  });
  it('Polish: one, few, many', () => {
    const forms = { one: 'ekran', few: 'ekrany', many: 'ekranów', other: 'ekranu' };
    expect([1, 2, 5, 22, 25].map((n) => nounFor(n, forms, 'pl'))).toEqual(['ekran', 'ekrany', 'ekranów', 'ekrany', 'ekranów']);
  });
});
