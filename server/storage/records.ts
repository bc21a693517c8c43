/**
 * The shapes kept on disk, as zod schemas with their types inferred from them: every data file
 * and journal line is checked against these when read (Partition, ShardedMap, DailyLog,
 * BucketedRows), so a file of the wrong shape stops with its name instead of failing somewhere
 * later. Only the domain modules read and write these; what goes over the wire is mapped to the
 * shared types first.
 *
 * The checks are structural (types, required fields), not formats: they must stay cheap, since
 * 200k shopper records are checked at every start. Unknown fields are allowed, and the data is
 * kept as read (the parsed copy is not used), so nothing a newer version wrote is dropped.
 */
import { z } from 'zod';
import { addPosition } from './applied-positions.ts';
import { CONSENT_PURPOSES, DEVICE_KINDS, type ConsentPurpose } from '#shared/constants.ts';
import { SegmentCondition } from '#shared/schemas/segments.ts';
import { MallSettings } from '#shared/schemas/setup.ts';
import { ReaderSettings } from '#shared/schemas/reader.ts';
import { RetentionRun, RetentionSettings } from '#shared/schemas/retention.ts';

const str = z.string();
const num = z.number();
const strs = z.array(str);

/** An item of one of the mall's lists: its id, its name, and the name in other languages. */
export const MallItemRecord = z.object({
  id: str,
  name: str,
  names: z.record(str, str.optional()).optional(),
});
export type MallItemRecord = z.infer<typeof MallItemRecord>;

export const MallRecord = z.object({
  id: str,
  name: str,
  zones: z.array(MallItemRecord),
  /** `closedAt`: the shop closed (ISO time); its users lose access, its data stays for reports. */
  tenants: z.array(MallItemRecord.extend({ zoneId: str, closedAt: str.optional() })),
  interests: z.array(MallItemRecord),
  areas: z.array(MallItemRecord),
  /** Absent until an operator first edits them: the default bands (DEFAULT_AGE_BANDS). */
  ageBands: z.array(MallItemRecord).optional(),
  /** The mall's colours ("#rrggbb") and its logo's file name in the mall's `brand/` folder. */
  brand: z.object({ primary: str.optional(), accent: str.optional(), logo: str.optional() }).optional(),
  createdAt: str,
  /** Set at first-run set-up; the demo mall has none and runs on the hub's settings. */
  settings: MallSettings.optional(),
  /** How long the mall keeps each kind of data; absent: RETENTION_DEFAULTS. */
  retention: RetentionSettings.optional(),
  /** The last daily retention run (domain/retention), so a restart catches up a missed day once. */
  retentionRun: RetentionRun.extend({
    /** The last UTC day of visit rows already folded: later runs start after it. */
    foldedThrough: str.optional(),
  }).optional(),
});
export type MallRecord = z.infer<typeof MallRecord>;

export const UserRecord = z.object({
  username: str,
  /** Empty until an invited user sets a password. */
  passwordHash: str,
  /** A pending invitation or reset: SHA-256 of the one-time link's token. */
  invite: z.object({ tokenHash: str, expiresAt: str }).optional(),
  role: z.enum(['operator', 'editor', 'tenant']),
  tenantId: str.optional(),
  createdAt: str,
  /** Disabled by an operator (ISO time): no sign-in, no session, until enabled again. */
  disabledAt: str.optional(),
});
export type UserRecord = z.infer<typeof UserRecord>;

export const SessionRecord = z.object({
  /** SHA-256 of the cookie value; the value itself is never stored. */
  idHash: str,
  username: str,
  expiresAt: str,
});
export type SessionRecord = z.infer<typeof SessionRecord>;

/** A shop's key for the report API; only its hash is kept. */
export const ApiTokenRecord = z.object({
  id: str,
  tenantId: str,
  name: str,
  tokenHash: str,
  createdAt: str,
  lastUsedAt: str.optional(),
  revokedAt: str.optional(),
});
export type ApiTokenRecord = z.infer<typeof ApiTokenRecord>;

export const AccountsRecord = z.object({
  users: z.array(UserRecord),
  sessions: z.array(SessionRecord),
  /** Absent in folders made before shops had API tokens. */
  apiTokens: z.array(ApiTokenRecord).optional(),
});
export type AccountsRecord = z.infer<typeof AccountsRecord>;

