import { z } from 'zod';
import { Brand, Choice } from './mall.ts';
import { CONSENT_PURPOSES, OPTIONAL_PURPOSES } from '../constants.ts';
import { IsoTime, PassId } from './common.ts';
import { JoinChoices, Language, VisitId } from './shoppers.ts';

/** One consent decision as the shopper sees it in their ledger. */
export const ConsentEntry = z.object({
  id: z.string(),
  purpose: z.enum(CONSENT_PURPOSES),
  granted: z.boolean(),
  textVersion: z.string(),
  textHash: z.string(),
  language: z.string(),
  channel: z.string(),
  at: IsoTime,
});
export type ConsentEntry = z.infer<typeof ConsentEntry>;

/** A consent receipt: the decisions made together at one time and place. */
export const ConsentReceipt = z.object({
  id: z.string(),
  at: IsoTime,
  place: z.string(),
  textVersion: z.string(),
  language: z.string(),
  purposes: z.array(z.object({ purpose: z.enum(CONSENT_PURPOSES), granted: z.boolean(), textHash: z.string() })),
});
export type ConsentReceipt = z.infer<typeof ConsentReceipt>;

/** `id` is the visit's own: two visits may share a time, and lists are keyed by a stable id. */
/** A line of the pass page's recent list: a check-in (by zone) or a scan at a shop's till (`shop`, its name). */
export const PassVisit = z.object({ id: z.string(), at: IsoTime, zone: z.string(), shop: z.string().optional() });

/** What the shopper's own pass page shows. */
export const PassView = z.object({
  passId: PassId,
  firstName: z.string().optional(),
  email: z.string().optional(),
  phone: z.string().optional(),
  language: Language,
  interests: z.array(z.string()),
  ageBand: z.string().optional(),
  homeArea: z.string().optional(),
  visitCount: z.number().int(),
  recentVisits: z.array(PassVisit),
  consents: z.record(z.string(), z.boolean()),
  receipts: z.array(ConsentReceipt),
  consentTextVersion: z.string(),
  mallName: z.string(),
  /** The mall's colours and logo, for the page's header. */
  brand: Brand,
});
export type PassView = z.infer<typeof PassView>;

export const PassParams = z.object({ passId: PassId });

export const ConsentChangeBody = z.strictObject({
  purpose: z.enum(OPTIONAL_PURPOSES),
  granted: z.boolean(),
  language: Language,
  consentTextVersion: z.string().min(1).max(40),
});
export type ConsentChangeBody = z.infer<typeof ConsentChangeBody>;

export const PassLanguageBody = z.strictObject({ language: Language });

export const EraseBody = z.strictObject({ confirm: z.literal('erase', 'send confirm: "erase" to erase this pass') });


/** The phone's join form: the same choices as at the kiosk. */
export const PhoneJoinBody = JoinChoices;
export type PhoneJoinBody = z.infer<typeof PhoneJoinBody>;

export const JoinParams = z.object({ nonce: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'not a join link') });

/** What the phone's join page needs to draw the form. */
export const JoinInfo = z.object({
  mallName: z.string(),
  brand: Brand,
  consentTextVersion: z.string(),
  interests: z.array(Choice),
  areas: z.array(Choice),
  ageBands: z.array(Choice),
  expiresAt: IsoTime,
});
export type JoinInfo = z.infer<typeof JoinInfo>;

/** A kiosk asks for a "continue on your phone" link; with the ticket of a card just tapped, the card joins too. */
/** `language`: the kiosk's current language; the phone's join page opens in it. */
export const JoinStart = z.strictObject({ enrolTicket: z.string().min(16).max(64).optional(), language: Language.optional() });
export type JoinStart = z.infer<typeof JoinStart>;
/** `url`: the whole link on the hub's public address (ATRIUM_PUBLIC_URL), for the QR a phone scans. */
export const JoinLink = z.object({ nonce: z.string(), path: z.string(), url: z.string(), expiresAt: IsoTime });
export type JoinLink = z.infer<typeof JoinLink>;

/** Pushed to the kiosk once the phone has finished joining. */
export const JoinDone = z.object({ nonce: z.string(), passId: PassId, firstName: z.string().optional(), visitCount: z.number().int(), language: Language, targeted: z.boolean().optional() });
export type JoinDone = z.infer<typeof JoinDone>;

/** A local card-reader bridge or payment terminal hands a card (or a terminal's card alias) to its kiosk. */
/** A card value sealed to the hub's public key (shared/card-seal.ts): base64 ciphertext. */
export const SealedCard = z.string().min(16).max(1024).regex(/^[A-Za-z0-9+/=_-]+$/, 'must be base64');

/**
 * A card from a reader bridge or payment terminal on the kiosk's PC. Atrium's own bridge sends it
 * `sealed` (the PAN never crosses the network in the clear), with the visit id and the time it was
 * read, so a tap it kept while the hub was away is recorded once, at its own time; a terminal may
 * send `card` as it is. Exactly one of the two.
 */
export const BridgeTap = z
  .strictObject({
    card: z.string().min(1).max(200).optional(),
    sealed: SealedCard.optional(),
    /** `alias`: a stable card alias from a payment terminal, tokenised as it is. */
    format: z.enum(['auto', 'alias', 'uid-reversed']).default('auto'),
    visitId: VisitId.optional(),
    at: IsoTime.optional(),
    /** A read the bridge kept while the hub was out of reach, sent now: recorded, not greeted (the shopper has gone). */
    kept: z.boolean().optional(),
  })
  .refine((t) => (t.card === undefined) !== (t.sealed === undefined), { path: ['card'], message: 'give either card or sealed, exactly one' });
export type BridgeTap = z.input<typeof BridgeTap>;

/**
 * A card tap the kiosk took while the hub was unreachable: the card is sealed (RSA-OAEP, SHA-256)
 * to the hub's public key before it is queued, so the kiosk's disk holds only ciphertext.
 */
export const SealedTap = z.strictObject({
  visitId: VisitId,
  at: IsoTime,
  sealed: SealedCard,
});
export type SealedTap = z.infer<typeof SealedTap>;

/**
 * What a reader bridge tells its kiosk's screen about a card on the reader: `reading` at once when
 * a card is presented (the kiosk says "One moment…"), `retry` when the read failed (card pulled
 * away, an answer the bridge could not use) and the shopper should tap again. Never card data.
 */
export const ReaderNotice = z.strictObject({ state: z.enum(['reading', 'retry']) });
export type ReaderNotice = z.infer<typeof ReaderNotice>;

export const OfflineKey = z.object({ spki: z.string() });
export type OfflineKey = z.infer<typeof OfflineKey>;
