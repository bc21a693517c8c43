/**
 * The shapes kept on disk. Only the domain modules read and write these; what goes over the wire
 * is mapped to the shared types first.
 */
import type { ConsentPurpose, DeviceKind } from '#shared/constants.ts';
import type { ReaderSettings } from '#shared/schemas/reader.ts';

export interface MallRecord {
  id: string;
  name: string;
  zones: { id: string; name: string }[];
  tenants: { id: string; name: string; zoneId: string }[];
  interests: { id: string; name: string }[];
  areas: { id: string; name: string }[];
  createdAt: string;
}

export interface UserRecord {
  username: string;
  /** Empty until an invited user sets a password. */
  passwordHash: string;
  /** A pending invitation or reset: SHA-256 of the one-time link's token. */
  invite?: { tokenHash: string; expiresAt: string };
  role: 'operator' | 'tenant';
  tenantId?: string;
  createdAt: string;
}

export interface SessionRecord {
  /** SHA-256 of the cookie value; the value itself is never stored. */
  idHash: string;
  username: string;
  expiresAt: string;
}

/** A shop's key for the report API; only its hash is kept. */
export interface ApiTokenRecord {
  id: string;
  tenantId: string;
  name: string;
  tokenHash: string;
  createdAt: string;
  lastUsedAt?: string;
  revokedAt?: string;
}

export interface AccountsRecord {
  users: UserRecord[];
  sessions: SessionRecord[];
  /** Absent in folders made before shops had API tokens. */
  apiTokens?: ApiTokenRecord[];
}

export interface DeviceRecord {
  id: string;
  kind: DeviceKind;
  name: string;
  zoneId: string;
  /** SHA-256 of the device token. */
  tokenHash: string;
  pairedAt: string;
  revokedAt?: string;
  /** Screens only; absent means landscape (records from before orientation existed). */
  orientation?: 'landscape' | 'portrait';
  /** Kiosks only; absent means the defaults (KIOSK_DEFAULTS). */
  idleSeconds?: number;
  languages?: string[];
  /** Kiosks only; absent means READER_DEFAULTS. */
  reader?: ReaderSettings;
}

export interface DevicesRecord {
  devices: DeviceRecord[];
}

/** One shopper, kept small: the consent ledger and raw visits live in their own files. */
export interface ShopperRecord {
  id: string;
  cardTokens: string[];
  firstName?: string;
  email?: string;
  phone?: string;
  language: string;
  interests?: string[];
  ageBand?: string;
  homeArea?: string;
  /** Current state per purpose, derived from the ledger and kept here so counts need no ledger read. */
  consent: Partial<Record<ConsentPurpose, boolean>>;
  createdAt: string;
  visitCount: number;
  firstVisitAt?: string;
  lastVisitAt?: string;
  /** Times of visits in the last 60 days (epoch ms), enough for the built-in segments. */
  recentVisits: number[];
  /** The visit before the latest one (ISO), for the `lapsed` segment; may lie outside recentVisits. */
  previousVisitAt?: string;
  /** Zones the shopper has checked in at, for "zone visited" segment conditions. */
  zones?: string[];
  /** UTC days (YYYY-MM-DD) with a visit of this shopper: where to look for export and erasure. */
  visitDays?: string[];
  /**
   * The shopper's pseudonym in shops' visit rows (domain/pseudonym.ts), kept so a report can tell
   * whose rows are whose without hashing every shopper's id. Goes when the record is erased.
   */
  visitor?: string;
}

export interface ConsentEntryRecord {
  id: string;
  purpose: ConsentPurpose;
  granted: boolean;
  textVersion: string;
  textHash: string;
  language: string;
  channel: string;
  at: string;
}

export interface VisitRecord {
  id: string;
  at: string;
  /** null once the shopper erased themselves: the visit stays only as an anonymous count. */
  shopperId: string | null;
  zoneId: string;
  touchpoint: string;
}