export const DeviceRecord = z.object({
  id: str,
  kind: z.enum(DEVICE_KINDS),
  name: str,
  zoneId: str,
  /** SHA-256 of the device token. */
  tokenHash: str,
  pairedAt: str,
  revokedAt: str.optional(),
  /** Screens only: degrees the content turns clockwise (0, 90, 180, 270); absent means 0. */
  rotation: z.union([z.literal(0), z.literal(90), z.literal(180), z.literal(270)]).optional(),
  /** Records from before rotation: 'portrait' meant 90°. Read through rotationOf; dropped when the screen is turned. */
  orientation: z.enum(['landscape', 'portrait']).optional(),
  /** Kiosks only; absent means the defaults (KIOSK_DEFAULTS). */
  idleSeconds: num.optional(),
  languages: strs.optional(),
  /** Kiosks only; absent means READER_DEFAULTS. */
  reader: ReaderSettings.optional(),
});
export type DeviceRecord = z.infer<typeof DeviceRecord>;

export const DevicesRecord = z.object({ devices: z.array(DeviceRecord) });
export type DevicesRecord = z.infer<typeof DevicesRecord>;

/** One shopper, kept small: the consent ledger and raw visits live in their own files. */
export const ShopperRecord = z.object({
  id: str,
  cardTokens: strs,
  firstName: str.optional(),
  email: str.optional(),
  phone: str.optional(),
  language: str,
  interests: strs.optional(),
  ageBand: str.optional(),
  homeArea: str.optional(),
  /** Current state per purpose, derived from the ledger and kept here so counts need no ledger read. */
  // An object of optional fields, not z.partialRecord: ten times cheaper to check, which counts
  // at 200k records per start.
  consent: z.object(Object.fromEntries(CONSENT_PURPOSES.map((p) => [p, z.boolean().optional()])) as Record<ConsentPurpose, z.ZodOptional<z.ZodBoolean>>),
  createdAt: str,
  visitCount: num,
  firstVisitAt: str.optional(),
  lastVisitAt: str.optional(),
  /** Times of visits in the last 60 days (epoch ms), enough for the built-in segments. */
  recentVisits: z.array(num),
  /** The visit before the latest one (ISO), for the `lapsed` segment; may lie outside recentVisits. */
  previousVisitAt: str.optional(),
  /** Zones the shopper has checked in at, for "zone visited" segment conditions. */
  zones: strs.optional(),
  /**
   * The shopper's latest read at any touchpoint (ISO time, zone, touchpoint id): whether the next
   * read begins a new visit is judged from it (domain/enrolment/arrival.ts). Absent on records
   * older than the rule; their last visit stands in for it.
   */
  lastRead: z.object({ at: str, zoneId: str, touchpoint: str }).optional(),
  /** UTC days (YYYY-MM-DD) with a visit of this shopper: where to look for export and erasure. */
  visitDays: strs.optional(),
  /**
   * The shopper's pseudonym in shops' visit rows (domain/pseudonym.ts), kept so a report can tell
   * whose rows are whose without hashing every shopper's id. Goes when the record is erased.
   */
  visitor: str.optional(),
});
export type ShopperRecord = z.infer<typeof ShopperRecord>;

/**
 * Makes a shopper record just read from its shard hold one string where it holds equal ones,
 * leaving it equal to what was read. JSON.parse gives every value its own string: at 200,000
 * resident shoppers the id (equal to the record's key, which V8 already keeps once), a first
 * visit at the moment of enrolment, a single visit's first and last time, and the few names of
 * areas, bands, languages and interests came to ~20 MB of copies of strings held elsewhere.
 * `names` is shared across the records read at one open.
 */
export function shareShopperStrings(key: string, s: ShopperRecord, names: Map<string, string>): void {
  if (s.id === key) s.id = key;
  if (s.firstVisitAt === s.createdAt) s.firstVisitAt = s.createdAt;
  if (s.lastVisitAt !== undefined && s.lastVisitAt === s.firstVisitAt) s.lastVisitAt = s.firstVisitAt;
  const name = (value: string): string => {
    const kept = names.get(value);
    if (kept !== undefined) return kept;
    names.set(value, value);
    return value;
  };
  s.language = name(s.language);
  if (s.ageBand !== undefined) s.ageBand = name(s.ageBand);
  if (s.homeArea !== undefined) s.homeArea = name(s.homeArea);
  if (s.interests) for (let i = 0; i < s.interests.length; i++) s.interests[i] = name(s.interests[i]);
  if (s.zones) for (let i = 0; i < s.zones.length; i++) s.zones[i] = name(s.zones[i]);
}

