import { IntlMessageFormat } from 'intl-messageformat';
import type { Language } from '../schemas/shoppers.ts';
import { LOCALES } from './locales.ts';
import type { MessageKey, Messages } from './messages/en.ts';

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

const cache = new Map<string, IntlMessageFormat>();

/**
 * A translator for one language over its messages (as loaded: see load.ts); each message is parsed
 * once and kept. A language's messages never change while the page runs, so the cache is by key.
 */
export function translatorFor(language: Language, messages: Messages): Translate {
  return (key, values) => {
    const id = `${language}:${key}`;
    let format = cache.get(id);
    if (!format) {
      format = new IntlMessageFormat(messages[key], LOCALES[language]);
      cache.set(id, format);
    }
    return String(format.format(values));
  };
}
