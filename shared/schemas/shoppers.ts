import { z } from 'zod';
import { LANGUAGES, OPTIONAL_PURPOSES } from '../constants.ts';
import { Id, IsoTime, PassId } from './common.ts';
import { ListItemId } from './mall.ts';
import { RewardProgress } from './rewards.ts';

/** A client-made id, so that a replayed check-in is recorded once. */
export const VisitId = z.uuid();

export { LANGUAGES };
export const Language = z.enum(LANGUAGES);
export type Language = z.infer<typeof Language>;

/**
 * What a card reader typed: a card number, an NFC UID or a swipe. Bounded so a stuck key cannot
 * flood the hub; the exact format is checked by the card normaliser on the hub.
 */
export const CardInput = z.string().min(1).max(200);

export const CardTap = z.strictObject({
  visitId: VisitId,
  card: CardInput,
  /** When the shopper tapped; set by a kiosk replaying its offline queue. */
  at: IsoTime.optional(),
  /** The language the shopper chose on the kiosk for this session: the greeting uses it; their stored one stays. */
  language: Language.optional(),
});
export type CardTap = z.infer<typeof CardTap>;

export const PassScan = z.strictObject({
  visitId: VisitId,
  passId: PassId,
  at: IsoTime.optional(),
  /** As for CardTap: the language chosen on the kiosk for this session. */
  language: Language.optional(),
});
export type PassScan = z.infer<typeof PassScan>;

export const ConsentChoices = z.strictObject(
  Object.fromEntries(OPTIONAL_PURPOSES.map((p) => [p, z.boolean()])) as Record<
    (typeof OPTIONAL_PURPOSES)[number],
    z.ZodBoolean
  >,
);
export type ConsentChoices = z.infer<typeof ConsentChoices>;

/** Contact details, taken only with the matching marketing consent. */
export const Email = z.email().max(254);
export const Phone = z.string().trim().regex(/^\+?[0-9 ()-]{6,20}$/, 'must be a phone number');

/** What a shopper decides and tells when joining, at the kiosk or on their phone. */
export const JoinChoices = z.strictObject({
  language: Language,
  consentTextVersion: z.string().min(1).max(40),
  membership: z.literal(true, 'membership must be accepted to join'),
  consents: ConsentChoices,
  firstName: z.string().trim().min(1).max(40).optional(),
  /** Ids from the mall's interest list. */
  interests: z.array(Id).max(12).optional(),
  /** An id from the mall's list of age bands. */
  ageBand: ListItemId.optional(),
  /** An id from the mall's list of home areas (postcode districts, towns). */
  homeArea: Id.optional(),
  /** Only with `marketing_email` granted. */
  email: Email.optional(),
  /** Only with `marketing_sms` granted. */
  phone: Phone.optional(),
});

export const EnrolBody = z.strictObject({
  /** Issued by the hub for the unknown card just tapped; the card itself is never sent twice. */
  enrolTicket: z.string().min(16).max(64),
  visitId: VisitId,
  ...JoinChoices.shape,
});
export type EnrolBody = z.infer<typeof EnrolBody>;

/** What a kiosk may show the shopper standing in front of it. */
export const ShopperGreeting = z.object({
  passId: PassId,
  firstName: z.string().optional(),
  visitCount: z.number().int().nonnegative(),
  /**
   * A member checking in ("Welcome back"), as opposed to one who has just joined ("Welcome"). Not
   * read from visitCount: tapping again during the visit of joining is still visit number 1.
   */
  back: z.boolean().optional(),
  language: Language,
  /** Offers may be picked for this shopper (they granted `analytics`); otherwise general ones. */
  targeted: z.boolean().optional(),
  /** Up to three offers running now, picked as `targeted` says. */
  // `id` is the promotion's: titles may repeat, and lists are keyed by a stable id.
  offers: z.array(z.object({ id: z.string(), title: z.string(), text: z.string(), shop: z.string().optional() })).max(3).optional(),
  /** The pass page on the hub's public URL, for the kiosk to show as a QR the shopper's phone opens. */
  passUrl: z.string().optional(),
  /** Up to three rewards the shopper has begun or earned, readiest first (this visit counted). */
  rewards: z.array(RewardProgress).max(3).optional(),
  /** Ask the one recommend question about this visit (a new mall visit, when the mall asks). */
  askFeedback: z.boolean().optional(),
});
export type ShopperGreeting = z.infer<typeof ShopperGreeting>;

export const TapResult = z.discriminatedUnion('status', [
  z.object({ status: z.literal('welcome'), shopper: ShopperGreeting, duplicate: z.boolean() }),
  z.object({ status: z.literal('unknown'), enrolTicket: z.string() }),
]);
export type TapResult = z.infer<typeof TapResult>;