export const ConsentEntryRecord = z.object({
  id: str,
  purpose: z.enum(CONSENT_PURPOSES),
  granted: z.boolean(),
  textVersion: str,
  textHash: str,
  language: str,
  channel: str,
  at: str,
});
export type ConsentEntryRecord = z.infer<typeof ConsentEntryRecord>;

export const VisitRecord = z.object({
  id: str,
  at: str,
  /** null once the shopper erased themselves: the visit stays only as an anonymous count. */
  shopperId: str.nullable(),
  zoneId: str,
  touchpoint: str,
  /**
   * Absent: a mall visit (the first read after the shopper was away). During a mall visit,
   * `zone`: an arrival in another zone (zone flow counts it); `place`: an arrival at another
   * touchpoint in the same zone, e.g. a shop's till (the shop counts it). Neither is a mall visit.
   */
  kind: z.enum(['zone', 'place']).optional(),
  /**
   * A till visit the shop counts (the shopper consented to analytics): the zone they came from
   * (null: no recent check-in). With `redeems`, the offer the scan redeems. Written with the visit
   * so that what follows it (the shop's index row, the redemption) is made good from it after a
   * crash (shops/till.ts). Absent on other visits and on till visits stored before these existed.
   */
  cameFrom: str.nullable().optional(),
  redeems: str.optional(),
});
export type VisitRecord = z.infer<typeof VisitRecord>;

/** A visit to a shop for its reports: local day, minute of day, visitor pseudonym, zone seen in before. */
export const StoreVisitRecord = z.tuple([num, num, str, str.nullable()]);
export type StoreVisitRecord = [day: number, minute: number, visitor: string, priorZone: string | null];

/** An offer redeemed at a shop's till: local day, minute of day, visitor pseudonym, promotion. */
export const RedemptionRecord = z.tuple([num, num, str, str]);
export type RedemptionRecord = [day: number, minute: number, visitor: string, promotionId: string];

export const WebhookRecord = z.object({
  id: str,
  url: str,
  events: strs,
  description: str.optional(),
  /** Our signing key, shared with the receiver; needed in clear to sign. */
  secret: str,
  createdAt: str,
  deletedAt: str.optional(),
});
export type WebhookRecord = z.infer<typeof WebhookRecord>;

export const DeliveryRecord = z.object({
  id: str,
  webhookId: str,
  event: str,
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: num,
  lastStatusCode: num.nullable(),
  lastError: str.nullable(),
  createdAt: str,
  updatedAt: str,
  nextAttemptAt: str.nullable(),
  /** The body to send; dropped once delivered or given up, so no payload lingers. */
  body: str.optional(),
});
export type DeliveryRecord = z.infer<typeof DeliveryRecord>;

export const IntegrationsRecord = z.object({
  webhooks: z.array(WebhookRecord),
  deliveries: z.array(DeliveryRecord),
  smtp: z.object({ host: str, port: num, secure: z.boolean(), user: str.optional(), password: str.optional(), from: str }).optional(),
  /** Outcome of recent emails, without addresses. */
  mailLog: z.array(z.object({ at: str, kind: str, ok: z.boolean(), error: str.optional() })).optional(),
});
export type IntegrationsRecord = z.infer<typeof IntegrationsRecord>;

export const AuditRecord = z.object({
  id: str,
  at: str,
  actor: str,
  action: str,
  target: str.optional(),
  /** The caller's address. */
  from: str.optional(),
  /** A short note on what happened (a sign-in's refusal reason, a lockout's length); never a secret. */
  detail: str.optional(),
});
export type AuditRecord = z.infer<typeof AuditRecord>;

