import nodemailer from 'nodemailer';
import type { SmtpSettings } from '#shared/schemas/integrations.ts';
import type { Partition } from '#server/storage/partition.ts';
import type { ConsentEntryRecord, IntegrationsRecord, ShopperRecord } from '#server/storage/records.ts';
import { DomainError } from '../core/errors.ts';

export interface WelcomeMail {
  shopper: ShopperRecord;
  passUrl: string;
  receipt: readonly ConsentEntryRecord[];
  mallName: string;
}

const PURPOSE_NAMES: Record<string, string> = {
  membership: 'Mall pass and visits',
  analytics: 'Counted anonymously in visitor numbers',
  marketing_email: 'Offers by email',
  marketing_sms: 'Offers by text message',
};

/**
 * Email to shoppers who asked for it, through the mall's own SMTP server (nodemailer). Nothing is
 * sent to a shopper without `marketing_email` granted and an address given.
 */
export class Mailer {
  constructor(private readonly store: Partition<IntegrationsRecord>) {}

  get settings(): IntegrationsRecord['smtp'] {
    return this.store.data.smtp;
  }

  async configure(settings: SmtpSettings): Promise<void> {
    // An empty password in the form means "keep the one stored".
    const password = settings.password || this.store.data.smtp?.password;
    this.store.data.smtp = { ...settings, ...(password ? { password } : {}) };
    if (!password) delete this.store.data.smtp.password;
    await this.store.commit();
  }

  /** `unsubscribeUrl` goes out as List-Unsubscribe, so mail apps offer their own button for it. */
  async send(to: string, subject: string, text: string, extra: { unsubscribeUrl?: string } = {}): Promise<void> {
    const smtp = this.store.data.smtp;
    if (!smtp) throw new DomainError('unavailable', 'email is not set up: add SMTP settings first');
    const transport = nodemailer.createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password ?? '' } } : {}),
      connectionTimeout: 10_000,
    });
    try {
      await transport.sendMail({ from: smtp.from, to, subject, text, ...(extra.unsubscribeUrl ? { list: { unsubscribe: extra.unsubscribeUrl } } : {}) });
    } finally {
      transport.close();
    }
  }

  /** Notes an email's outcome (never its address) for the panel. */
  async note(kind: string, ok: boolean, error?: string): Promise<void> {
    const log = (this.store.data.mailLog ??= []);
    log.push({ at: new Date().toISOString(), kind, ok, ...(error ? { error } : {}) });
    if (log.length > 200) log.splice(0, log.length - 200);
    await this.store.commit();
  }

  get log(): NonNullable<IntegrationsRecord['mailLog']> {
    return this.store.data.mailLog ?? [];
  }

  /** The welcome email: the pass link and the consent receipt. */
  async sendWelcome(mail: WelcomeMail): Promise<boolean> {
    const { shopper } = mail;
    if (!shopper.consent.marketing_email || !shopper.email || !this.store.data.smtp) return false;
    const lines = [
      `Hello${shopper.firstName ? ` ${shopper.firstName}` : ''},`,
      '',
      `Welcome to the ${mail.mallName} pass. Your pass, your visits and your choices are here:`,
      mail.passUrl,
      '',
      'Your consent receipt:',
      ...mail.receipt.map((e) => `- ${PURPOSE_NAMES[e.purpose] ?? e.purpose}: ${e.granted ? 'you agreed' : 'you withdrew'} (text ${e.textVersion}, ${e.at}, ${e.channel})`),
      '',
      'You can change any of these, download your data or delete your pass at any time from the link above.',
    ];
    await this.send(shopper.email, `Your ${mail.mallName} pass`, lines.join('\n'));
    return true;
  }
}
