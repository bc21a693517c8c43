import { createHmac, randomBytes } from 'node:crypto';
import type { CreateWebhook, WebhookEvent } from '#shared/schemas/integrations.ts';
import type { Partition } from '#server/storage/partition.ts';
import type { DeliveryRecord, IntegrationsRecord, WebhookRecord } from '#server/storage/records.ts';
import { DomainError, notFound } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { RetrySchedule } from './retry-schedule.ts';
import { checkTargetUrl, OutboundFailure, postChecked, type OutboundPolicy } from './outbound.ts';

const KEEP_DELIVERIES = 1000;
const TIMEOUT_MS = 5000;

export interface WebhookOptions {
  /** Waits before each retry after the first attempt, in seconds. */
  retrySeconds: readonly number[];
  userAgent: string;
  /** Where deliveries may go (rule 10); checked when a webhook is made and at every send. */
  policy: OutboundPolicy;
}

/**
 * Outgoing webhooks. Each event is signed with HMAC-SHA256 over "<timestamp>.<body>" under the
 * webhook's own secret (header `Atrium-Signature: t=…,v1=…`), retried with growing waits, and
 * logged. Pending deliveries are stored, so a restart resumes them.
 */
export class Webhooks {
  readonly #retries: RetrySchedule<DeliveryRecord>;

  constructor(
    private readonly store: Partition<IntegrationsRecord>,
    private readonly options: WebhookOptions,
  ) {
    this.#retries = new RetrySchedule(options.retrySeconds, (id) => this.#attempt(id));
  }

  /** Webhook deliveries waiting for a try, for monitoring. */
  get queued(): number {
    return this.#retries.waiting;
  }

  list(): readonly WebhookRecord[] {
    return this.store.data.webhooks.filter((w) => !w.deletedAt);
  }

  /** Throws DomainError 'invalid' naming `url` for a URL the hub may not call (see outbound.ts). */
  async create(input: CreateWebhook): Promise<WebhookRecord> {
    checkTargetUrl(input.url, this.options.policy);
    const record: WebhookRecord = {
      id: newId(),
      url: input.url,
      events: [...new Set(input.events)],
      ...(input.description ? { description: input.description } : {}),
      secret: `whsec_${randomBytes(24).toString('base64url')}`,
      createdAt: new Date().toISOString(),
    };
    this.store.data.webhooks.push(record);
    await this.store.commit();
    return record;
  }

  async remove(id: string): Promise<void> {
    const hook = this.#get(id);
    hook.deletedAt = new Date().toISOString();
    for (const d of this.store.data.deliveries) {
      if (d.webhookId === id && d.status === 'pending') this.#finish(d, 'failed', 'webhook deleted');
    }
    await this.store.commit();
  }

  deliveries(webhookId: string): readonly DeliveryRecord[] {
    this.#get(webhookId);
    return this.store.data.deliveries.filter((d) => d.webhookId === webhookId).slice(-100).reverse();
  }

  /** Sends one event to every webhook subscribed to it. */
  async dispatch(event: WebhookEvent, data: Record<string, unknown>): Promise<void> {
    const hooks = this.list().filter((w) => w.events.includes(event));
    if (hooks.length === 0) return;
    const created = hooks.map((w) => this.#enqueue(w, event, data));
    await this.store.commit();
    for (const d of created) void this.#attempt(d.id);
  }

  async ping(webhookId: string): Promise<DeliveryRecord> {
    const d = this.#enqueue(this.#get(webhookId), 'ping', { message: 'Atrium webhook test' });
    await this.store.commit();
    await this.#attempt(d.id);
    return d;
  }

  /** Retention: drops finished deliveries last changed before `before`; resolves with how many, once on disk. */
  async dropFinishedBefore(before: Date): Promise<number> {
    const dropped = RetrySchedule.dropFinished(this.store.data.deliveries, before);
    if (dropped) await this.store.commit();
    return dropped;
  }

  /** Picks up deliveries left pending by the last run. */
  start(): void {
    this.#retries.resume(this.store.data.deliveries);
  }

  stop(): void {
    this.#retries.stop();
  }

  #get(id: string): WebhookRecord {
    const hook = this.store.data.webhooks.find((w) => w.id === id && !w.deletedAt);
    if (!hook) throw notFound('no such webhook', 'id');
    return hook;
  }

  #enqueue(hook: WebhookRecord, event: string, data: Record<string, unknown>): DeliveryRecord {
    const now = new Date().toISOString();
    const id = newId();
    const d: DeliveryRecord = {
      id,
      webhookId: hook.id,
      event,
      status: 'pending',
      attempts: 0,
      lastStatusCode: null,
      lastError: null,
      createdAt: now,
      updatedAt: now,
      nextAttemptAt: now,
      body: JSON.stringify({ id, type: event, createdAt: now, data }),
    };
    RetrySchedule.append(this.store.data.deliveries, d, KEEP_DELIVERIES);
    return d;
  }

  async #attempt(deliveryId: string): Promise<void> {
    const d = this.store.data.deliveries.find((x) => x.id === deliveryId);
    const hook = d && this.store.data.webhooks.find((w) => w.id === d.webhookId && !w.deletedAt);
    if (!d || d.status !== 'pending' || !hook || !d.body || this.#retries.stopped) return;
    d.attempts++;
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = createHmac('sha256', hook.secret).update(`${timestamp}.${d.body}`).digest('hex');
    try {
      // Resolved, checked and pinned at send time; only the status code comes back.
      const status = await postChecked(
        hook.url,
        {
          'content-type': 'application/json',
          'user-agent': this.options.userAgent,
          'atrium-event': d.event,
          'atrium-delivery': d.id,
          'atrium-signature': `t=${timestamp},v1=${signature}`,
        },
        d.body,
        this.options.policy,
        TIMEOUT_MS,
      );
      const ok = status >= 200 && status < 300;
      d.lastStatusCode = status;
      d.lastError = ok ? null : `HTTP ${status}`;
      if (ok) this.#finish(d, 'delivered');
      else this.#retryOrFail(d);
    } catch (e) {
      d.lastStatusCode = null;
      // Our own generic words only: never an internal service's reply or a system error's text.
      d.lastError = e instanceof DomainError || e instanceof OutboundFailure ? e.message : 'failed';
      this.#retryOrFail(d);
    }
    await this.store.commit();
  }

  #retryOrFail(d: DeliveryRecord): void {
    if (!this.#retries.next(d)) this.#finish(d, 'failed', d.lastError ?? 'failed');
  }

  #finish(d: DeliveryRecord, status: 'delivered' | 'failed', error?: string): void {
    this.#retries.settle(d, status, error);
    delete d.body;
  }
}