/** A promotion as kept: the operator's fields plus its life cycle. */
export const PromotionRecord = z.object({
  id: str,
  title: str,
  text: str,
  imageUrl: str.optional(),
  /** An item of the media library (image or video) shown instead of `imageUrl`; absent before the library existed. */
  media: z.object({ id: str, play: z.enum(['loop', 'once']) }).optional(),
  tenantId: str.optional(),
  colours: z.object({ background: str, text: str }),
  segments: strs,
  minAudience: num,
  zones: strs,
  screens: strs,
  audienceScope: z.enum(['zone', 'mall']),
  audienceLabel: str.optional(),
  schedule: z.object({ from: str, to: str.optional(), days: z.array(num), dayParts: z.array(z.object({ start: str, end: str })) }),
  priority: num,
  durationSeconds: num,
  house: z.boolean(),
  /** Absent on promotions saved before redemptions existed: one each. */
  redemptionsPerShopper: num.optional(),
  /** Absent on promotions saved before offer emails existed: no email. */
  offerEmail: z.object({ enabled: z.boolean(), subject: str, text: str }).optional(),
  /** Absent on promotions saved before offer texts existed: no SMS. */
  offerSms: z.object({ enabled: z.boolean(), text: str }).optional(),
  /** Screen groups it may play on, beside zones and screens; absent on older promotions: none. */
  groups: strs.optional(),
  /** Plays outside the mall's opening hours too (screens are otherwise in their night state). */
  outsideHours: z.boolean().optional(),
  /** Title and text in other kiosk languages, shown when that language leads the crowd. */
  translations: z.record(str, z.object({ title: str, text: str })).optional(),
  status: z.enum(['active', 'archived']),
  createdAt: str,
  updatedAt: str,
});
export type PromotionRecord = z.infer<typeof PromotionRecord>;

/** One offer email: its state, never its body nor the address it went to. */
export const OfferDeliveryRecord = z.object({
  id: str,
  promotionId: str,
  status: z.enum(['pending', 'sent', 'failed', 'cancelled']),
  attempts: num,
  lastError: str.nullable(),
  createdAt: str,
  updatedAt: str,
  nextAttemptAt: str.nullable(),
  /** Whom it is for, kept only while pending: the address is looked up at each attempt. */
  shopperId: str.optional(),
});
export type OfferDeliveryRecord = z.infer<typeof OfferDeliveryRecord>;

/** One SMS in the log (`sms.json`); see SmsLogEntry in shared/schemas/integrations.ts. */
export const SmsDeliveryRecord = z.object({
  id: str,
  kind: z.enum(['welcome', 'offer', 'feedback', 'test', 'stop']),
  status: z.enum(['pending', 'sent', 'failed', 'cancelled', 'withdrawn', 'ignored']),
  attempts: num,
  parts: num,
  encoding: z.enum(['gsm7', 'ucs2']).nullable(),
  lastError: str.nullable(),
  createdAt: str,
  updatedAt: str,
  nextAttemptAt: str.nullable(),
  /** Whom it is for, kept only while pending: the number is looked up at each attempt. */
  shopperId: str.optional(),
  /** What it is about (a promotion, a visit), for the text; kept only while pending. */
  ref: str.optional(),
  /** An offer text's promotion: kept, like the offer email log's, as it names no one. */
  promotionId: str.optional(),
  /** The SMS centre's id of each part sent, for matching delivery receipts. */
  messageIds: strs.optional(),
  /** Receipts in so far, by message id: true delivered, false not. */
  receipts: z.record(str, z.boolean()).optional(),
});
export type SmsDeliveryRecord = z.infer<typeof SmsDeliveryRecord>;

/** `sms.json`: the SMS centre's settings and the SMS log (no numbers in it). */
export const SmsRecord = z.object({
  smpp: z
    .object({
      host: str,
      port: num,
      tls: z.boolean(),
      systemId: str,
      password: str.optional(),
      systemType: str.optional(),
      bind: z.enum(['transceiver', 'transmitter']),
      sourceAddr: str,
      perSecond: num,
      stopKeyword: str,
    })
    .optional(),
  log: z.array(SmsDeliveryRecord),
});
export type SmsRecord = z.infer<typeof SmsRecord>;

/** `offer-mail.json`. */
export const OfferMailRecord = z.object({
  /**
   * `<promotion id>|<visitor pseudonym>` → when its email was queued: at most one per shopper and
   * promotion, across restarts. A keyed pseudonym, not the pass id, so it names nobody.
   */
  sent: z.record(str, str),
  deliveries: z.array(OfferDeliveryRecord),
});
export type OfferMailRecord = z.infer<typeof OfferMailRecord>;

