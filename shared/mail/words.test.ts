import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../i18n/index.ts';
import { LANGUAGES } from '../schemas/shoppers.ts';
import { MAIL_WORDS, mailWords } from './words.ts';

describe('email words', () => {
  const keys = Object.keys(MAIL_WORDS.en).sort();

  it.each(LANGUAGES)('%s has every key, and every message parses', (lang) => {
    expect(Object.keys(MAIL_WORDS[lang]).sort()).toEqual(keys);
    for (const key of keys) {
      const text = MAIL_WORDS[lang][key as keyof typeof MAIL_WORDS.en];
      expect(text.trim().length, `${lang}.${key} is empty`).toBeGreaterThan(0);
      expect(() => new IntlMessageFormat(text, LOCALES[lang]), `${lang}.${key}`).not.toThrow();
    }
  });

  it('fills in values and falls back to English for a language it does not know', () => {
    expect(mailWords('kk')('welcomeSubject', { mall: 'Esentai' })).toBe('Esentai картаңыз');
    expect(mailWords('xx')('greetingNamed', { name: 'Ann' })).toBe('Hello Ann,');
  });
});
