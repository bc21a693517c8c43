import type { Language } from '../schemas/shoppers.ts';

/** BCP 47 tags for the plural rules and for `lang` attributes. */
export const LOCALES: Record<Language, string> = { en: 'en', cy: 'cy', zh: 'zh-Hans', kk: 'kk', hu: 'hu', pl: 'pl' };
