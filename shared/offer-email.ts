/**
 * A promotion's offer email, made in one place so the panel's preview shows exactly what the hub
 * sends, in the shopper's language.
 */
import { LOCALES } from './i18n/locales.ts';
import { mailText, type MailContent } from './mail/content.ts';
import { mailWords } from './mail/words.ts';
import type { Language } from './schemas/shoppers.ts';

export interface OfferEmailSource {
  title: string;
  text: string;
  imageUrl?: string | undefined;
  offerEmail: { subject: string; text: string };
}

export interface OfferEmailContext {
  mallName: string;
  shopName?: string | null | undefined;
  firstName?: string | undefined;
  /** The shopper's language: the email's own words are in it (the promotion's are as written). */
  language: Language;
  /** The shopper's pass page: their pass, and where offers by email are switched off. */
  passUrl: string;
  /** Where phones reach the hub, for the image. */
  baseUrl: string;
  /** The shopper's rewards as lines in their language (shared/rewards-text.ts); none: no list. */
  rewards?: readonly string[] | undefined;
}

export interface OfferEmailContent extends MailContent {
  /** The plain-text part. */
  text: string;
  /** For the List-Unsubscribe header: the pass page, where the shopper withdraws marketing_email. */
  unsubscribeUrl: string;
}

export function composeOfferEmail(p: OfferEmailSource, c: OfferEmailContext): OfferEmailContent {
  const t = mailWords(c.language);
  const body = p.offerEmail.text.trim() || p.text.trim();
  const from = c.shopName ? t('offerFromShop', { shop: c.shopName, mall: c.mallName }) : c.mallName;
  const lead = t('offerLead', { mall: c.mallName, from });
  const content: MailContent = {
    subject: p.offerEmail.subject.trim() || p.title,
    lang: LOCALES[c.language],
    preheader: lead,
    blocks: [
      { kind: 'paragraph', text: c.firstName ? t('greetingNamed', { name: c.firstName }) : t('greeting') },
      { kind: 'paragraph', text: lead },
      { kind: 'title', text: p.title },
      ...(body ? [{ kind: 'paragraph' as const, text: body }] : []),
      ...(p.imageUrl ? [{ kind: 'image' as const, url: `${c.baseUrl}${p.imageUrl}`, label: t('picture') }] : []),
      ...(c.rewards?.length ? [{ kind: 'list' as const, title: t('rewardsTitle'), items: [...c.rewards] }] : []),
      { kind: 'button', label: t('yourPass'), url: c.passUrl },
      { kind: 'small', text: t('offerWhy', { mall: c.mallName }), link: { label: t('stopOffers'), url: c.passUrl } },
    ],
    signature: t('sentBy', { mall: c.mallName }),
    unsubscribeUrl: c.passUrl,
  };
  return { ...content, text: mailText(content), unsubscribeUrl: c.passUrl };
}