export const CustomSegmentRecord = z.object({
  id: str,
  name: str,
  match: z.enum(['all', 'any']),
  conditions: z.array(SegmentCondition),
});
export type CustomSegmentRecord = z.infer<typeof CustomSegmentRecord>;

/** What the hub last knows a screen was sent and says it rendered. */
export const ScreenDeliveryRecord = z.object({
  /** `changedAt`: the change that made it, when it was pushed to the connected screen; absent when the screen fetched it. */
  delivered: z.object({ version: num, hash: str, at: str, changedAt: str.optional() }).optional(),
  rendered: z.object({ version: num, hash: str, at: str, latencyMs: num.nullable() }).optional(),
});
export type ScreenDeliveryRecord = z.infer<typeof ScreenDeliveryRecord>;

/** A screen's layout as stored (shared/schemas/layouts.ts checked it when it was set). */
const ScreenLayoutRecord = z.object({ template: str, regions: z.record(str, z.array(z.object({ kind: str }).loose())) });
export type ScreenLayoutRecord = z.infer<typeof ScreenLayoutRecord>;

/** A named set of screens: promotions, layouts, night states and panel actions target it. */
export const ScreenGroupRecord = z.object({
  id: str,
  name: str,
  screens: strs,
  layout: ScreenLayoutRecord.nullable(),
  /** `{ mode: 'black' }` or `{ mode: 'loop', items }` (shared/schemas/layouts.ts checked it). */
  night: z.object({ mode: str }).loose().nullable(),
});
export type ScreenGroupRecord = z.infer<typeof ScreenGroupRecord>;

/** Promotions, custom segments, per-screen delivery marks, screen groups and layouts: small, one file. */
export const SignageRecord = z.object({
  promotions: z.array(PromotionRecord),
  segments: z.array(CustomSegmentRecord),
  screens: z.record(str, ScreenDeliveryRecord),
  /** Absent in folders from before screen groups. */
  groups: z.array(ScreenGroupRecord).optional(),
  /** A screen's own layout by screen id; a screen without one follows its groups. */
  layouts: z.record(str, ScreenLayoutRecord).optional(),
  /** The mall's default night state for screens whose groups set none; absent: black. */
  night: z.object({ mode: str }).loose().optional(),
});
export type SignageRecord = z.infer<typeof SignageRecord>;

/**
 * Proof of play: counts per `hourIso|promotionId|screenId`, and per screen the highest impression
 * seq stored, in the same file so a count and its dedup mark are written together.
 */
export const ProofOfPlayRecord = z.object({
  lastSeq: z.record(str, num),
  counts: z.record(str, num),
});
export type ProofOfPlayRecord = z.infer<typeof ProofOfPlayRecord>;

/** `layout.json`: how the folder is laid out. */
/** `version`: the data layout version (server/storage/layout.ts checks it before this is read). */
export const LayoutRecord = z.object({ version: z.number().int().positive(), shopperShards: z.number().int().positive() });
export type LayoutRecord = z.infer<typeof LayoutRecord>;

/** A reward as kept (shared/schemas/rewards.ts RewardBody plus its life cycle). */
export const RewardRecord = z.object({
  id: str,
  name: str,
  kind: z.enum(['stamps', 'points']),
  counts: z.enum(['mall', 'shop']),
  tenantId: str.optional(),
  owner: z.enum(['mall', 'shop']),
  stamps: z.object({ visits: num, periodDays: num }).optional(),
  points: z.object({ perVisit: num, periodDays: num, catalogue: z.array(z.object({ id: str, name: str, points: num })) }).optional(),
  validDays: num,
  onRedeem: z.enum(['reset', 'carry']),
  status: z.enum(['pending', 'active', 'archived']),
  createdAt: str,
  updatedAt: str,
});
export type RewardRecord = z.infer<typeof RewardRecord>;

/**
 * One shopper's card for one reward, keyed `<reward id>|<visitor pseudonym>`: stamps (epoch ms of
 * the visits counted), points earned (epoch ms, points) and the rewards earned, redeemed or not.
 */
