import { createHash } from 'node:crypto';
import AsyncLock from 'async-lock';
import { CONSENT_PURPOSES, OPTIONAL_PURPOSES, type ConsentPurpose } from '#shared/constants.ts';
import { CONSENT_TEXT_VERSION, consentText } from '#shared/consent-texts.ts';
import type { ConsentChangeBody, PhoneJoinBody } from '#shared/schemas/pass.ts';
import type { ReaderSettings } from '#shared/schemas/reader.ts';
import type { EnrolBody, Language } from '#shared/schemas/shoppers.ts';
import { dayOf } from '#server/storage/daily-log.ts';
import type { MallStore } from '#server/storage/mall-store.ts';
import type { ConsentEntryRecord, DeviceRecord, ShopperRecord, VisitRecord } from '#server/storage/records.ts';
import type { DomainBus } from '../core/bus.ts';
import { cardToken, normaliseCard } from './cards.ts';
import { DomainError, invalid, notFound } from '../core/errors.ts';
import { newId, newPassId, newToken } from '../core/ids.ts';
import type { Mall } from '../mall/mall.ts';
import type { Presence } from '../presence/presence.ts';
import { visitorPseudonym } from './pseudonym.ts';
import { regionOfLocale, toE164 } from './phone-number.ts';
import { judgeRead, type Arrival, type LastRead } from './arrival.ts';

const RECENT_DAYS = 60;
const TICKET_MS = 5 * 60_000;
/** A "continue on your phone" link lives this long and works once. */
export const JOIN_LINK_MS = 5 * 60_000;
/** A check-in may be replayed from a kiosk's offline queue, but not from the far past or future. */
export const MAX_BACKDATE_MS = 7 * 24 * 3600_000;
const MAX_CLOCK_SKEW_MS = 5 * 60_000;

export type CheckInResult =
  | {
      status: 'welcome';
      shopper: ShopperRecord;
      /** The same visit id was recorded before: nothing new was written. */
      duplicate: boolean;
      /** What the read was (arrival.ts): a new mall visit, an arrival in a zone or at a touchpoint, or none. */
      arrival: Arrival;
    }
  | { status: 'unknown'; enrolTicket: string };

const NOT_AN_ARRIVAL: Arrival = { mall: false, zone: false, place: false };

export interface Touchpoint {
  id: string;
  zoneId: string;
}

export const touchpointOf = (device: DeviceRecord): Touchpoint => ({ id: device.id, zoneId: device.zoneId });

/** What a till scan writes with its visit (VisitRecord.cameFrom, redeems). */
export type TillVisitParts = Pick<VisitRecord, 'cameFrom' | 'redeems'>;

/**
 * Shoppers: card taps, check-ins and enrolment. Card numbers are turned into tokens on arrival
 * and never kept; an unknown card gets a short-lived ticket so its number is not sent twice.
 */
export class Shoppers {
  readonly #byCard = new Map<string, string>();
  /** Shopper ids by their pseudonym in shops' visit rows, so a report can tell whose rows are whose. */
  readonly #byVisitor = new Map<string, string>();
  /** Shoppers whose records predate the kept pseudonym: named on the first lookup, not at start. */
  #unnamed: string[] = [];
  readonly #listeners: ((shopper: ShopperRecord) => void)[] = [];
  readonly #tickets = new Map<string, { token: string; touchpoint: string; expires: number }>();
  readonly #joinLinks = new Map<string, { touchpoint: Touchpoint; token?: string; expires: number }>();
  /**
   * One shopper's changes run one at a time, keyed by pass id: reads (a retry, a card resting on a
   * reader, a second kiosk) are each judged against the record as the one before left it, and an
   * erasure waits for the check-ins and consent changes under way, while those that come after it
   * find the pass gone, so nothing written during an erasure keeps the erased id.
   */
  readonly #perShopper = new AsyncLock();
  /** Card tokens being enrolled: enrolling the same card again meanwhile is refused. */
  readonly #enrolling = new Set<string>();
  #visitCount = 0;

