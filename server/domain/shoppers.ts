import { createHash } from 'node:crypto';
import { CONSENT_PURPOSES, OPTIONAL_PURPOSES, type ConsentPurpose } from '../../shared/constants.ts';
import { CONSENT_TEXT_VERSION, consentText } from '../../shared/consent-texts.ts';
import type { EnrolBody, Language } from '../../shared/schemas/shoppers.ts';
import type { MallStore } from '../storage/mall-store.ts';
import type { ConsentEntryRecord, DeviceRecord, ShopperRecord, VisitRecord } from '../storage/records.ts';
import type { DomainBus } from './bus.ts';
import { cardToken, normaliseCard, type ReaderFormat } from './cards.ts';
import { DomainError, invalid, notFound } from './errors.ts';
import { newId, newPassId, newToken } from './ids.ts';
import type { Mall } from './mall.ts';
import type { Presence } from './presence.ts';

const RECENT_DAYS = 60;
const TICKET_MS = 5 * 60_000;
/** A check-in may be replayed from a kiosk's offline queue, but not from the far past or future. */
const MAX_BACKDATE_MS = 7 * 24 * 3600_000;
const MAX_CLOCK_SKEW_MS = 5 * 60_000;

export type CheckInResult =
  | { status: 'welcome'; shopper: ShopperRecord; duplicate: boolean }
  | { status: 'unknown'; enrolTicket: string };

export interface Touchpoint {
  id: string;
  zoneId: string;
}

export const touchpointOf = (device: DeviceRecord): Touchpoint => ({ id: device.id, zoneId: device.zoneId });

/**
 * Shoppers: card taps, check-ins and enrolment. Card numbers are turned into tokens on arrival
 * and never kept; an unknown card gets a short-lived ticket so its number is not sent twice.
 */
