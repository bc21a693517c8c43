import { LOCALES } from '#shared/i18n/index.ts';
import type { Language } from '#shared/schemas/shoppers.ts';

/**
 * The locale an email's dates are written in: the mall's own (say en-GB: day before month) when
 * the shopper reads the mall's language, else the shopper's language's own conventions.
 */
export function mailLocale(language: Language, mallLocale: string): string {
  const mallLanguage = mallLocale.split('-')[0]!.toLowerCase();
  return mallLanguage === language ? mallLocale : LOCALES[language];
}

/**
 * Formats moments for a shopper's email: a long date and the time on the mall's clock (its time
 * zone), via Intl; never an ISO timestamp. `timeZone` is an IANA name.
 */
export function mailDateFormat(language: Language, mall: { timeZone: string; locale: string }): (at: string | Date) => string {
  const f = new Intl.DateTimeFormat(mailLocale(language, mall.locale), { dateStyle: 'long', timeStyle: 'short', timeZone: mall.timeZone });
  return (at) => f.format(typeof at === 'string' ? new Date(at) : at);
}
