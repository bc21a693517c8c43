import { z } from 'zod';
import { CreateWebhook, SmppSettings, SmtpSettings, type SmppSettingsView, type SmsLogEntry, type SmtpSettingsView, type CreatedWebhook, type OfferEmailDelivery, type Webhook, type WebhookDelivery, type WebhookEvent } from '#shared/schemas/integrations.ts';
import type { DeliveryRecord, WebhookRecord } from '#server/storage/records.ts';
import { DomainError } from '#server/domain/core/errors.ts';
import { mailBrandOf } from '#server/domain/integrations/mail/brand.ts';
import { toE164 } from '#server/domain/enrolment/phone-number.ts';
import { HttpProblem } from '../errors.ts';
import { route } from '../route.ts';

const toWebhook = (w: WebhookRecord): Webhook => ({
  id: w.id,
  url: w.url,
  events: w.events as WebhookEvent[],
  ...(w.description ? { description: w.description } : {}),
  createdAt: w.createdAt,
  active: !w.deletedAt,
});

const toDelivery = (d: DeliveryRecord): WebhookDelivery => ({
  id: d.id,
  webhookId: d.webhookId,
  event: d.event as WebhookDelivery['event'],
  status: d.status,
  attempts: d.attempts,
  lastStatusCode: d.lastStatusCode,
  lastError: d.lastError,
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
  nextAttemptAt: d.nextAttemptAt,
});

function webhookId(params: Record<string, string>): string {
  const id = z.uuid().safeParse(params.id);
  if (!id.success) throw new HttpProblem(404, 'no such webhook', 'id');
  return id.data;
}

const TestEmailBody = z.strictObject({ to: z.email().max(200) });
/** The test text's number: international form only (E.164, spaces allowed), checked by libphonenumber. */
const TestSmsBody = z.strictObject({
  to: z
    .string()
    .max(30)
    .transform((v, ctx) => toE164(v) ?? (ctx.addIssue({ code: 'custom', message: 'must be a mobile number in international form, like +48 601 234 567' }), z.NEVER)),
});

export const integrationRoutes = [
  route({
    method: 'get',
    path: '/api/settings/smtp',
    roles: ['operator'],
    handler: ({ services }): SmtpSettingsView | null => {
      const s = services.mailer.settings;
      if (!s) return null;
      return { host: s.host, port: s.port, secure: s.secure, ...(s.user ? { user: s.user } : {}), from: s.from, passwordSet: !!s.password };
    },
  }),
  route({
    method: 'post',
    path: '/api/settings/smtp',
    roles: ['operator'],
    body: SmtpSettings,
    audit: { action: 'settings.smtp', target: () => 'smtp' },
    handler: async ({ services, body }) => {
      await services.mailer.configure(body);
      return { ok: true };
    },
  }),
  route({
    method: 'post',
    path: '/api/settings/smtp/test',
    roles: ['operator'],
    body: TestEmailBody,
    audit: { action: 'settings.smtp-test', target: () => 'smtp' },
    handler: async ({ services, body }) => {
      try {
        await services.mailer.sendTest(body.to, mailBrandOf(services.mall.record, services.publicUrl));
        await services.mailer.note('test', true);
      } catch (e) {
        if (e instanceof DomainError) throw e;
        const message = e instanceof Error ? e.message : String(e);
        await services.mailer.note('test', false, message);
        throw new HttpProblem(502, message);
      }
      return { ok: true };
    },
  }),
  route({
    method: 'get',
    path: '/api/settings/mail-log',
    roles: ['operator'],
    handler: ({ services }) => [...services.mailer.log].reverse(),
  }),
  route({
    method: 'get',
    path: '/api/settings/smpp',
    roles: ['operator'],
    handler: ({ services }): SmppSettingsView | null => {
      const s = services.sms.settings;
      if (!s) return null;
      const { password, systemType, ...rest } = s;
      return { ...rest, ...(systemType ? { systemType } : {}), passwordSet: !!password };
    },
  }),
  route({
    method: 'post',
    path: '/api/settings/smpp',
    roles: ['operator'],
    body: SmppSettings,
    audit: { action: 'settings.smpp', target: () => 'smpp' },
    handler: async ({ services, body }) => {
      await services.sms.configure(body);
      return { ok: true };
    },
  }),
  route({
    method: 'post',
    path: '/api/settings/smpp/test',
    roles: ['operator'],
    body: TestSmsBody,
    audit: { action: 'settings.smpp-test', target: () => 'smpp' },
    handler: async ({ services, body }) => {
      try {
        await services.sms.sendTest(body.to);
      } catch (e) {
        if (e instanceof DomainError) throw e;
        throw new HttpProblem(502, e instanceof Error ? e.message : String(e));
      }
      return { ok: true };
    },
  }),
  route({
    method: 'get',
    path: '/api/settings/sms-log',
    roles: ['operator'],
    handler: ({ services }): SmsLogEntry[] => services.sms.log(),
  }),
  route({
    method: 'get',
    path: '/api/offer-emails',
    roles: ['operator'],
    handler: ({ services }): OfferEmailDelivery[] =>
      services.offerMail.deliveries().map((d) => ({
        id: d.id,
        promotionId: d.promotionId,
        promotionTitle: services.promotions.get(d.promotionId)?.title ?? null,
        status: d.status,
        attempts: d.attempts,
        lastError: d.lastError,
        createdAt: d.createdAt,
        updatedAt: d.updatedAt,
        nextAttemptAt: d.nextAttemptAt,
      })),
  }),
  route({
    method: 'get',
    path: '/api/webhooks',
    roles: ['operator'],
    handler: ({ services }): Webhook[] => services.webhooks.list().map(toWebhook),
  }),
  route({
    method: 'post',
    path: '/api/webhooks',
    roles: ['operator'],
    body: CreateWebhook,
    audit: { action: 'webhook.create', targetOfResult: (_ctx, result) => (result as CreatedWebhook).webhook.id },
    handler: async ({ services, body }): Promise<CreatedWebhook> => {
      const w = await services.webhooks.create(body);
      return { webhook: toWebhook(w), secret: w.secret };
    },
  }),
  route({
    method: 'post',
    path: '/api/webhooks/:id/delete',
    roles: ['operator'],
    audit: { action: 'webhook.delete' },
    handler: async ({ services, params }) => {
      await services.webhooks.remove(webhookId(params));
      return { ok: true };
    },
  }),
  route({
    method: 'post',
    path: '/api/webhooks/:id/ping',
    roles: ['operator'],
    audit: { action: 'webhook.ping' },
    handler: async ({ services, params }): Promise<WebhookDelivery> => toDelivery(await services.webhooks.ping(webhookId(params))),
  }),
  route({
    method: 'get',
    path: '/api/webhooks/:id/deliveries',
    roles: ['operator'],
    handler: ({ services, params }): WebhookDelivery[] => services.webhooks.deliveries(webhookId(params)).map(toDelivery),
  }),
];
