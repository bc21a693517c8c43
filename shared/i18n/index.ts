import { IntlMessageFormat } from 'intl-messageformat';
import type { Language } from '../schemas/shoppers.ts';
import { MESSAGES, type MessageKey } from './messages.ts';

export { MESSAGES, type MessageKey };

/** BCP 47 tags for the plural rules and for `lang` attributes. */
export const LOCALES: Record<Language, string> = { en: 'en', cy: 'cy', zh: 'zh-Hans', kk: 'kk', hu: 'hu', pl: 'pl' };

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

const cache = new Map<string, IntlMessageFormat>();

/** A translator for one language; messages are parsed once and kept. */
export function translator(language: Language): Translate {
  return (key, values) => {
    const id = `${language}:${key}`;
    let format = cache.get(id);
    if (!format) {
      format = new IntlMessageFormat(MESSAGES[language][key], LOCALES[language]);
      cache.set(id, format);
    }
    return String(format.format(values));
  };
}
