import { composeOfferEmail } from '#shared/offer-email.ts';
import type { Partition } from '#server/storage/partition.ts';
import type { OfferDeliveryRecord, OfferMailRecord, PromotionRecord, ShopperRecord } from '#server/storage/records.ts';
import type { DomainBus } from '../core/bus.ts';
import { newId } from '../core/ids.ts';
import { LANGUAGES } from '#shared/constants.ts';
import type { Language } from '#shared/schemas/shoppers.ts';
import type { Mailer, MailMessage } from './mailer.ts';
import { mailBrandOf } from './mail/brand.ts';
import { mailHtml } from './mail/html.ts';
import type { Mall } from '../mall/mall.ts';
import { offersToEmail, type OfferChannel } from './offer-audience.ts';
import { isScheduled } from '../signage/ranking.ts';
import { RetrySchedule } from './retry-schedule.ts';

const KEEP_DELIVERIES = 1000;

export interface OfferMailOptions {
  promotions: () => readonly PromotionRecord[];
  shopperOf: (id: string) => ShopperRecord | undefined;
  /** The shopper's keyed pseudonym, so the "already sent" marks name nobody. */
  visitorOf: (id: string) => string;
  screenZone: (screenId: string) => string | undefined;
  segmentsOf: (s: ShopperRecord) => readonly string[];
  mailer: Mailer;
  mall: Mall;
  /** Where phones reach the hub; read at send time, as it is known only once the hub listens. */
  baseUrl: () => string;
  /** Waits before each retry after the first attempt, in seconds. */
  retrySeconds: readonly number[];
  /** A check-in older than this (replayed from an offline kiosk) earns no email: the moment has passed. */
  freshForMs: number;
  /** The shopper's rewards as lines in `language`, shown in the email; absent: none shown. */
  rewardLines?: (shopperId: string, language: Language) => Promise<string[]>;
  /**
   * Offer texts (sms.ts), read when a check-in comes: `settings` unset means SMS is off; `queue`
   * sends one offer text (`ref` the promotion id) and resolves once it is on disk.
   */
  texts?: () => OfferTexts | undefined;
}

/** What offer texts need of the SMS channel. */
export interface OfferTexts {
  readonly settings: unknown;
  queue(kind: 'offer', shopperId: string, ref: string): Promise<boolean>;
}

/** The sent mark of a promotion's offer to a visitor: `<promotion>|<visitor>` by email, `sms:<promotion>|<visitor>` by text. */
const sentKey = (channel: OfferChannel, promotionId: string, visitor: string) => `${channel === 'sms' ? 'sms:' : ''}${promotionId}|${visitor}`;

/**
 * Offer emails: a promotion with its email switched on mails each shopper once who checks in
 * where and while it runs and is in its audience. Queued after the check-in has been answered,
 * sent through the mall's SMTP server, retried a few times, logged without addresses; a pending
 * email survives a restart. The address is read from the shopper at each attempt, so a withdrawal
 * or an erasure in between stops it.
 */
export class OfferMail {
  readonly #retries: RetrySchedule<OfferDeliveryRecord>;

  constructor(
    private readonly store: Partition<OfferMailRecord>,
    private readonly o: OfferMailOptions,
  ) {
    this.#retries = new RetrySchedule(o.retrySeconds, (id) => this.#attempt(id));
  }

  /** Offer emails waiting for a try, for monitoring. */
  get queued(): number {
    return this.#retries.waiting;
  }