  constructor(
    private readonly mall: Mall,
    private readonly store: MallStore,
    private readonly secret: Buffer,
    private readonly presence: Presence,
    private readonly bus: DomainBus,
    private readonly countKeys: (shopper: ShopperRecord) => readonly string[],
    /** The mall's visit window (ms): a read after this long without one begins a new visit. */
    private readonly visitWindowMs: number,
    /** The hub's clock (epoch ms): the time of a read that carries none, of joining, of consents. Tests set it. */
    private readonly now: () => number = () => Date.now(),
  ) {
    for (const s of store.shoppers.values()) {
      for (const t of s.cardTokens) this.#byCard.set(t, s.id);
      if (s.visitor) this.#byVisitor.set(s.visitor, s.id);
      else this.#unnamed.push(s.id);
      this.#visitCount += s.visitCount;
    }
  }

  /** Visits held by current shoppers' profiles. */
  get visitCount(): number {
    return this.#visitCount;
  }

  get count(): number {
    return this.store.shoppers.size;
  }

  *ids(): IterableIterator<string> {
    for (const s of this.store.shoppers.values()) yield s.id;
  }

  /**
   * Calls `listener` with a shopper's record whenever it changes — a visit, a consent, the
   * language, an erasure (then with the record as it was) — so what is worked out from records
   * can be kept and redone only for those who changed. Every change is stored through #save or
   * erase, so none is missed.
   */
  onChange(listener: (shopper: ShopperRecord) => void): void {
    this.#listeners.push(listener);
  }

