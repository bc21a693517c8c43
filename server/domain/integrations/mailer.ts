import nodemailer from 'nodemailer';
import type { SmtpSettings } from '#shared/schemas/integrations.ts';
import type { Partition } from '#server/storage/partition.ts';
import { mailText, type MailBrand, type MailContent } from '#shared/mail/content.ts';
import type { IntegrationsRecord } from '#server/storage/records.ts';
import { DomainError } from '../core/errors.ts';
import { mailHtml } from './mail/html.ts';
import { composeWelcomeEmail, type WelcomeMailSource } from './mail/welcome.ts';
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

/** A message ready to send: both parts, the HTML one optional for mails to operators. */
export interface MailMessage {
  subject: string;
  text: string;
  html?: string;
}

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
   * `unsubscribeUrl` goes out as List-Unsubscribe, so mail apps offer their own button for it.
   * The SMTP host is resolved and checked now (rule 10) and the connection pinned to that
   * address, TLS still verifying the host's name. Throws DomainError (not set up, address
   * refused) or OutboundFailure with a generic message: never the server's own reply.
   */
  async send(to: string, message: MailMessage, extra: { unsubscribeUrl?: string } = {}): Promise<void> {
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
      // With an HTML part nodemailer sends multipart/alternative: text first, HTML preferred.
      await transport.sendMail({
        from: smtp.from,
        to,
        subject: message.subject,
        text: message.text,
        ...(message.html ? { html: message.html } : {}),
        ...(extra.unsubscribeUrl ? { list: { unsubscribe: extra.unsubscribeUrl } } : {}),
      });
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

  /** Retention: drops email outcomes noted before `before`; resolves with how many, once on disk. */
  async dropLogBefore(before: Date): Promise<number> {
    const log = this.store.data.mailLog;
    if (!log) return 0;
    const cut = before.toISOString();
    const kept = log.filter((e) => e.at >= cut);
    const dropped = log.length - kept.length;
    if (dropped) {
      this.store.data.mailLog = kept;
      await this.store.commit();
    }
    return dropped;
  }

  get log(): NonNullable<IntegrationsRecord['mailLog']> {
    return this.store.data.mailLog ?? [];
  }

  /**
   * The operator's test send from the panel, HTML and plain text like every mail, so it shows how
   * the mall's mails look. Throws as send does.
   */
  async sendTest(to: string, brand: MailBrand): Promise<void> {
    const content: MailContent = {
      subject: 'Atrium test email',
      lang: 'en',
      preheader: 'Email from your Atrium hub works.',
      blocks: [{ kind: 'paragraph', text: 'Email from your Atrium hub works.' }],
      signature: `Sent by ${brand.mallName}`,
    };
    await this.send(to, { subject: content.subject, text: mailText(content), html: await mailHtml(content, brand) });
  }

  /**
   * The welcome email in the shopper's language: the pass link and the consent receipt, as HTML
   * with a plain-text part. Sends nothing (false) without marketing_email, an address or SMTP.
   */
  async sendWelcome(mail: WelcomeMailSource, brand: MailBrand): Promise<boolean> {
    const { shopper } = mail;
    if (!shopper.consent.marketing_email || !shopper.email || !this.store.data.smtp) return false;
    const content = composeWelcomeEmail(mail);
    await this.send(shopper.email, { subject: content.subject, text: content.text, html: await mailHtml(content, brand) });
    return true;
  }
}
