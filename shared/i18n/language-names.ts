import type { Language } from '../schemas/shoppers.ts';

/**
 * Each language named in itself, as the kiosk's and pass page's language buttons show it. Kept
 * apart from the messages so the kiosk can name every language without loading their words.
 */
export const LANGUAGE_NAMES = {
  en: 'English',
  cy: 'Cymraeg',
  zh: '中文（简体）',
  kk: 'Қазақша',
  hu: 'Magyar',
  pl: 'Polski',
} as const satisfies Record<Language, string>;