  /** Stores a changed record (resolves once on disk) and tells the listeners at once. */
  #save(shopper: ShopperRecord): Promise<void> {
    const stored = this.store.shoppers.set(shopper.id, shopper);
    this.#changed(shopper);
    return stored;
  }

  #changed(shopper: ShopperRecord): void {
    for (const listener of this.#listeners) listener(shopper);
  }

  /** The current shopper behind a pseudonym of shops' visit rows; none once they are erased. */
  byVisitor(visitor: string): string | undefined {
    if (this.#unnamed.length) {
      // Older records get their pseudonym now, in memory; it is written with their shard next time.
      for (const id of this.#unnamed) {
        const s = this.store.shoppers.get(id);
        if (s) this.#byVisitor.set((s.visitor ??= visitorPseudonym(this.secret, id)), id);
      }
      this.#unnamed = [];
    }
    return this.#byVisitor.get(visitor);
  }

  get(id: string): ShopperRecord | undefined {
    return this.store.shoppers.get(id);
  }

  /**
   * Brings shopper summaries and presence up to date with the visit files. A visit and its summary
   * share one journal frame, but a checkpoint may write the visit's day file (it is in memory from
   * the moment it is placed) before that frame is on disk; a crash then leaves the visit without
   * the summary counting it, so the summary is redone from it.
   */
  async recover(presenceWindowMs: number): Promise<void> {
    const now = this.now();
    const days = (await this.store.visits.days()).slice(-2);
    for (const day of days) {
      for (const v of await this.store.visits.read(day)) {
        if (!v.shopperId) continue;
        const s = this.store.shoppers.get(v.shopperId);
        if (!s) continue;
        const t = Date.parse(v.at);
        let changed = false;
        if (!v.kind && !s.recentVisits.includes(t) && now - t < RECENT_DAYS * 86400_000) {
          applyVisit(s, v.at, v.zoneId, now);
          this.#visitCount++;
          changed = true;
        } else if (v.kind) {
          changed = applyZoneVisit(s, v.at, v.zoneId);
        }
        if (changed) {
          noteRead(s, v.at, v.zoneId, v.touchpoint);
          await this.#save(s);
        }
        if (now - t < presenceWindowMs) this.presence.arrive(s.id, v.zoneId, t, this.countKeys(s));
      }
    }
  }

  async tap(input: { card: string; visitId: string; at?: string }, where: Touchpoint, reader?: Partial<ReaderSettings>): Promise<CheckInResult> {
    const token = cardToken(normaliseCard(input.card, reader), this.secret);
    const shopperId = this.#byCard.get(token);
    if (!shopperId) {
      this.#expireTickets();
      const enrolTicket = newToken();
      this.#tickets.set(enrolTicket, { token, touchpoint: where.id, expires: this.now() + TICKET_MS });
      return { status: 'unknown', enrolTicket };
    }
    return this.checkIn(shopperId, input.visitId, input.at, where);
  }

  async scanPass(input: { passId: string; visitId: string; at?: string }, where: Touchpoint): Promise<CheckInResult> {
    if (!this.store.shoppers.get(input.passId)) throw notFound('no pass with that id', 'passId');
    return this.checkIn(input.passId, input.visitId, input.at, where);
  }

  /**
   * Judges and records one read of a shopper at a touchpoint (every touchpoint comes here: kiosk
   * tap, pass scan, reader bridge, till scan, offline replay). `at` is an ISO time a replay
   * carries, else now. A visit id already recorded — on any day, whatever time its retry carries —
   * is answered as a duplicate and changes nothing.
   */
  async checkIn(shopperId: string, visitId: string, at: string | undefined, where: Touchpoint, till?: TillVisitParts): Promise<CheckInResult> {
    return this.#exclusive(shopperId, () => this.#checkIn(shopperId, visitId, at, where, till));
  }

  /**
   * The stored visit with this client-made id, if this shopper has one (looked up as visitKnown
   * does); null if none. Waits for a copy still being written.
   */
  async storedVisit(shopperId: string, visitId: string, at: string | undefined): Promise<VisitRecord | null> {
    const shopper = this.store.shoppers.get(shopperId);
    if (!shopper) return null;
    const day = await this.#known(visitId, checkTime(at, this.now()), shopper);
    if (!day) return null;
    return (await this.store.visits.read(dayOf(day))).find((v) => v.id === visitId && v.shopperId === shopperId) ?? null;
  }

  /** Whether this shopper already has a visit recorded with this client-made id (any day a replay may reach). */
  async visitKnown(shopperId: string, visitId: string, at: string | undefined): Promise<boolean> {
    const shopper = this.store.shoppers.get(shopperId);
    return !!shopper && (await this.#known(visitId, checkTime(at, this.now()), shopper)) !== null;
  }

  /**
   * Whether this shopper already has a visit with this id: looked up on the read's own day and on
   * every day of theirs a replay may reach, as a retry may carry another time than the first copy.
   */
  async #known(visitId: string, when: string, shopper: ShopperRecord): Promise<string | null> {
    if (await this.store.visits.has(visitId, when)) return when;
    const from = dayOf(new Date(this.now() - MAX_BACKDATE_MS - 86400_000));
    const own = dayOf(when);
    for (const day of shopper.visitDays ?? []) {
      if (day < from || day === own) continue;
      const onDay = `${day}T12:00:00.000Z`;
      if (await this.store.visits.has(visitId, onDay)) return onDay;
    }
    return null;
  }

  /** Runs `change` once no other change of this shopper is under way. */
  #exclusive<T>(shopperId: string, change: () => Promise<T>): Promise<T> {
    return this.#perShopper.acquire(shopperId, change);
  }

  async #checkIn(shopperId: string, visitId: string, at: string | undefined, where: Touchpoint, till?: TillVisitParts): Promise<CheckInResult> {
    const when = checkTime(at, this.now());
    const shopper = this.store.shoppers.get(shopperId);
    if (!shopper) throw notFound('no such shopper', 'passId');
    const knownAt = await this.#known(visitId, when, shopper);
    if (knownAt) {
      // Appending the id again to the day it is in is a no-op that waits for the first copy to be on disk.
      await this.store.visits.append({ id: visitId, at: knownAt, shopperId, zoneId: where.zoneId, touchpoint: where.id });
      return { status: 'welcome', shopper, duplicate: true, arrival: NOT_AN_ARRIVAL };
    }
    const t = Date.parse(when);
    const last: LastRead | undefined =
      shopper.lastRead ?? (shopper.lastVisitAt ? { at: shopper.lastVisitAt, zoneId: where.zoneId, touchpoint: where.id } : undefined);
    const arrival = judgeRead(last, shopper.recentVisits, shopper.lastVisitAt, { at: t, zoneId: where.zoneId, touchpoint: where.id }, this.visitWindowMs);
    // The read is worked out on a copy: the stored record changes only once it is on disk. The
    // helpers below only reassign top-level fields, so a shallow copy leaves the stored one as it was.
    const next: ShopperRecord = { ...shopper };
    // A record from before the kept pseudonym gets it here rather than in place by byVisitor()
    // while this copy is on its way to disk, which the copy would then overwrite.
    next.visitor ??= visitorPseudonym(this.secret, shopperId);
    let profileChanged = false;
    let position: number | null = null;
    const recorded = arrival.mall || arrival.zone || arrival.place;
    if (recorded) {
      if (arrival.mall) {
        applyVisit(next, when, where.zoneId, this.now());
        profileChanged = true;
      } else {
        profileChanged = applyZoneVisit(next, when, where.zoneId);
      }
    }
    noteRead(next, when, where.zoneId, where.id);
    if (recorded) {
      const kind = arrival.mall ? undefined : arrival.zone ? 'zone' : 'place';
      const visit: VisitRecord = { id: visitId, at: when, shopperId, zoneId: where.zoneId, touchpoint: where.id, ...(kind ? { kind } : {}), ...till };
      // The visit and the summary that counts it go in one journal frame (one write, one sync): a
      // crash keeps both or neither, so a summary never counts a visit that is not stored, and the
      // shopper waits for one sync, not two in a row. The stored summary is replaced once the frame
      // is on disk (ShardedMap.stageSet), so no checkpoint writes it ahead of its visit.
      position = await this.store.visits.appendPositioned(visit, () => [this.store.shoppers.stageSetNow(shopperId, next)]);
      if (position === null) return { status: 'welcome', shopper, duplicate: true, arrival: NOT_AN_ARRIVAL };
      if (arrival.mall) this.#visitCount++;
    } else {
      await this.store.shoppers.set(shopperId, next);
    }
    // A read that changed nothing but the latest read is stored without telling the listeners:
    // nothing worked out from the profile (segments, reports) depends on it.
    if (profileChanged) this.#changed(next);
    this.presence.arrive(shopperId, where.zoneId, t, this.countKeys(next));
    if (position !== null) {
      // Check-ins of different shoppers run side by side, each emitting after its own save: the
      // followers may hear two visits in another order than they were stored (applied-visits.ts).
      this.bus.emit('visit.checked_in', { visitId, shopperId, zoneId: where.zoneId, at: when, touchpoint: where.id, mallVisit: arrival.mall, position });
    }
    return { status: 'welcome', shopper: next, duplicate: false, arrival };
  }

  async enrol(body: EnrolBody, where: Touchpoint): Promise<ShopperRecord> {
    this.#expireTickets();
    const ticket = this.#tickets.get(body.enrolTicket);
    this.#checkJoin(body);
    if (!ticket || ticket.touchpoint !== where.id) throw invalid('this join has expired; tap the card again', 'enrolTicket');
    if (this.#byCard.has(ticket.token) || this.#enrolling.has(ticket.token)) {
      throw new DomainError('conflict', 'this card has already joined', 'enrolTicket');
    }
    this.#tickets.delete(body.enrolTicket);
    return this.#create(body, [ticket.token], body.visitId, where, `kiosk:${where.id}`);
  }

  /** A one-time link for "continue on your phone", bound to this kiosk (and the card just tapped, if any). */
  startPhoneJoin(where: Touchpoint, enrolTicket?: string): { nonce: string; expiresAt: string } {
    this.#expireTickets();
    let token: string | undefined;
    if (enrolTicket) {
      const ticket = this.#tickets.get(enrolTicket);
      if (!ticket || ticket.touchpoint !== where.id) throw invalid('this join has expired; tap the card again', 'enrolTicket');
      token = ticket.token;
      this.#tickets.delete(enrolTicket);
    }
    const nonce = newToken();
    const expires = this.now() + JOIN_LINK_MS;
    this.#joinLinks.set(nonce, { touchpoint: where, ...(token ? { token } : {}), expires });
    return { nonce, expiresAt: new Date(expires).toISOString() };
  }

  joinLink(nonce: string): { expiresAt: string } {
    this.#expireTickets();
    const link = this.#joinLinks.get(nonce);
    if (!link) throw new DomainError('not_found', 'this join link has expired or was used; ask the kiosk for a new one', 'nonce');
    return { expiresAt: new Date(link.expires).toISOString() };
  }

  /** The phone completes the join; the link is spent whether or not the kiosk is still there. */
  async completePhoneJoin(nonce: string, body: PhoneJoinBody): Promise<{ shopper: ShopperRecord; kioskId: string }> {
    this.#expireTickets();
    const link = this.#joinLinks.get(nonce);
    if (!link) throw new DomainError('not_found', 'this join link has expired or was used; ask the kiosk for a new one', 'nonce');
    this.#checkJoin(body);
    if (link.token && (this.#byCard.has(link.token) || this.#enrolling.has(link.token))) throw new DomainError('conflict', 'this card has already joined', 'nonce');
    this.#joinLinks.delete(nonce);
    const shopper = await this.#create(body, link.token ? [link.token] : [], newId(), link.touchpoint, 'phone');
    this.bus.emit('join.completed', { nonce, kioskId: link.touchpoint.id, shopperId: shopper.id });
    return { shopper, kioskId: link.touchpoint.id };
  }

  #checkJoin(body: PhoneJoinBody | EnrolBody): void {
    if (body.consentTextVersion !== CONSENT_TEXT_VERSION) {
      throw invalid('the consent text shown is not the current version; start again', 'consentTextVersion');
    }
    for (const [i, id] of (body.interests ?? []).entries()) this.mall.require('interest', id, `interests.${i}`);
    if (body.homeArea) this.mall.require('area', body.homeArea, 'homeArea');
    if (body.ageBand) this.mall.require('ageBand', body.ageBand, 'ageBand');
    if (body.email && !body.consents.marketing_email) throw invalid('an email address is only kept with consent to offers by email', 'email');
    if (body.phone && !body.consents.marketing_sms) throw invalid('a phone number is only kept with consent to offers by text', 'phone');
    if (body.phone && !this.#mobile(body.phone)) {
      throw invalid('must be a mobile number in international form, like +48 601 234 567 (or the national form of the mall\u2019s country)', 'phone');
    }
  }

  /** The number in E.164 if it is a mobile one; a national form is read as the mall's country. */
  #mobile(phone: string): string | null {
    return toE164(phone, regionOfLocale(this.mall.settings().locale));
  }

  async #create(body: PhoneJoinBody | EnrolBody, tokens: string[], visitId: string, where: Touchpoint, channel: string): Promise<ShopperRecord> {
    const now = new Date(this.now()).toISOString();
    const id = newPassId();
    const shopper: ShopperRecord = {
      id,
      cardTokens: tokens,
      language: body.language,
      ...(body.firstName ? { firstName: body.firstName } : {}),
      ...(body.email ? { email: body.email } : {}),
      // Stored in E.164, the form the SMS centre takes and a STOP reply is matched in.
      ...(body.phone ? { phone: this.#mobile(body.phone)! } : {}),
      ...(body.interests?.length ? { interests: [...new Set(body.interests)] } : {}),
      ...(body.ageBand ? { ageBand: body.ageBand } : {}),
      ...(body.homeArea ? { homeArea: body.homeArea } : {}),
      consent: { membership: true, ...body.consents },
      createdAt: now,
      visitCount: 0,
      recentVisits: [],
      visitDays: [],
      visitor: visitorPseudonym(this.secret, id),
    };
    // What was decided at joining: membership and each purpose the shopper agreed to. A purpose
    // left unticked was never given, so nothing is written for it (not a "withdrawn").
    const given = CONSENT_PURPOSES.filter((purpose) => purpose === 'membership' || body.consents[purpose as (typeof OPTIONAL_PURPOSES)[number]]);
    const ledger = given.map((purpose) => ledgerEntry(purpose, true, body, channel, now));
    // The ledger and the record in one journal frame (one write, one sync): a shopper record never
    // exists without the consents it was made under, and joining waits for one sync, not two.
    for (const t of tokens) this.#enrolling.add(t);
    try {
      await this.store.journal.writeTogether([await this.store.consents.stageSet(shopper.id, ledger), this.store.shoppers.stageSetNow(shopper.id, shopper)]);
      this.#changed(shopper);
      for (const t of tokens) this.#byCard.set(t, shopper.id);
      this.#byVisitor.set(shopper.visitor!, shopper.id);
    } finally {
      for (const t of tokens) this.#enrolling.delete(t);
    }
    this.bus.emit('shopper.enrolled', { shopperId: shopper.id, zoneId: where.zoneId, at: now });
    const result = await this.checkIn(shopper.id, visitId, undefined, where);
    return result.status === 'welcome' ? result.shopper : shopper;
  }

  // ---- The shopper's own pass page: the pass id is the bearer secret. ----

  #pass(passId: string): ShopperRecord {
    const s = this.store.shoppers.get(passId);
    if (!s) throw new DomainError('not_found', 'no pass with that id (it may have been erased)', 'passId');
    return s;
  }

  async ledger(passId: string): Promise<ConsentEntryRecord[]> {
    this.#pass(passId);
    return (await this.store.consents.load(passId)) ?? [];
  }

  /** This shopper's visits, oldest first; `lastDays` limits how many visit days are read. */
  async visitsOf(passId: string, lastDays?: number): Promise<VisitRecord[]> {
    const s = this.#pass(passId);
    let days = s.visitDays ?? (await this.store.visits.days());
    if (lastDays !== undefined) days = days.slice(-lastDays);
    const out: VisitRecord[] = [];
    for (const day of days) for (const v of await this.store.visits.read(day)) if (v.shopperId === passId) out.push({ ...v });
    return out;
  }

  /** Appends one decision to the ledger; the derived state and the live counts follow it. */
  changeConsent(passId: string, change: ConsentChangeBody, channel: string): Promise<ShopperRecord> {
    return this.#exclusive(passId, () => this.#changeConsent(passId, change, channel));
  }

  async #changeConsent(passId: string, change: ConsentChangeBody, channel: string): Promise<ShopperRecord> {
    const shopper = this.#pass(passId);
    if (change.consentTextVersion !== CONSENT_TEXT_VERSION) {
      throw invalid('the consent text shown is not the current version; reload the page', 'consentTextVersion');
    }
    if ((shopper.consent[change.purpose] ?? false) === change.granted) return shopper;
    const ledger = (await this.store.consents.load(passId)) ?? [];
    const entry = ledgerEntry(change.purpose, change.granted, change, channel, new Date(this.now()).toISOString());
    const next: ShopperRecord = { ...shopper, consent: { ...shopper.consent, [change.purpose]: change.granted } };
    // Contact details are kept only while the matching consent stands.
    if (!change.granted && change.purpose === 'marketing_email') delete next.email;
    if (!change.granted && change.purpose === 'marketing_sms') delete next.phone;
    // The ledger entry and the summary in one journal frame: a crash keeps both or neither (one
    // after the other, a kill in between kept a withdrawal in the ledger while the summary still
    // let texts go out; two lines of one append could still be torn between them). Both replace
    // what is stored in memory once the frame is on disk.
    await this.store.journal.writeTogether([await this.store.consents.stageSet(passId, [...ledger, entry]), this.store.shoppers.stageSetNow(passId, next)]);
    this.#changed(next);
    this.presence.update(passId, this.countKeys(next));
    this.bus.emit('consent.changed', { shopperId: passId });
    return next;
  }

  setLanguage(passId: string, language: Language): Promise<ShopperRecord> {
    return this.#exclusive(passId, async () => {
      const shopper = this.#pass(passId);
      shopper.language = language;
      await this.#save(shopper);
      return shopper;
    });
  }

  /**
   * Erasure: visits lose their shopper id (they stay only as anonymous counts), then the ledger and
   * the profile go, and the card tokens with them so the card can join afresh. A crash part-way
   * leaves the profile, so erasure can simply be asked for again. Runs alone among this
   * shopper's changes (#exclusive).
   */
  erase(passId: string): Promise<void> {
    return this.#exclusive(passId, () => this.#erase(passId));
  }

  async #erase(passId: string): Promise<void> {
    const shopper = this.#pass(passId);
    const days = shopper.visitDays ?? (await this.store.visits.days());
    for (const day of days) {
      const visits = await this.store.visits.read(day);
      if (!visits.some((v) => v.shopperId === passId)) continue;
      await this.store.visits.rewrite(day, (all) => all.map((v) => (v.shopperId === passId ? { ...v, shopperId: null } : v)));
    }
    await this.store.consents.delete(passId);
    await this.store.shoppers.delete(passId);
    this.#changed(shopper);
    for (const t of shopper.cardTokens) if (this.#byCard.get(t) === passId) this.#byCard.delete(t);
    if (shopper.visitor) this.#byVisitor.delete(shopper.visitor);
    this.#visitCount -= shopper.visitCount;
    this.presence.leave(passId);
    this.bus.emit('consent.changed', { shopperId: passId });
  }

  // ---- Retention (domain/retention): what the mall may no longer keep. ----

  /**
   * Ids of shoppers not seen since `cutoff` (epoch ms): no read, no visit and no joining since (see
   * lastSeen). Looks through every record in slices of a few ms, letting check-ins run between them.
   */
  async lapsedSince(cutoff: number): Promise<string[]> {
    const out: string[] = [];
    await inSlices(this.store.shoppers.values(), (s) => {
      if (lastSeen(s) < cutoff) out.push(s.id);
    });
    return out;
  }

  /**
   * Erases a shopper exactly as `erase` does, if they are still not seen since `cutoff` once their
   * other changes are done: one who checks in meanwhile stays. Resolves with whether they were erased.
   */
  eraseIfLapsed(passId: string, cutoff: number): Promise<boolean> {
    return this.#exclusive(passId, async () => {
      const s = this.store.shoppers.get(passId);
      if (!s || lastSeen(s) >= cutoff) return false;
      await this.#erase(passId);
      return true;
    });
  }

  /**
   * Folds raw visit rows of UTC days before `beforeDay` (YYYY-MM-DD), and after `afterDay` if
   * given, into anonymous counts: each keeps its time, zone and touchpoint and loses its shopper,
   * as an erased shopper's do, so every count made from the rows stays as it was. Current
   * shoppers' lists of visit days lose those days. Can be run again; resolves with how many
   * rows lost their shopper, once on disk.
   */
  async foldVisits(beforeDay: string, afterDay?: string): Promise<number> {
    let folded = 0;
    for (const day of await this.store.visits.days()) {
      if (day >= beforeDay) break;
      if (afterDay && day <= afterDay) continue;
      const rows = await this.store.visits.read(day);
      const linked = rows.reduce((n, v) => n + (v.shopperId ? 1 : 0), 0);
      if (!linked) continue;
      await this.store.visits.rewrite(day, (all) => all.map((v) => (v.shopperId ? { ...v, shopperId: null } : v)));
      folded += linked;
    }
    // Visit days are kept sorted: the first one says whether any are before the day.
    const holding: string[] = [];
    await inSlices(this.store.shoppers.values(), (s) => {
      if (s.visitDays?.length && s.visitDays[0] < beforeDay) holding.push(s.id);
    });
    for (const id of holding) {
      await this.#exclusive(id, async () => {
        const s = this.store.shoppers.get(id);
        if (!s?.visitDays) return;
        s.visitDays = s.visitDays.filter((d) => d >= beforeDay);
        await this.store.shoppers.set(id, s);
      });
    }
    return folded;
  }

  #expireTickets(): void {
    const now = this.now();
    for (const [k, t] of this.#tickets) if (t.expires <= now) this.#tickets.delete(k);
    for (const [k, t] of this.#joinLinks) if (t.expires <= now) this.#joinLinks.delete(k);
  }
}

