import nodemailer from 'nodemailer';
import type { SmtpSettings } from '#shared/schemas/integrations.ts';
import type { Partition } from '#server/storage/partition.ts';
import type { ConsentEntryRecord, IntegrationsRecord, ShopperRecord } from '#server/storage/records.ts';
import type { Brand } from '#shared/schemas/mall.ts';
import { DomainError } from '../core/errors.ts';
import { brandedHtml } from './branded-mail.ts';
import { checkTargetHost, OutboundFailure, resolveAllowed, type OutboundPolicy } from './outbound.ts';

/** Our own words for what went wrong; the mail server's reply is never passed on. */
function mailFailure(e: unknown): OutboundFailure {
  const code = typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : '';
  const reply = typeof e === 'object' && e !== null && 'responseCode' in e ? Number((e as { responseCode: unknown }).responseCode) : 0;
  if (reply >= 400 && reply < 500) return new OutboundFailure(`the mail server asked to try again later (${reply})`);
  if (code === 'EAUTH') return new OutboundFailure('the mail server refused the sign-in');
  if (code === 'ETIMEDOUT') return new OutboundFailure('the mail server did not answer in time');
  if (code === 'ECONNECTION' || code === 'ESOCKET' || code === 'EDNS') return new OutboundFailure('could not connect to the mail server');
  if (code === 'EENVELOPE') return new OutboundFailure('the mail server refused the address');
  if (code === 'ETLS') return new OutboundFailure('could not make a secure connection to the mail server');
  return new OutboundFailure('the mail server did not accept the message');
}

export interface WelcomeMail {
  shopper: ShopperRecord;
  passUrl: string;
  receipt: readonly ConsentEntryRecord[];
  mallName: string;
  /** The mall's colours and logo, and the public address the logo loads from. */
  brand: Brand;
  baseUrl: string;
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
  constructor(
    private readonly store: Partition<IntegrationsRecord>,
    private readonly policy: OutboundPolicy,
  ) {}

  get settings(): IntegrationsRecord['smtp'] {
    return this.store.data.smtp;
  }

  /** Throws DomainError 'invalid' naming `host` for an address the hub may not call (rule 10). */
  async configure(settings: SmtpSettings): Promise<void> {
    checkTargetHost(settings.host, this.policy);
    // An empty password in the form means "keep the one stored".
    const password = settings.password || this.store.data.smtp?.password;
    this.store.data.smtp = { ...settings, ...(password ? { password } : {}) };
    if (!password) delete this.store.data.smtp.password;
    await this.store.commit();
  }

  /**
   * `html`, if given, is the message's HTML part beside `text`. `unsubscribeUrl` goes out as List-Unsubscribe, so mail apps offer their own button for it.
   * The SMTP host is resolved and checked now (rule 10) and the connection pinned to that
   * address, TLS still verifying the host's name. Throws DomainError (not set up, address
   * refused) or OutboundFailure with a generic message: never the server's own reply.
   */
  async send(to: string, subject: string, text: string, extra: { unsubscribeUrl?: string; html?: string } = {}): Promise<void> {
    const smtp = this.store.data.smtp;
    if (!smtp) throw new DomainError('unavailable', 'email is not set up: add SMTP settings first');
    const { address } = await resolveAllowed(smtp.host, this.policy);
    const name = smtp.host.replace(/^\[|\]$/g, '');
    const transport = nodemailer.createTransport({
      host: address,
      // TLS (SNI and the certificate check) still uses the configured name.
      ...(name !== address ? { servername: name } : {}),
      port: smtp.port,
      secure: smtp.secure,
      ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password ?? '' } } : {}),
      connectionTimeout: 10_000,
    });
    try {
      await transport.sendMail({ from: smtp.from, to, subject, text, ...(extra.html ? { html: extra.html } : {}), ...(extra.unsubscribeUrl ? { list: { unsubscribe: extra.unsubscribeUrl } } : {}) });
    } catch (e) {
      throw mailFailure(e);
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
    const text = lines.join('\n');
    await this.send(shopper.email, `Your ${mail.mallName} pass`, text, { html: brandedHtml(text, { name: mail.mallName, brand: mail.brand, baseUrl: mail.baseUrl }) });
    return true;
  }
}