  /**
   * Queues this check-in's offer emails and offer texts and starts sending them; returns how many
   * were queued. Each channel has the same cap: one message per promotion and shopper, ever.
   */
  async checkedIn(e: { shopperId: string; zoneId: string; at: string }): Promise<number> {
    const texts = this.o.texts?.();
    const channels: OfferChannel[] = [...(this.o.mailer.settings ? (['email'] as const) : []), ...(texts?.settings ? (['sms'] as const) : [])];
    if (this.#retries.stopped || channels.length === 0) return 0;
    const at = new Date(e.at);
    if (Date.now() - at.getTime() > this.o.freshForMs) return 0;
    const shopper = this.o.shopperOf(e.shopperId);
    if (!shopper) return 0;
    const place = { zoneId: e.zoneId, clock: this.o.mall.clock(at) };
    const offers = channels.map((channel) => ({ channel, list: offersToEmail(this.o.promotions(), shopper, place, this.o.screenZone, this.o.segmentsOf, channel) }));
    if (offers.every((o) => o.list.length === 0)) return 0;
    const visitor = this.o.visitorOf(shopper.id);
    const now = new Date().toISOString();
    const queued: OfferDeliveryRecord[] = [];
    const textsToQueue: string[] = [];
    // Claimed before any await: two check-ins at once cannot both queue the same message.
    for (const { channel, list } of offers) {
      for (const p of list) {
        const key = sentKey(channel, p.id, visitor);
        if (this.store.data.sent[key]) continue;
        this.store.data.sent[key] = now;
        if (channel === 'email') queued.push(this.#enqueue(p.id, shopper.id, now));
        else textsToQueue.push(p.id);
      }
    }
    if (queued.length === 0 && textsToQueue.length === 0) return 0;
    await this.store.commit();
    for (const d of queued) void this.#attempt(d.id);
    let texted = 0;
    for (const id of textsToQueue) if (await texts!.queue('offer', shopper.id, id)) texted++;
    return queued.length + texted;
  }

  /**
   * The shopper withdrew `marketing_email` or erased their pass: nothing pending goes out, and on
   * erasure their marks go too.
   */
  async forget(shopperId: string): Promise<void> {
    const shopper = this.o.shopperOf(shopperId);
    if (shopper?.consent.marketing_email && shopper.email) return;
    let changed = false;
    for (const d of this.store.data.deliveries) {
      if (d.shopperId !== shopperId) continue;
      this.#finish(d, 'cancelled', shopper ? 'the shopper withdrew offers by email' : 'the shopper erased their pass');
      changed = true;
    }
    if (!shopper) {
      const suffix = `|${this.o.visitorOf(shopperId)}`;
      for (const key of Object.keys(this.store.data.sent)) {
        if (!key.endsWith(suffix)) continue;
        delete this.store.data.sent[key];
        changed = true;
      }
    }
    if (changed) await this.store.commit();
  }

  /** Newest first. */
  deliveries(limit = 100): readonly OfferDeliveryRecord[] {
    return this.store.data.deliveries.slice(-limit).reverse();
  }

  /** Retention: drops finished offer emails last changed before `before`; resolves with how many, once on disk. */
  async dropFinishedBefore(before: Date): Promise<number> {
    const dropped = RetrySchedule.dropFinished(this.store.data.deliveries, before);
    if (dropped) await this.store.commit();
    return dropped;
  }

  /** Picks up emails left pending by the last run. */
  start(): void {
    this.#retries.resume(this.store.data.deliveries);
  }

  stop(): void {
    this.#retries.stop();
  }

  flush(): Promise<void> {
    return this.store.flush();
  }

  #enqueue(promotionId: string, shopperId: string, now: string): OfferDeliveryRecord {
    const d: OfferDeliveryRecord = {
      id: newId(),
      promotionId,
      status: 'pending',
      attempts: 0,
      lastError: null,
      createdAt: now,
      updatedAt: now,
      nextAttemptAt: now,
      shopperId,
    };
    RetrySchedule.append(this.store.data.deliveries, d, KEEP_DELIVERIES);
    return d;
  }

  async #attempt(id: string): Promise<void> {
    const d = this.store.data.deliveries.find((x) => x.id === id);
    if (!d || d.status !== 'pending' || this.#retries.stopped) return;
    const shopper = d.shopperId ? this.o.shopperOf(d.shopperId) : undefined;
    const p = this.o.promotions().find((x) => x.id === d.promotionId);
    if (!shopper || !shopper.consent.marketing_email || !shopper.email) {
      this.#finish(d, 'cancelled', shopper ? 'the shopper withdrew offers by email' : 'the shopper erased their pass');
    } else if (!p || p.status !== 'active' || !p.offerEmail?.enabled || !isScheduled(p.schedule, this.o.mall.clock())) {
      this.#finish(d, 'cancelled', 'the promotion is no longer running or its email was switched off');
    } else {
      d.attempts++;
      try {
        const mail = await this.#content(p, shopper);
        await this.o.mailer.send(shopper.email, mail, { unsubscribeUrl: mail.unsubscribeUrl });
        this.#finish(d, 'sent');
        await this.o.mailer.note('offer', true);
      } catch (e) {
        d.lastError = e instanceof Error ? e.message : String(e);
        if (!this.#retry(d)) await this.o.mailer.note('offer', false, d.lastError);
      }
    }
    await this.store.commit();
  }

  /** The offer email in the shopper's language, both parts, with the mall's brand. */
  async #content(p: PromotionRecord, shopper: ShopperRecord): Promise<MailMessage & { unsubscribeUrl: string }> {
    const base = this.o.baseUrl();
    const mall = this.o.mall.record;
    const shopName = p.tenantId ? mall.tenants.find((t) => t.id === p.tenantId)?.name : undefined;
    const language = (LANGUAGES as readonly string[]).includes(shopper.language) ? (shopper.language as Language) : 'en';
    const rewards = (await this.o.rewardLines?.(shopper.id, language)) ?? [];
    const mail = composeOfferEmail(
      { title: p.title, text: p.text, imageUrl: p.imageUrl, offerEmail: p.offerEmail ?? { subject: '', text: '' } },
      { mallName: mall.name, shopName, firstName: shopper.firstName, language, passUrl: `${base}/pass/${shopper.id}`, baseUrl: base, rewards },
    );
    return { subject: mail.subject, text: mail.text, html: await mailHtml(mail, mailBrandOf(mall, base)), unsubscribeUrl: mail.unsubscribeUrl };
  }

  /** Schedules the next try, or gives up; says whether it will try again. */
  #retry(d: OfferDeliveryRecord): boolean {
    if (this.#retries.next(d)) return true;
    this.#finish(d, 'failed', d.lastError ?? 'failed');
    return false;
  }

  #finish(d: OfferDeliveryRecord, status: OfferDeliveryRecord['status'], error?: string): void {
    this.#retries.settle(d, status, error);
    delete d.shopperId;
  }
}

/** Check-ins and consent changes from the bus, handled after the check-in has been answered. */
export function feedOfferMail(bus: DomainBus, offerMail: OfferMail, onError: (e: unknown) => void): () => void {
  // setImmediate: the check-in's ack goes out first; choosing and sending never delay it.
  const onVisit = (e: { shopperId: string; zoneId: string; at: string }) => setImmediate(() => offerMail.checkedIn(e).catch(onError));
  const onConsent = (e: { shopperId: string }) => setImmediate(() => offerMail.forget(e.shopperId).catch(onError));
  bus.on('visit.checked_in', onVisit);
  bus.on('consent.changed', onConsent);
  return () => {
    bus.off('visit.checked_in', onVisit);
    bus.off('consent.changed', onConsent);
  };
}