/** The longest a look through every shopper holds the event loop at a time. */
const SLICE_MS = 4;

/** Calls `each` for every item, yielding to timers and I/O every SLICE_MS so check-ins are not held up. */
async function inSlices<T>(items: Iterable<T>, each: (item: T) => void): Promise<void> {
  let sliceEnd = performance.now() + SLICE_MS;
  let n = 0;
  for (const item of items) {
    each(item);
    if (++n % 256 === 0 && performance.now() > sliceEnd) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceEnd = performance.now() + SLICE_MS;
    }
  }
}

/** When a shopper was last seen (epoch ms): their latest read, visit or joining, whichever is latest. */
export function lastSeen(s: ShopperRecord): number {
  return Math.max(Date.parse(s.createdAt), s.lastVisitAt ? Date.parse(s.lastVisitAt) : 0, s.lastRead ? Date.parse(s.lastRead.at) : 0);
}

function ledgerEntry(
  purpose: ConsentPurpose,
  granted: boolean,
  body: { language: Language; consentTextVersion: string },
  channel: string,
  at: string,
): ConsentEntryRecord {
  const shown = consentText(body.language, purpose);
  return {
    id: newId(),
    purpose,
    granted,
    textVersion: body.consentTextVersion,
    textHash: createHash('sha256').update(shown.text).digest('hex'),
    language: shown.language,
    channel,
    at,
  };
}

