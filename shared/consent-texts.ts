import type { ConsentPurpose } from './constants.ts';
import type { Language } from './schemas/shoppers.ts';

/**
 * The exact words a shopper reads before each consent decision. A new wording gets a new version
 * id; the ledger records the version and a SHA-256 of the text shown, so what was agreed to can be
 * proved later. Languages without a translation of a version fall back to English, and the ledger
 * records the language actually shown.
 */
export const CONSENT_TEXT_VERSION = '2026-11-v1';

type Texts = Record<ConsentPurpose, string>;

export const CONSENT_TEXTS: Partial<Record<Language, Texts>> & { en: Texts } = {
  en: {
    membership:
      'Keep a mall pass for me and remember my visits, so I can check in with one tap. Required to join.',
    analytics:
      'Count me, anonymously, in the mall’s live visitor counts and in shops’ visit reports. No shop ever sees who I am.',
    marketing_email: 'Send me offers from the mall and its shops by email.',
    marketing_sms: 'Send me offers from the mall and its shops by text message.',
  },
};

export function consentText(language: Language, purpose: ConsentPurpose): { language: Language; text: string } {
  const texts = CONSENT_TEXTS[language];
  return texts ? { language, text: texts[purpose] } : { language: 'en', text: CONSENT_TEXTS.en[purpose] };
}
