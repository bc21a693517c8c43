import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/**
 * A shopper's mobile number in E.164 (`+48601234567`), checked against the numbering plans kept by
 * libphonenumber (Google's metadata, full set): the country code exists, the length and the
 * prefix make a number that is in use, and it is not a landline (which cannot take a text).
 * `region`: the mall's country (from its locale, "pl-PL" → PL) for a number typed the national
 * way (`601 234 567`); without one only the international form is read.
 * Returns null when the text is not such a number.
 */
export function toE164(text: string, region?: string): string | null {
  const parsed = parsePhoneNumberFromString(text.trim(), region ? { defaultCountry: region as CountryCode } : undefined);
  if (!parsed || !parsed.isValid()) return null;
  if (parsed.getType() === 'FIXED_LINE') return null;
  return parsed.number;
}

/** The mall's country from its BCP 47 locale ("en-GB" → "GB"), if the locale names one. */
export function regionOfLocale(locale: string): string | undefined {
  try {
    return new Intl.Locale(locale).region;
  } catch {
    return undefined;
  }
}

/**
 * An address an SMS centre gives for a sender (`source_addr` of an inbound text), as E.164:
 * international numbers (TON 1) come as digits without the plus. Null when it is not a number.
 */
export function fromSmscAddress(address: string, ton: number): string | null {
  const digits = address.replace(/[^\d+]/g, '');
  if (!digits) return null;
  return toE164(digits.startsWith('+') ? digits : ton === 1 || digits.length > 10 ? `+${digits}` : digits);
}