function applyVisit(s: ShopperRecord, at: string, zoneId: string, now: number): void {
  const t = Date.parse(at);
  s.visitCount++;
  if (!s.firstVisitAt || at < s.firstVisitAt) s.firstVisitAt = at;
  // Keep the two latest visits: a replayed older visit may still be the new "previous" one.
  if (!s.lastVisitAt || at > s.lastVisitAt) {
    if (s.lastVisitAt) s.previousVisitAt = s.lastVisitAt;
    s.lastVisitAt = at;
  } else if (at < s.lastVisitAt && (!s.previousVisitAt || at > s.previousVisitAt)) {
    s.previousVisitAt = at;
  }
  if (!(s.zones ?? []).includes(zoneId)) s.zones = [...(s.zones ?? []), zoneId];
  const horizon = now - RECENT_DAYS * 86400_000;
  s.recentVisits = [...s.recentVisits.filter((x) => x >= horizon), t].sort((a, b) => a - b);
  const day = dayOf(at);
  if (s.visitDays && !s.visitDays.includes(day)) s.visitDays = [...s.visitDays, day].sort();
}

/** Keeps the latest read (a late replay does not move it back). */
function noteRead(s: ShopperRecord, at: string, zoneId: string, touchpoint: string): void {
  if (!s.lastRead || at >= s.lastRead.at) s.lastRead = { at, zoneId, touchpoint };
}

/** An arrival in a zone during a visit: the zone joins the shopper's zones, the day their visit days. Says whether the profile changed. */
function applyZoneVisit(s: ShopperRecord, at: string, zoneId: string): boolean {
  let changed = false;
  if (!(s.zones ?? []).includes(zoneId)) {
    s.zones = [...(s.zones ?? []), zoneId];
    changed = true;
  }
  const day = dayOf(at);
  if (s.visitDays && !s.visitDays.includes(day)) {
    s.visitDays = [...s.visitDays, day].sort();
    changed = true;
  }
  return changed;
}

function checkTime(at: string | undefined, now: number): string {
  if (!at) return new Date(now).toISOString();
  const t = Date.parse(at);
  if (t > now + MAX_CLOCK_SKEW_MS) throw invalid('check-in time is in the future', 'at');
  if (t < now - MAX_BACKDATE_MS) throw invalid('check-in time is more than 7 days old', 'at');
  return new Date(t).toISOString();
}
