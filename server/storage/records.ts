/**
 * The shapes kept on disk. Only the domain modules read and write these; what goes over the wire
 * is mapped to the shared types first.
 */
import type { ConsentPurpose, DeviceKind } from '../../shared/constants.ts';

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
  passwordHash: string;
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

export interface AccountsRecord {
  users: UserRecord[];
  sessions: SessionRecord[];
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
  /** UTC days (YYYY-MM-DD) with a visit of this shopper: where to look for export and erasure. */
  visitDays?: string[];
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