/** A visit to a shop for its reports: local day, minute of day, visitor pseudonym, zone seen in before. */
export type StoreVisitRecord = [day: number, minute: number, visitor: string, priorZone: string | null];

/** An offer redeemed at a shop's till: local day, minute of day, visitor pseudonym, promotion. */
export type RedemptionRecord = [day: number, minute: number, visitor: string, promotionId: string];

export interface WebhookRecord {
  id: string;
  url: string;
  events: string[];
  description?: string;
  /** Our signing key, shared with the receiver; needed in clear to sign. */
  secret: string;
  createdAt: string;
  deletedAt?: string;
}

export interface DeliveryRecord {
  id: string;
  webhookId: string;
  event: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
  nextAttemptAt: string | null;
  /** The body to send; dropped once delivered or given up, so no payload lingers. */
  body?: string;
}

export interface IntegrationsRecord {
  webhooks: WebhookRecord[];
  deliveries: DeliveryRecord[];
  smtp?: { host: string; port: number; secure: boolean; user?: string; password?: string; from: string };
  /** Outcome of recent emails, without addresses. */
  mailLog?: { at: string; kind: string; ok: boolean; error?: string }[];
}

export interface AuditRecord {
  id: string;
  at: string;
  actor: string;
  action: string;
  target?: string;
  /** The caller's address. */
  from?: string;
}

/** A promotion as kept: the operator's fields plus its life cycle. */
export interface PromotionRecord {
  id: string;
  title: string;
  text: string;
  imageUrl?: string;
  tenantId?: string;
  colours: { background: string; text: string };
  segments: string[];
  minAudience: number;
  zones: string[];
  screens: string[];
  audienceScope: 'zone' | 'mall';
  audienceLabel?: string;
  schedule: { from: string; to?: string; days: number[]; dayParts: { start: string; end: string }[] };
  priority: number;
  durationSeconds: number;
  house: boolean;
  /** Absent on promotions saved before redemptions existed: one each. */
  redemptionsPerShopper?: number;
  /** Absent on promotions saved before offer emails existed: no email. */
  offerEmail?: { enabled: boolean; subject: string; text: string };
  status: 'active' | 'archived';
  createdAt: string;
  updatedAt: string;
}

/** One offer email: its state, never its body nor the address it went to. */
export interface OfferDeliveryRecord {
  id: string;
  promotionId: string;
  status: 'pending' | 'sent' | 'failed' | 'cancelled';
  attempts: number;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
  nextAttemptAt: string | null;
  /** Whom it is for, kept only while pending: the address is looked up at each attempt. */
  shopperId?: string;
}

/** `offer-mail.json`. */
export interface OfferMailRecord {
  /**
   * `<promotion id>|<visitor pseudonym>` → when its email was queued: at most one per shopper and
   * promotion, across restarts. A keyed pseudonym, not the pass id, so it names nobody.
   */
  sent: Record<string, string>;
  deliveries: OfferDeliveryRecord[];
}

export interface CustomSegmentRecord {
  id: string;
  name: string;
  match: 'all' | 'any';
  conditions: import('#shared/schemas/segments.ts').SegmentCondition[];
}

/** What the hub last knows a screen was sent and says it rendered. */
export interface ScreenDeliveryRecord {
  delivered?: { version: number; hash: string; at: string; changedAt: string };
  rendered?: { version: number; hash: string; at: string; latencyMs: number | null };
}

/** Promotions, custom segments and per-screen delivery marks: small, one file. */
export interface SignageRecord {
  promotions: PromotionRecord[];
  segments: CustomSegmentRecord[];
  screens: Record<string, ScreenDeliveryRecord>;
}

/**
 * Proof of play: counts per `hourIso|promotionId|screenId`, and per screen the highest impression
 * seq stored, in the same file so a count and its dedup mark are written together.
 */
export interface ProofOfPlayRecord {
  lastSeq: Record<string, number>;
  counts: Record<string, number>;
}