export class Shoppers {
  readonly #byCard = new Map<string, string>();
  readonly #tickets = new Map<string, { token: string; touchpoint: string; expires: number }>();
  /** Check-ins being recorded, by visit id: a replay arriving meanwhile waits for the first. */
  readonly #recording = new Map<string, Promise<unknown>>();
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
  ) {
    for (const s of store.shoppers.values()) {
      for (const t of s.cardTokens) this.#byCard.set(t, s.id);
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

  get(id: string): ShopperRecord | undefined {
    return this.store.shoppers.get(id);
  }

  /**
   * Brings shopper summaries and presence up to date with the visit files: a crash between
   * writing a visit and its shopper's summary leaves the visit, so the summary is redone from it.
   */
  async recover(presenceWindowMs: number): Promise<void> {
    const now = Date.now();
    const days = (await this.store.visits.days()).slice(-2);
    for (const day of days) {
      for (const v of await this.store.visits.read(day)) {
        if (!v.shopperId) continue;
        const s = this.store.shoppers.get(v.shopperId);
        if (!s) continue;
        const t = Date.parse(v.at);
        if (!s.recentVisits.includes(t) && now - t < RECENT_DAYS * 86400_000) {
          applyVisit(s, v.at);
          this.#visitCount++;
          await this.store.shoppers.set(s.id, s);
        }
        if (now - t < presenceWindowMs) this.presence.arrive(s.id, v.zoneId, t, this.countKeys(s));
      }
    }
  }

  async tap(input: { card: string; visitId: string; at?: string }, where: Touchpoint, format?: ReaderFormat): Promise<CheckInResult> {
    const token = cardToken(normaliseCard(input.card, format), this.secret);
    const shopperId = this.#byCard.get(token);
    if (!shopperId) {
      this.#expireTickets();
      const enrolTicket = newToken();
      this.#tickets.set(enrolTicket, { token, touchpoint: where.id, expires: Date.now() + TICKET_MS });
      return { status: 'unknown', enrolTicket };
    }
    return this.checkIn(shopperId, input.visitId, input.at, where);
  }

  async scanPass(input: { passId: string; visitId: string; at?: string }, where: Touchpoint): Promise<CheckInResult> {
    if (!this.store.shoppers.get(input.passId)) throw notFound('no pass with that id', 'passId');
    return this.checkIn(input.passId, input.visitId, input.at, where);
  }

  async checkIn(shopperId: string, visitId: string, at: string | undefined, where: Touchpoint): Promise<CheckInResult> {
    // A copy of this visit sent again before the first is recorded (a retry) waits for it, so
    // that it finds the first on disk and is answered as a duplicate instead of counted twice.
    for (let first = this.#recording.get(visitId); first; first = this.#recording.get(visitId)) await first.catch(() => undefined);
    const recording = this.#checkIn(shopperId, visitId, at, where);
    this.#recording.set(visitId, recording);
    try {
      return await recording;
    } finally {
      if (this.#recording.get(visitId) === recording) this.#recording.delete(visitId);
    }
  }

  async #checkIn(shopperId: string, visitId: string, at: string | undefined, where: Touchpoint): Promise<CheckInResult> {
    const when = checkTime(at);
    const shopper = this.store.shoppers.get(shopperId);
    if (!shopper) throw notFound('no such shopper', 'passId');
    const visit: VisitRecord = { id: visitId, at: when, shopperId, zoneId: where.zoneId, touchpoint: where.id };
    if (await this.store.visits.has(visitId, when)) {
      await this.store.visits.append(visit); // waits for the first copy to be on disk
      return { status: 'welcome', shopper, duplicate: true };
    }
    // The visit goes to disk before the shopper's summary counts it: a crash in between leaves a
    // visit that recover() adds to the summary, never a summary counting a visit that is not stored.
    // (The summary object is the stored one, so it is changed only once the visit is on disk.)
    const fresh = await this.store.visits.append(visit);
    if (!fresh) return { status: 'welcome', shopper, duplicate: true };
    applyVisit(shopper, when);
    this.#visitCount++;
    await this.store.shoppers.set(shopper.id, shopper);
    this.presence.arrive(shopper.id, where.zoneId, Date.parse(when), this.countKeys(shopper));
    this.bus.emit('visit.checked_in', { shopperId, zoneId: where.zoneId, at: when, touchpoint: where.id });
    return { status: 'welcome', shopper, duplicate: false };
  }

  async enrol(body: EnrolBody, where: Touchpoint): Promise<ShopperRecord> {
    this.#expireTickets();
    const ticket = this.#tickets.get(body.enrolTicket);
    if (body.consentTextVersion !== CONSENT_TEXT_VERSION) {
      throw invalid('the consent text shown is not the current version; start again', 'consentTextVersion');
    }
    if (!ticket || ticket.touchpoint !== where.id) throw invalid('this join has expired; tap the card again', 'enrolTicket');
    if (this.#byCard.has(ticket.token) || this.#enrolling.has(ticket.token)) {
      throw new DomainError('conflict', 'this card has already joined', 'enrolTicket');
    }
    for (const id of body.interests ?? []) if (!this.mall.interestExists(id)) throw invalid(`unknown interest ${id}`, 'interests');
    if (body.homeArea && !this.mall.areaExists(body.homeArea)) throw invalid('unknown home area', 'homeArea');
    this.#tickets.delete(body.enrolTicket);
    const now = new Date().toISOString();
    const shopper: ShopperRecord = {
      id: newPassId(),
      cardTokens: [ticket.token],
      language: body.language,
      ...(body.firstName ? { firstName: body.firstName } : {}),
      ...(body.interests?.length ? { interests: [...new Set(body.interests)] } : {}),
      ...(body.ageBand ? { ageBand: body.ageBand } : {}),
      ...(body.homeArea ? { homeArea: body.homeArea } : {}),
      consent: { membership: true, ...body.consents },
      createdAt: now,
      visitCount: 0,
      recentVisits: [],
    };
    const ledger = CONSENT_PURPOSES.map((purpose) =>
      ledgerEntry(purpose, purpose === 'membership' ? true : body.consents[purpose as (typeof OPTIONAL_PURPOSES)[number]], body, `kiosk:${where.id}`, now),
    );
    // Ledger first: a shopper record never exists without the consents it was made under.
    this.#enrolling.add(ticket.token);
    try {
      await this.store.consents.set(shopper.id, ledger);
      await this.store.shoppers.set(shopper.id, shopper);
      this.#byCard.set(ticket.token, shopper.id);
    } finally {
      this.#enrolling.delete(ticket.token);
    }
    this.bus.emit('shopper.enrolled', { shopperId: shopper.id, zoneId: where.zoneId, at: now });
    const result = await this.checkIn(shopper.id, body.visitId, undefined, where);
    return result.status === 'welcome' ? result.shopper : shopper;
  }

  #expireTickets(): void {
    const now = Date.now();
    for (const [k, t] of this.#tickets) if (t.expires <= now) this.#tickets.delete(k);
  }
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

function applyVisit(s: ShopperRecord, at: string): void {
  const t = Date.parse(at);
  s.visitCount++;
  if (!s.firstVisitAt || at < s.firstVisitAt) s.firstVisitAt = at;
  if (!s.lastVisitAt || at > s.lastVisitAt) s.lastVisitAt = at;
  const horizon = Date.now() - RECENT_DAYS * 86400_000;
  s.recentVisits = [...s.recentVisits.filter((x) => x >= horizon), t].sort((a, b) => a - b);
}

function checkTime(at: string | undefined): string {
  const now = Date.now();
  if (!at) return new Date(now).toISOString();
  const t = Date.parse(at);
  if (t > now + MAX_CLOCK_SKEW_MS) throw invalid('check-in time is in the future', 'at');
  if (t < now - MAX_BACKDATE_MS) throw invalid('check-in time is more than 7 days old', 'at');
  return new Date(t).toISOString();
}
