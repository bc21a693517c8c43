import { LOCALES } from '#shared/i18n/index.ts';
import { mailText, type MailContent } from '#shared/mail/content.ts';
import { mailWords, type MailWordKey } from '#shared/mail/words.ts';
import type { Language } from '#shared/schemas/shoppers.ts';
import type { ConsentEntryRecord, ShopperRecord } from '#server/storage/records.ts';
import { mailDateFormat } from './dates.ts';

export interface WelcomeMailSource {
  shopper: ShopperRecord;
  passUrl: string;
  receipt: readonly ConsentEntryRecord[];
  mallName: string;
  /** The mall's clock and locale: the receipt's times are written in them. */
  timeZone: string;
  locale: string;
  /** The shopper's rewards as lines in their language (shared/rewards-text.ts); none: no list. */
  rewards?: readonly string[] | undefined;
}

/**
 * The welcome email in the shopper's language: the pass link, their reward progress (when they
 * have rewards to earn), and the consent receipt, each decision with its local date and where it
 * was made (a kiosk or the phone, never a device id).
 */
export function composeWelcomeEmail(m: WelcomeMailSource): MailContent & { text: string } {
  const language = (m.shopper.language in LOCALES ? m.shopper.language : 'en') as Language;
  const t = mailWords(language);
  const when = mailDateFormat(language, { timeZone: m.timeZone, locale: m.locale });
  const lead = t('welcomeLead');
  const content: MailContent = {
    subject: t('welcomeSubject', { mall: m.mallName }),
    lang: LOCALES[language],
    preheader: lead,
    blocks: [
      { kind: 'heading', text: t('welcomeHeading', { mall: m.mallName }) },
      { kind: 'paragraph', text: m.shopper.firstName ? t('greetingNamed', { name: m.shopper.firstName }) : t('greeting') },
      { kind: 'paragraph', text: lead },
      { kind: 'button', label: t('openPass'), url: m.passUrl },
      ...(m.rewards?.length ? [{ kind: 'list' as const, title: t('rewardsTitle'), items: [...m.rewards] }] : []),
      {
        kind: 'list',
        title: t('receiptTitle'),
        items: m.receipt.map((e) =>
          t('receiptLine', {
            purpose: t(`purpose_${e.purpose}` as MailWordKey),
            decision: e.granted ? t('agreed') : t('withdrew'),
            date: when(e.at),
            place: e.channel === 'phone' ? t('placePhone') : t('placeKiosk'),
            version: e.textVersion,
          }),
        ),
      },
      { kind: 'small', text: t('welcomeFooter') },
    ],
    signature: t('sentBy', { mall: m.mallName }),
  };
  return { ...content, text: mailText(content) };
}
