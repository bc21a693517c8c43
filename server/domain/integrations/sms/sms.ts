import { RateLimiterMemory, RateLimiterQueue } from 'rate-limiter-flexible';
import type { Pdu } from 'smpp';
import type { SmppSettings, SmsLogEntry } from '#shared/schemas/integrations.ts';
import type { Partition } from '#server/storage/partition.ts';
import type { ShopperRecord, SmsDeliveryRecord, SmsRecord } from '#server/storage/records.ts';
import { DomainError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { checkTargetHost, OutboundFailure, resolveAllowed, type OutboundPolicy } from '../outbound.ts';
import { RetrySchedule } from '../retry-schedule.ts';
import { PermanentSmsFailure, SmppLink } from './smpp-link.ts';
import { fromSmscAddress, toE164 } from '../../enrolment/phone-number.ts';
import { toSmsParts } from './sms-parts.ts';

/** What a shopper can be texted about; the feedback step (rewards and NPS) queues 'feedback'. */
export type ShopperSmsKind = 'welcome' | 'offer' | 'feedback';

const KEEP_LOG = 1000;
/** A receiving session that dropped is opened again after this long. */
const RECONNECT_MS = 5000;

export interface SmsOptions {
  policy: OutboundPolicy;
  /** Waits before each retry after the first attempt, in seconds. */
  retrySeconds: readonly number[];
  /** How long the SMS centre has to answer a connection, bind or submit. */
  timeoutMs: number;
  shopperOf: (id: string) => ShopperRecord | undefined;
  /** The shopper whose number this is (E.164), if any. */
  shopperByPhone: (e164: string) => ShopperRecord | undefined;
  /** Writes "marketing_sms withdrawn" to the shopper's ledger, channel `sms`. */
  withdraw: (shopper: ShopperRecord) => Promise<void>;
  /**
   * The text of one SMS in the shopper's language; `ref` as given to queue() (for 'offer' the
   * promotion's id). May resolve later (the welcome text reads the shopper's rewards).
   */
  compose: (kind: ShopperSmsKind, shopper: ShopperRecord, ref: string | undefined, stopKeyword: string) => string | Promise<string>;
  /** Why a pending text should no longer go (an offer whose promotion stopped or switched SMS off), or null. */
  cancelReason?: (kind: ShopperSmsKind, ref: string | undefined) => string | null;
  /** A promotion's title for the log (offer texts), if it still exists. */
  promotionTitle?: (promotionId: string) => string | undefined;
  /** The test message's text. */
  testText: () => string;
  /** Where a receiving session's trouble is reported (the hub's log). */
  onError: (e: unknown) => void;
}

/**
 * Text messages to shoppers who asked for them (`marketing_sms` granted and a mobile number
 * given), through the mall's SMS centre over SMPP. Queued, sent within the account's throughput,
 * retried after the retry schedule, logged without numbers; delivery receipts mark each entry
 * delivered or not. A reply of the STOP keyword withdraws `marketing_sms` in the shopper's ledger.
 * The number and the text are made at each attempt, so a withdrawal or an erasure in between stops it.
 */
export class Sms {
  readonly #retries: RetrySchedule<SmsDeliveryRecord>;
  #throttle: RateLimiterQueue;
  #tx: SmppLink | null = null;
  #rx: SmppLink | null = null;
  #opening: Promise<SmppLink> | null = null;
  #reconnect: NodeJS.Timeout | null = null;
  #reference = Math.floor(Math.random() * 256);
  #stopped = false;

  constructor(
    private readonly store: Partition<SmsRecord>,
    private readonly o: SmsOptions,
  ) {
    this.#retries = new RetrySchedule(o.retrySeconds, (id) => this.#attempt(id));
    this.#throttle = this.#limiter();
  }

  get settings(): SmsRecord['smpp'] {
    return this.store.data.smpp;
  }

  /** Texts waiting for a try, for monitoring. */
  get queued(): number {
    return this.#retries.waiting;
  }

  /** Throws DomainError 'invalid' naming `host` for an address the hub may not call (rule 10). */
  async configure(settings: SmppSettings): Promise<void> {
    checkTargetHost(settings.host, this.o.policy);
    // An empty password in the form means "keep the one stored".
    const password = settings.password || this.store.data.smpp?.password;
    const { password: _given, ...rest } = settings;
    this.store.data.smpp = { ...rest, ...(rest.systemType ? {} : { systemType: '' }), ...(password ? { password } : {}) };
    await this.store.commit();
    this.#throttle = this.#limiter();
    await this.#closeLinks();
    this.#listen();
  }

  /**
   * Queues a text to a shopper and starts sending it. Resolves false (nothing queued) without
   * SMS settings, `marketing_sms` or a number; true once the entry is on disk.
   */
  async queue(kind: ShopperSmsKind, shopperId: string, ref?: string): Promise<boolean> {
    if (this.#stopped || !this.store.data.smpp) return false;
    const shopper = this.o.shopperOf(shopperId);
    if (!shopper?.consent.marketing_sms || !shopper.phone) return false;
    const d = this.#entry(kind, 'pending');
    d.shopperId = shopperId;
    if (ref) d.ref = ref;
    if (kind === 'offer' && ref) d.promotionId = ref;
    RetrySchedule.append(this.store.data.log, d, KEEP_LOG);
    await this.store.commit();
    void this.#attempt(d.id).catch(this.o.onError);
    return true;
  }

  /**
   * The operator's test text to `to` (E.164), tried once now. Resolves with the log entry once
   * the SMS centre took it; throws DomainError (not set up, address refused) or OutboundFailure
   * in our own words. The number is not kept.
   */
  async sendTest(to: string): Promise<SmsDeliveryRecord> {
    if (!this.store.data.smpp) throw new DomainError('unavailable', 'SMS is not set up: add the SMS centre settings first');
    const d = this.#entry('test', 'pending');
    RetrySchedule.append(this.store.data.log, d, KEEP_LOG);
    d.attempts++;
    try {
      await this.#send(d, to, this.o.testText());
      this.#retries.settle(d, 'sent');
    } catch (e) {
      this.#retries.settle(d, 'failed', e instanceof Error ? e.message : String(e));
      throw e;
    } finally {
      await this.store.commit();
    }
    return d;
  }

  /** The shopper withdrew `marketing_sms` or erased their pass: nothing pending goes out. */
  async forget(shopperId: string): Promise<void> {
    const shopper = this.o.shopperOf(shopperId);
    if (shopper?.consent.marketing_sms && shopper.phone) return;
    let changed = false;
    for (const d of this.store.data.log) {
      if (d.shopperId !== shopperId || d.status !== 'pending') continue;
      this.#finish(d, 'cancelled', shopper ? 'the shopper withdrew offers by text' : 'the shopper erased their pass');
      changed = true;
    }
    if (changed) await this.store.commit();
  }

  /** The log, newest first, as the panel shows it: no number, no text. */
  log(limit = 200): SmsLogEntry[] {
    return this.store.data.log
      .slice(-limit)
      .reverse()
      .map((d) => ({
        id: d.id,
        kind: d.kind,
        status: d.status,
        attempts: d.attempts,
        parts: d.parts,
        encoding: d.encoding,
        receipt: receiptOf(d),
        promotionId: d.promotionId ?? null,
        promotionTitle: d.promotionId ? (this.o.promotionTitle?.(d.promotionId) ?? null) : null,
        lastError: d.lastError,
        createdAt: d.createdAt,
        updatedAt: d.updatedAt,
        nextAttemptAt: d.nextAttemptAt,
      }));
  }

  /** Retention: drops finished entries last changed before `before`; resolves with how many, once on disk. */
  async dropFinishedBefore(before: Date): Promise<number> {
    const dropped = RetrySchedule.dropFinished(this.store.data.log, before);
    if (dropped) await this.store.commit();
    return dropped;
  }

  /** Picks up texts left pending by the last run and opens the session that takes replies. */
  start(): void {
    this.#retries.resume(this.store.data.log);
    this.#listen();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#retries.stop();
    if (this.#reconnect) clearTimeout(this.#reconnect);
    await this.#closeLinks();
  }

  flush(): Promise<void> {
    return this.store.flush();
  }

  #limiter(): RateLimiterQueue {
    const perSecond = this.store.data.smpp?.perSecond ?? 1;
    return new RateLimiterQueue(new RateLimiterMemory({ points: perSecond, duration: 1 }), { maxQueueSize: 10_000 });
  }

  #entry(kind: SmsDeliveryRecord['kind'], status: SmsDeliveryRecord['status']): SmsDeliveryRecord {
    const now = new Date().toISOString();
    return { id: newId(), kind, status, attempts: 0, parts: 0, encoding: null, lastError: null, createdAt: now, updatedAt: now, nextAttemptAt: status === 'pending' ? now : null };
  }

  async #attempt(id: string): Promise<void> {
    const d = this.store.data.log.find((x) => x.id === id);
    if (!d || d.status !== 'pending' || this.#retries.stopped) return;
    if (d.kind === 'test' || d.kind === 'stop') {
      // Only a hub stopped in the middle of a test send leaves one pending: it is not tried again.
      this.#finish(d, 'failed', 'the hub stopped before the SMS centre answered');
      await this.store.commit();
      return;
    }
    const shopper = d.shopperId ? this.o.shopperOf(d.shopperId) : undefined;
    const smpp = this.store.data.smpp;
    if (!shopper || !shopper.consent.marketing_sms || !shopper.phone) {
      this.#finish(d, 'cancelled', shopper ? 'the shopper withdrew offers by text' : 'the shopper erased their pass');
    } else if (!smpp) {
      this.#finish(d, 'cancelled', 'SMS was switched off');
    } else if (this.o.cancelReason?.(d.kind, d.ref)) {
      this.#finish(d, 'cancelled', this.o.cancelReason(d.kind, d.ref)!);
    } else {
      d.attempts++;
      try {
        const to = toE164(shopper.phone);
        if (!to) throw new PermanentSmsFailure('the shopper\u2019s number is not a mobile number in E.164 form (phone)');
        await this.#send(d, to, await this.o.compose(d.kind, shopper, d.ref, smpp.stopKeyword));
        this.#finish(d, 'sent');
      } catch (e) {
        d.lastError = e instanceof Error ? e.message : String(e);
        if (e instanceof PermanentSmsFailure || e instanceof RangeError || !this.#retries.next(d)) this.#finish(d, 'failed', d.lastError);
      }
    }
    await this.store.commit();
  }

  /** Encodes, splits and submits one text, each part within the throughput limit, asking for receipts. */
  async #send(d: SmsDeliveryRecord, to: string, text: string): Promise<void> {
    const smpp = this.store.data.smpp!;
    this.#reference = (this.#reference + 1) & 0xff;
    const message = toSmsParts(text, this.#reference);
    d.parts = message.parts.length;
    d.encoding = message.dataCoding === 8 ? 'ucs2' : 'gsm7';
    const link = await this.#link();
    const numeric = smpp.sourceAddr.startsWith('+');
    d.messageIds = [];
    for (const part of message.parts) {
      await this.#throttle.removeTokens(1);
      const messageId = await link.submit({
        source_addr: numeric ? smpp.sourceAddr.slice(1) : smpp.sourceAddr,
        // TON 1 / NPI 1: international number; TON 5 / NPI 0: alphanumeric sender name.
        source_addr_ton: numeric ? 1 : 5,
        source_addr_npi: numeric ? 1 : 0,
        dest_addr_ton: 1,
        dest_addr_npi: 1,
        destination_addr: to.slice(1),
        esm_class: message.udh ? 0x40 : 0,
        data_coding: message.dataCoding,
        registered_delivery: 1,
        short_message: part,
      });
      if (messageId) d.messageIds.push(messageId);
    }
  }

  /** The session that sends (transceiver, or transmitter), opened when first needed. */
  async #link(): Promise<SmppLink> {
    if (this.#tx?.bound) return this.#tx;
    this.#opening ??= this.#open(this.store.data.smpp!.bind).finally(() => (this.#opening = null));
    const link = await this.#opening;
    this.#tx = link;
    return link;
  }

  async #open(bind: 'transmitter' | 'transceiver' | 'receiver'): Promise<SmppLink> {
    const s = this.store.data.smpp;
    if (!s) throw new DomainError('unavailable', 'SMS is not set up: add the SMS centre settings first');
    const { address } = await resolveAllowed(s.host, this.o.policy);
    const link = new SmppLink(
      { address, servername: s.host.replace(/^\[|\]$/g, ''), port: s.port, tls: s.tls, systemId: s.systemId, password: s.password ?? '', systemType: s.systemType ?? '', bind },
      this.o.timeoutMs,
      { deliver: (pdu) => this.#deliver(pdu), closed: (l) => this.#closed(l) },
    );
    await link.open();
    if (this.#stopped) {
      await link.close();
      throw new OutboundFailure('SMS was stopped');
    }
    return link;
  }

  /** Keeps a session open that takes receipts and replies: the sending one (transceiver) or a receiver. */
  #listen(): void {
    const s = this.store.data.smpp;
    if (!s || this.#stopped) return;
    const opened = s.bind === 'transceiver' ? this.#link() : this.#rx?.bound ? Promise.resolve(this.#rx) : this.#open('receiver').then((l) => (this.#rx = l));
    opened.catch((e: unknown) => {
      this.o.onError(e);
      this.#later();
    });
  }

  #closed(link: SmppLink): void {
    if (link === this.#tx) this.#tx = null;
    if (link === this.#rx) this.#rx = null;
    this.#later();
  }

  #later(): void {
    if (this.#stopped || this.#reconnect) return;
    this.#reconnect = setTimeout(() => {
      this.#reconnect = null;
      this.#listen();
    }, RECONNECT_MS);
    this.#reconnect.unref();
  }

  async #closeLinks(): Promise<void> {
    const links = [this.#tx, this.#rx];
    this.#tx = this.#rx = null;
    await Promise.all(links.map((l) => l?.close()));
  }

  /** A deliver_sm: a delivery receipt, or a text from a shopper. Resolves with the status to answer. */
  async #deliver(pdu: Pdu): Promise<number> {
    const esmClass = Number(pdu.esm_class ?? 0);
    const text = textOf(pdu);
    // esm_class bits 2–5 = 0001: an SMS centre delivery receipt.
    if ((esmClass & 0x3c) === 0x04) return this.#receipt(pdu, text);
    const keyword = this.store.data.smpp?.stopKeyword ?? 'STOP';
    if (text.trim().split(/\s+/)[0]?.toUpperCase() !== keyword) return 0;
    const d = this.#entry('stop', 'ignored');
    const phone = fromSmscAddress(String(pdu.source_addr ?? ''), Number(pdu.source_addr_ton ?? 0));
    const shopper = phone ? this.o.shopperByPhone(phone) : undefined;
    if (!phone) d.lastError = 'source_addr: not a phone number';
    else if (!shopper) d.lastError = 'source_addr: no shopper has this number';
    else if (!shopper.consent.marketing_sms) d.lastError = 'offers by text were already withdrawn';
    else {
      await this.o.withdraw(shopper);
      d.status = 'withdrawn';
    }
    RetrySchedule.append(this.store.data.log, d, KEEP_LOG);
    await this.store.commit();
    return 0;
  }

  async #receipt(pdu: Pdu, text: string): Promise<number> {
    const id = String(pdu.receipted_message_id ?? /\bid:(\S+)/i.exec(text)?.[1] ?? '');
    const state = /\bstat:(\w+)/i.exec(text)?.[1]?.toUpperCase();
    const messageState = pdu.message_state === undefined ? undefined : Number(pdu.message_state);
    // message_state 2 (DELIVERED) or the text's stat:DELIVRD; ENROUTE/ACCEPTED are not final.
    const delivered = messageState !== undefined ? messageState === 2 : state === 'DELIVRD';
    const final = messageState !== undefined ? ![1, 6, 7].includes(messageState) : state !== undefined && !['ENROUTE', 'ACCEPTD', 'UNKNOWN'].includes(state);
    if (!id || !final) return 0;
    const d = this.store.data.log.find((x) => x.messageIds?.includes(id));
    if (!d) return 0;
    (d.receipts ??= {})[id] = delivered;
    d.updatedAt = new Date().toISOString();
    await this.store.commit();
    return 0;
  }

  #finish(d: SmsDeliveryRecord, status: SmsDeliveryRecord['status'], error?: string): void {
    this.#retries.settle(d, status, error);
    delete d.shopperId;
    delete d.ref;
  }
}

/** Delivered once every part's receipt says so; undelivered once any says not. */
function receiptOf(d: SmsDeliveryRecord): SmsLogEntry['receipt'] {
  const ids = d.messageIds ?? [];
  const got = d.receipts ?? {};
  if (ids.some((id) => got[id] === false)) return 'undelivered';
  if (ids.length > 0 && ids.every((id) => got[id] === true)) return 'delivered';
  return null;
}

/** A deliver_sm's text, whether `smpp` decoded it already or it came in message_payload. */
function textOf(pdu: Pdu): string {
  for (const field of [pdu.short_message, pdu.message_payload]) {
    if (typeof field === 'string') return field;
    if (field && typeof field === 'object' && 'message' in field && typeof field.message === 'string') return field.message;
    if (Buffer.isBuffer(field) && field.length) return field.toString('latin1');
  }
  return '';
}