export const RewardCardRecord = z.object({
  stamps: z.array(num),
  points: z.array(z.tuple([num, num])).optional(),
  earned: z.array(z.object({ id: str, at: num, expiresAt: num, redeemedAt: num.optional(), by: str.optional() })),
});
export type RewardCardRecord = z.infer<typeof RewardCardRecord>;

/**
 * A mall visit counted for the rewards report, in `reward-visits/` (a journaled log, one file per
 * local day): `id` the visit's id (one row per visit, however often it is applied), `at` noon UTC
 * of the local day (it only files the row under that day), `day` the local day, `visitor` the
 * pseudonym, `near` 1 if the shopper was close to a reward. Appended per visit, never rewritten
 * whole: in rewards.json every visit rewrote every row kept.
 */
export const RewardVisitRecord = z.object({ id: str, at: str, day: num, visitor: str, near: z.union([z.literal(0), z.literal(1)]) });
export type RewardVisitRecord = z.infer<typeof RewardVisitRecord>;

/** Per UTC day, the positions in its visit log a follower has applied (server/domain/rewards/applied-visits.ts). */
const AppliedVisitsRecord = z.record(str, z.object({ n: num, ahead: z.array(num).optional() }));

/** A reward redeemed at a till: which, by whose pseudonym, at which shop, when (epoch ms), and the catalogue item. */
export const RewardRedemptionRecord = z.object({ rewardId: str, visitor: str, tenantId: str, at: num, item: str.optional() });
export type RewardRedemptionRecord = z.infer<typeof RewardRedemptionRecord>;

/**
 * `rewards.json`: rewards, cards, redemptions by their till-made id and the settings (the report
 * rows are in `reward-visits/`). Visits and redemptions change it through the journal
 * (RewardsChange, stream `rewards`); the file is rewritten at checkpoints and on the operators' changes.
 */
export const RewardsFileRecord = z.object({
  rewards: z.array(RewardRecord),
  /** `rewardId|visitor` → the card. */
  cards: z.record(str, RewardCardRecord),
  /** Redemption id → what it did: a replay is answered from here. */
  redemptions: z.record(str, RewardRedemptionRecord),
  settings: z.object({
    shopRewardsNeedApproval: z.boolean(),
    kioskFeedback: z.boolean(),
    feedbackEmailAfterMinutes: num.nullable(),
    feedbackEveryDays: num,
  }).optional(),
  /**
   * Empty since the rows moved to their own log (RewardVisitRecord, `reward-visits/`): kept as a
   * field so a file stays readable by the hub before it. Rows found here are moved there at start-up.
   */
  visits: z.array(z.tuple([num, str, num])),
  /** Report rows whose append to `reward-visits/` was not yet confirmed when the file was written (by a hub before the `rewards` journal stream; moved to the log at start-up). */
  rowsPending: z.array(RewardVisitRecord).optional(),
  /**
   * Visits applied to the cards and rows above, by UTC day, for the last days a visit can be
   * recorded for (server/domain/rewards/applied-visits.ts): positions in the day's visit log, `n`
   * leading ones all applied plus those `ahead` of a gap. Start-up applies stored visits missing
   * here. Absent in a file from before it existed: the first start notes every stored visit.
   */
  applied: AppliedVisitsRecord.optional(),
});
export type RewardsFileRecord = z.infer<typeof RewardsFileRecord>;

/** A new file has no applied list: its first start notes the visits already stored as applied (they came before it). */
export const emptyRewardsFile = (): RewardsFileRecord => ({ rewards: [], cards: {}, redemptions: {}, visits: [] });

/**
 * One journaled change to rewards.json (stream `rewards`): the cards a visit or a redemption
 * changed (whole cards, by `rewardId|visitor`), a redemption made, and a visit noted as applied
 * (its UTC day and position in that day's visit log). Each part is a plain set, so a change
 * replayed over a file that has it already changes nothing.
 */
export const RewardsChange = z.object({
  cards: z.record(str, RewardCardRecord).optional(),
  redemption: z.tuple([str, RewardRedemptionRecord]).optional(),
  applied: z.tuple([str, num]).optional(),
});
export type RewardsChange = z.infer<typeof RewardsChange>;

