import { describe, expect, it } from 'vitest';
import { DEFAULT_OPENING_HOURS, SetupBody } from '#shared/schemas/setup.ts';
import { check } from './form-errors.ts';

/**
 * A new user submitted the first-run set-up form empty: K said "K cannot be below 2.", the token
 * "Must be at least 16 characters." and the username a rule about letters. An empty field says
 * it is required, whatever else the schema would say about a filled one.
 */
describe('a form field left empty reads “Required.”', () => {
  const empty = {
    token: '',
    mall: {
      name: '',
      settings: { timezone: 'Europe/London', locale: '', defaultLanguage: 'en', k: null, openingHours: DEFAULT_OPENING_HOURS },
      zones: [{ id: 'zone-1', name: '' }],
    },
    operator: { username: '', password: '' },
  };

  it('every empty field of the set-up form', () => {
    const result = check(SetupBody, empty);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    for (const field of ['token', 'mall.name', 'mall.settings.locale', 'mall.settings.k', 'mall.zones.0.name', 'operator.username', 'operator.password']) {
      expect(result.errors[field], field).toBe('Required.');
    }
  });

  it('a filled field still gets the schema’s own words', () => {
    const result = check(SetupBody, { ...empty, token: 'short', mall: { ...empty.mall, settings: { ...empty.mall.settings, k: 1 } } });
    if (result.ok) throw new Error('should not pass');
    expect(result.errors.token).toMatch(/at least 16 characters/);
    expect(result.errors['mall.settings.k']).toMatch(/below 2/);
  });
});
