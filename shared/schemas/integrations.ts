import { z } from 'zod';
import { IsoTime } from './common.ts';

export const WEBHOOK_EVENTS = ['shopper.enrolled', 'visit.checked_in', 'promotion.redeemed', 'consent.changed'] as const;
export const WebhookEvent = z.enum(WEBHOOK_EVENTS);
export type WebhookEvent = z.infer<typeof WebhookEvent>;

export const CreateWebhook = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).max(500),
  events: z.array(WebhookEvent).min(1).max(WEBHOOK_EVENTS.length),
  description: z.string().trim().max(120).optional(),
});
export type CreateWebhook = z.infer<typeof CreateWebhook>;

export const Webhook = z.object({
  id: z.uuid(),
  url: z.string(),
  events: z.array(WebhookEvent),
  description: z.string().optional(),
  createdAt: IsoTime,
  active: z.boolean(),
});
export type Webhook = z.infer<typeof Webhook>;

/** The signing secret is shown once, when the webhook is made. */
export const CreatedWebhook = z.object({ webhook: Webhook, secret: z.string() });
export type CreatedWebhook = z.infer<typeof CreatedWebhook>;

export const WebhookDelivery = z.object({
  id: z.uuid(),
  webhookId: z.uuid(),
  event: WebhookEvent.or(z.literal('ping')),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
  nextAttemptAt: IsoTime.nullable(),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

export const SmtpSettings = z.strictObject({
  host: z.string().trim().min(1).max(200),
  port: z.number().int().min(1).max(65535),
  secure: z.boolean(),
  user: z.string().max(200).optional(),
  password: z.string().max(200).optional(),
  from: z.email().max(200),
});
export type SmtpSettings = z.infer<typeof SmtpSettings>;

/** SMTP settings as the panel sees them: the password never comes back. */
export const SmtpSettingsView = SmtpSettings.omit({ password: true }).extend({ passwordSet: z.boolean() });
export type SmtpSettingsView = z.infer<typeof SmtpSettingsView>;

/** One offer email in the delivery log: to whom is never said. */
export const OfferEmailDelivery = z.object({
  id: z.uuid(),
  promotionId: z.string(),
  /** null once the promotion is gone. */
  promotionTitle: z.string().nullable(),
  status: z.enum(['pending', 'sent', 'failed', 'cancelled']),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
  nextAttemptAt: IsoTime.nullable(),
});
export type OfferEmailDelivery = z.infer<typeof OfferEmailDelivery>;

/**
 * The mall's SMS centre (an SMPP aggregator's account). `bind`: transceiver sends and receives
 * on one session; transmitter sends only, and a second session bound as receiver takes delivery
 * receipts and replies (STOP). `sourceAddr`: the sender shown on phones, a number in E.164 or an
 * alphanumeric name of up to 11 characters. `perSecond`: the account's throughput limit, in SMS
 * parts per second. `stopKeyword`: a reply made of this word withdraws offers by text.
 */
export const SmppSettings = z.strictObject({
  host: z.string().trim().min(1).max(200),
  port: z.number().int().min(1).max(65535),
  tls: z.boolean(),
  systemId: z.string().trim().min(1).max(15),
  password: z.string().max(8).optional(),
  systemType: z.string().trim().max(12).optional(),
  bind: z.enum(['transceiver', 'transmitter']),
  sourceAddr: z
    .string()
    .trim()
    .regex(/^(\+[1-9][0-9]{6,14}|[A-Za-z0-9 ]{1,11})$/, 'must be a number in international form (+48601234567) or a name of up to 11 letters and digits'),
  perSecond: z.number().int().min(1).max(500),
  stopKeyword: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{2,20}$/, 'must be one word of letters and digits')
    .transform((w) => w.toUpperCase()),
});
export type SmppSettings = z.infer<typeof SmppSettings>;

/** SMPP settings as the panel sees them: the password never comes back. */
export const SmppSettingsView = SmppSettings.omit({ password: true }).extend({ passwordSet: z.boolean() });
export type SmppSettingsView = z.infer<typeof SmppSettingsView>;

export const SMS_KINDS = ['welcome', 'offer', 'feedback', 'test', 'stop'] as const;
export const SmsKind = z.enum(SMS_KINDS);
export type SmsKind = z.infer<typeof SmsKind>;

/**
 * One line of the SMS log: a text sent (welcome, offer, feedback, test) or a reply taken (stop).
 * To or from whom is never said. `receipt`: the delivery receipts' verdict, once every part's is in.
 */
export const SmsLogEntry = z.object({
  id: z.string(),
  kind: SmsKind,
  status: z.enum(['pending', 'sent', 'failed', 'cancelled', 'withdrawn', 'ignored']),
  attempts: z.number().int(),
  parts: z.number().int(),
  encoding: z.enum(['gsm7', 'ucs2']).nullable(),
  receipt: z.enum(['delivered', 'undelivered']).nullable(),
  /** An offer text's promotion, as the offer email log names it; null for other texts. */
  promotionId: z.string().nullable(),
  promotionTitle: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
  nextAttemptAt: IsoTime.nullable(),
});
export type SmsLogEntry = z.infer<typeof SmsLogEntry>;