/** Applies a RewardsChange to rewards.json's data in place (JournaledFile's `apply`). */
export function applyRewardsChange(data: RewardsFileRecord, change: RewardsChange): void {
  if (change.cards) Object.assign(data.cards, change.cards);
  if (change.redemption) data.redemptions[change.redemption[0]] = change.redemption[1];
  if (change.applied) addPosition((data.applied ??= {}), change.applied[0], change.applied[1]);
}

/** A feedback message waiting for its time (`dueAt`, epoch ms), or a sent link not answered yet. */
export const FeedbackPendingRecord = z.object({ token: str, shopperId: str, zoneId: str, at: str, dueAt: num, sentAt: num.optional(), expiresAt: num, answerId: str.optional() });
export type FeedbackPendingRecord = z.infer<typeof FeedbackPendingRecord>;

/** `feedback.json`: anonymous answers, and the messages due or sent. */
export const FeedbackFileRecord = z.object({
  /**
   * One answer: local day, zone, shops visited that day, score, channel. No shopper — except an
   * answer with a comment (free text may name its writer), which keeps the writer's visitor
   * pseudonym in `by` until erasure takes the comment and the pseudonym away. `id`: a link's answer,
   * so its comment can follow.
   */
  answers: z.array(z.object({ day: num, zoneId: str, tenants: strs, score: num, channel: str, id: str.optional(), comment: str.optional(), by: str.optional() })),
  /** Visits already answered about (hashed visit ids): one answer per visit. */
  answered: z.record(str, num),
  /** Feedback messages waiting for their time, and sent links not answered yet. */
  pending: z.array(FeedbackPendingRecord),
  /** Visitor pseudonym → last feedback message (epoch ms): at most one per N days. */
  lastSent: z.record(str, num),
  /** Mall visits this file has followed (queued a message for, or judged none due), as in rewards.json. */
  applied: AppliedVisitsRecord.optional(),
});
export type FeedbackFileRecord = z.infer<typeof FeedbackFileRecord>;

/** A new file has no applied list: its first start notes the visits already stored as followed. */
export const emptyFeedbackFile = (): FeedbackFileRecord => ({ answers: [], answered: {}, pending: [], lastSent: {} });

/**
 * One journaled change to feedback.json (stream `feedback`): a visit followed (its UTC day and
 * position, as in RewardsChange) and the message it queued, if any. Replayed over a file that
 * has it, it changes nothing.
 */
export const FeedbackChange = z.object({ applied: z.tuple([str, num]), pending: FeedbackPendingRecord.optional() });
export type FeedbackChange = z.infer<typeof FeedbackChange>;

/** Applies a FeedbackChange to feedback.json's data in place (JournaledFile's `apply`). */
export function applyFeedbackChange(data: FeedbackFileRecord, change: FeedbackChange): void {
  const p = change.pending;
  if (p && !data.pending.some((x) => x.token === p.token)) data.pending.push(p);
  addPosition((data.applied ??= {}), change.applied[0], change.applied[1]);
}

/** One item of the mall's media library; its files are `media/<file>`, `<poster>`, `<thumb>`. */
export const MediaRecord = z.object({
  id: str,
  kind: z.enum(['image', 'video']),
  name: str,
  tags: strs,
  mimeType: z.enum(['image/png', 'image/jpeg', 'image/webp', 'image/avif', 'video/mp4', 'video/webm']),
  /** SHA-256 of the content (hex); the file names are made from it. */
  sha256: str,
  file: str,
  poster: str,
  thumb: str,
  bytes: num,
  width: num,
  height: num,
  durationMs: num.nullable(),
  videoCodec: str.nullable(),
  audioCodec: str.nullable(),
  createdAt: str,
  updatedAt: str,
});
export type MediaRecord = z.infer<typeof MediaRecord>;

/** media.json: the library's items and the mall's own upload limits (absent: the defaults). */
export const MediaLibraryRecord = z.object({
  items: z.array(MediaRecord),
  limits: z
    .object({
      maxImageBytes: num,
      maxVideoBytes: num,
      maxImagePixels: num,
      maxVideoLongSide: num,
      maxVideoShortSide: num,
      maxVideoSeconds: num,
      minVideoSeconds: num,
    })
    .partial()
    .optional(),
});
export type MediaLibraryRecord = z.infer<typeof MediaLibraryRecord>;
