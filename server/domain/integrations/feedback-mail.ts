import { LOCALES, translator } from '#shared/i18n/index.ts';
import { mailText, type MailBlock, type MailContent } from '#shared/mail/content.ts';
import { mailWords } from '#shared/mail/words.ts';
import type { RewardProgress } from '#shared/schemas/rewards.ts';
import type { Language } from '#shared/schemas/shoppers.ts';
import type { ShopperRecord } from '#server/storage/records.ts';
import type { DomainBus, DomainEvents } from '../core/bus.ts';
import type { Mall } from '../mall/mall.ts';
import { mailBrandOf } from './mail/brand.ts';
import { mailHtml } from './mail/html.ts';
import type { Mailer } from './mailer.ts';
import { rewardLine } from '#shared/rewards-text.ts';

export interface FeedbackMailOptions {
  mailer: Mailer;
  mall: Mall;
  shopperOf: (id: string) => ShopperRecord | undefined;
  /** Where phones reach the hub; read at send time. */
  baseUrl: () => string;
  progressOf: (shopperId: string, language: Language) => Promise<RewardProgress[]>;
}

/** The feedback email of one due message: the question, eleven one-tap links, and reward progress. */
export function composeFeedbackEmail(m: { shopper: ShopperRecord; mallName: string; passUrl: string; token: string; rewards: RewardProgress[] }): MailContent & { text: string } {
  const language = (m.shopper.language in LOCALES ? m.shopper.language : 'en') as Language;
  const t = mailWords(language);
  const k = translator(language);
  const question = t('feedbackQuestion', { mall: m.mallName });
  const blocks: MailBlock[] = [
    { kind: 'heading', text: question },
    { kind: 'paragraph', text: m.shopper.firstName ? t('greetingNamed', { name: m.shopper.firstName }) : t('greeting') },
    { kind: 'paragraph', text: t('feedbackLead') },
    {
      kind: 'scale',
      low: k('npsNotLikely'),
      high: k('npsVeryLikely'),
      links: Array.from({ length: 11 }, (_, score) => ({ label: String(score), url: `${m.passUrl}?feedback=${m.token}&score=${score}` })),
    },
  ];
  if (m.rewards.length) blocks.push({ kind: 'list', title: t('rewardsTitle'), items: m.rewards.map((r) => rewardLine(r, k)) });
  blocks.push({ kind: 'small', text: t('feedbackWhy', { mall: m.mallName }), link: { label: t('yourPass'), url: m.passUrl } });
  const content: MailContent = {
    subject: t('feedbackSubject', { mall: m.mallName }),
    lang: LOCALES[language],
    preheader: question,
    blocks,
    signature: t('sentBy', { mall: m.mallName }),
    unsubscribeUrl: m.passUrl,
  };
  return { ...content, text: mailText(content) };
}

/**
 * The email channel of post-visit feedback: listens for `feedback.due` (domain/rewards/feedback.ts)
 * and mails shoppers who granted `marketing_email` and gave an address, in their language. Logged
 * without the address (kind `feedback`). The SMS channel listens to the same event.
 */
export class FeedbackMail {
  constructor(private readonly o: FeedbackMailOptions) {}

  /** Sends one due message by email; false when the shopper cannot be mailed. */
  async send(e: DomainEvents['feedback.due'][0]): Promise<boolean> {
    const shopper = this.o.shopperOf(e.shopperId);
    if (!shopper?.consent.marketing_email || !shopper.email || !this.o.mailer.settings) return false;
    const passUrl = `${this.o.baseUrl()}/pass/${shopper.id}`;
    const rewards = await this.o.progressOf(shopper.id, shopper.language as Language);
    const content = composeFeedbackEmail({ shopper, mallName: this.o.mall.record.name, passUrl, token: e.token, rewards });
    await this.o.mailer.send(shopper.email, { subject: content.subject, text: content.text, html: await mailHtml(content, mailBrandOf(this.o.mall.record, this.o.baseUrl())) }, { unsubscribeUrl: passUrl });
    return true;
  }

  /** Starts listening; returns the way to stop. */
  listen(bus: DomainBus): () => void {
    const onDue = (e: DomainEvents['feedback.due'][0]) => {
      void this.send(e).then(
        (sent) => (sent ? this.o.mailer.note('feedback', true) : undefined),
        (err: unknown) => this.o.mailer.note('feedback', false, err instanceof Error ? err.message : String(err)),
      ).catch(() => undefined);
    };
    bus.on('feedback.due', onDue);
    return () => bus.off('feedback.due', onDue);
  }
}
