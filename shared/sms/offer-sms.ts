/**
 * A promotion's offer SMS, made in one place so the panel's count shows what the hub sends, and
 * the hub refuses a text that would not fit before it is stored.
 */
import { LANGUAGES } from '../constants.ts';
import type { Language } from '../schemas/shoppers.ts';
import { smsLength } from './length.ts';
import { SMS_WORDS } from './words.ts';

/** An offer text may take at most this many SMS parts in every shopper language (a joined text, not a wall of them). */
export const OFFER_SMS_MAX_PARTS = 3;

/** The longest pass id (server/domain/core/ids.ts: 16 random bytes in base64url). */
const PASS_ID_LENGTH = 22;

export interface OfferSmsSource {
  title: string;
  offerSms: { text: string };
  /** The promotion's titles in other languages, used when the SMS has no text of its own. */
  translations?: Partial<Record<string, { title: string }>>;
}

export interface OfferSmsContext {
  mallName: string;
  /** The shopper's pass page. */
  passUrl: string;
  /** The mall's STOP keyword. */
  stop: string;
}

/** What the SMS says of the offer: its own SMS text, else the title in that language, else the title. */
export function offerSmsLine(p: OfferSmsSource, language: Language): string {
  return p.offerSms.text.trim() || p.translations?.[language]?.title || p.title;
}

/** The offer SMS in `language`, exactly as sent. */
export function offerSmsText(p: OfferSmsSource, language: Language, c: OfferSmsContext): string {
  return SMS_WORDS[language].offer({ mall: c.mallName, title: offerSmsLine(p, language), url: c.passUrl, stop: c.stop });
}

/**
 * The longest the offer SMS gets over the six shopper languages, with the longest pass link on
 * `baseUrl`: its parts and the language that needs them.
 */
export function offerSmsWorstCase(p: OfferSmsSource, c: { mallName: string; baseUrl: string; stop: string }): { parts: number; language: Language } {
  const passUrl = `${c.baseUrl}/pass/${'x'.repeat(PASS_ID_LENGTH)}`;
  let worst = { parts: 0, language: 'en' as Language };
  for (const language of LANGUAGES) {
    const parts = smsLength(offerSmsText(p, language, { mallName: c.mallName, passUrl, stop: c.stop })).parts;
    if (parts > worst.parts) worst = { parts, language };
  }
  return worst;
}
