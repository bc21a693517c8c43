import { IntlMessageFormat } from 'intl-messageformat';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CONSENT_PURPOSES } from '../constants.ts';
import { CONSENT_TEXTS, consentText } from '../consent-texts.ts';
import { LANGUAGES } from '../schemas/shoppers.ts';
import { LANGUAGE_NAMES, LOCALES, MESSAGES, translator } from './index.ts';
import { loadMessages } from './load.ts';

describe('kiosk and pass page messages', () => {
  const keys = Object.keys(MESSAGES.en).sort();

  it.each(LANGUAGES)('%s has every key, and every message parses', (lang) => {
    expect(Object.keys(MESSAGES[lang]).sort()).toEqual(keys);
    for (const key of keys) {
      const text = MESSAGES[lang][key as keyof typeof MESSAGES.en];
      expect(text.trim().length, `${lang}.${key} is empty`).toBeGreaterThan(0);
      expect(() => new IntlMessageFormat(text, LOCALES[lang]), `${lang}.${key}`).not.toThrow();
    }
  });

  it.each(LANGUAGES)('%s loads on its own (the kiosk) with the same words as the hub and pass page hold, named in itself', async (lang) => {
    expect(await loadMessages(lang)).toEqual(MESSAGES[lang]);
    expect(MESSAGES[lang].languageName).toBe(LANGUAGE_NAMES[lang]);
  });

  it('uses real plural rules', () => {
    expect(translator('en')('visitNumber', { count: 1 })).toBe('Your first visit');
    expect(translator('en')('visitNumber', { count: 2 })).toBe('Visit number 2');
    expect(translator('pl')('visitsTotal', { count: 2 })).toBe('2 wizyty');
    expect(translator('pl')('visitsTotal', { count: 5 })).toBe('5 wizyt');
    expect(translator('pl')('visitsTotal', { count: 22 })).toBe('22 wizyty');
    expect(translator('cy')('queued', { count: 0 })).toBe('Dim cofrestriadau’n aros');
    expect(translator('cy')('queued', { count: 2 })).toBe('2 gofrestriad yn aros');
    expect(translator('zh')('visitNumber', { count: 1 })).toBe('第 1 次到访');
  });

  it('has the consent texts in every language, so the hash recorded is of the words shown', () => {
    for (const lang of LANGUAGES) {
      for (const purpose of CONSENT_PURPOSES) {
        const shown = consentText(lang, purpose);
        expect(shown.language).toBe(lang);
        expect(CONSENT_TEXTS[lang]![purpose].length).toBeGreaterThan(10);
        expect(createHash('sha256').update(shown.text).digest('hex')).toMatch(/^[0-9a-f]{64}$/);
      }
    }
  });
});
