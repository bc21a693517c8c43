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
