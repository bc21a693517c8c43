/** Explicit mappings from storage records and domain state to the shared wire types. */
import { KIOSK_DEFAULTS, type Device } from '../shared/schemas/devices.ts';
import type { PresenceUpdate } from '../shared/schemas/presence.ts';
import type { Language, ShopperGreeting, TapResult } from '../shared/schemas/shoppers.ts';
import type { CheckInResult } from './domain/shoppers.ts';
import type { PresenceCounts } from './domain/presence.ts';
import type { ApiTokenRecord, ConsentEntryRecord, DeviceRecord, MallRecord, PromotionRecord, ShopperRecord, VisitRecord } from './storage/records.ts';
import type { ConsentReceipt, PassView } from '../shared/schemas/pass.ts';
import type { Promotion } from '../shared/schemas/promotions.ts';
import type { ScreenStatus } from '../shared/schemas/screens.ts';
import type { ScreenHealth } from './domain/screen-health.ts';
import type { KioskHealth } from './domain/kiosk-health.ts';
import type { KioskStatus } from '../shared/schemas/ops.ts';

export function toKioskStatus(d: DeviceRecord, health: KioskHealth, online: boolean): KioskStatus {
  const { lastSeenAt, queued } = health.of(d.id);
  return { kioskId: d.id, name: d.name, zoneId: d.zoneId, online, lastSeenAt: lastSeenAt === null ? null : new Date(lastSeenAt).toISOString(), queued };
}
import type { ApiToken } from '../shared/schemas/tenants.ts';

export const toDevice = (d: DeviceRecord, online: boolean): Device => ({
  id: d.id,
  kind: d.kind,
  name: d.name,
  zoneId: d.zoneId,
  pairedAt: d.pairedAt,
  revoked: !!d.revokedAt,
  online,
  orientation: d.orientation ?? 'landscape',
  ...(d.kind === 'kiosk'
    ? { kiosk: { idleSeconds: d.idleSeconds ?? KIOSK_DEFAULTS.idleSeconds, languages: [...((d.languages as Language[] | undefined) ?? KIOSK_DEFAULTS.languages)] } }
    : {}),
});

export const toGreeting = (s: ShopperRecord, offers?: ShopperGreeting['offers']): ShopperGreeting => ({
  passId: s.id,
  ...(s.firstName ? { firstName: s.firstName } : {}),
  visitCount: s.visitCount,
  language: s.language as Language,
  targeted: !!s.consent.analytics,
  ...(offers ? { offers } : {}),
});

/** Below K a count becomes null: screens never see a small number. */
export const suppress = (n: number | undefined, k: number): number | null => ((n ?? 0) >= k ? (n ?? 0) : null);

export function toPresenceUpdate(counts: PresenceCounts, k: number, zoneIds: readonly string[]): PresenceUpdate {
  return {
    at: new Date().toISOString(),
    k,
    present: suppress(counts.mall.get('all'), k),
    zones: Object.fromEntries(zoneIds.map((z) => [z, suppress(counts.zones.get(z)?.get('all'), k)])),
  };
}

export const toPromotion = (p: PromotionRecord): Promotion => ({
  id: p.id,
  title: p.title,
  text: p.text,
  ...(p.imageUrl ? { imageUrl: p.imageUrl } : {}),
  ...(p.tenantId ? { tenantId: p.tenantId } : {}),
  colours: { ...p.colours },
  segments: [...p.segments],
  minAudience: p.minAudience,
  zones: [...p.zones],
  screens: [...p.screens],
  audienceScope: p.audienceScope,
  ...(p.audienceLabel ? { audienceLabel: p.audienceLabel } : {}),
  schedule: { from: p.schedule.from, ...(p.schedule.to ? { to: p.schedule.to } : {}), days: [...p.schedule.days], dayParts: p.schedule.dayParts.map((d) => ({ ...d })) },
  priority: p.priority,
  durationSeconds: p.durationSeconds,
  house: p.house,
  redemptionsPerShopper: p.redemptionsPerShopper ?? 1,
  offerEmail: p.offerEmail ? { ...p.offerEmail } : { enabled: false, subject: '', text: '' },
  status: p.status,
  createdAt: p.createdAt,
  updatedAt: p.updatedAt,
});

/** `connected`: the screen's socket is open; it is online only while its heartbeats are fresh too. */
export function toScreenStatus(d: DeviceRecord, health: ScreenHealth, connected: boolean): ScreenStatus {
  const beat = health.lastHeartbeat(d.id);
  const delivery = health.delivery(d.id);
  return {
    screenId: d.id,
    name: d.name,
    zoneId: d.zoneId,
    orientation: d.orientation ?? 'landscape',
    online: connected && health.isOnline(d.id),
    lastHeartbeatAt: beat ? new Date(beat.at).toISOString() : null,
    heartbeat: beat?.beat ?? null,
    delivered: delivery.delivered ? { version: delivery.delivered.version, hash: delivery.delivered.hash, at: delivery.delivered.at } : null,
    rendered: delivery.rendered ? { version: delivery.rendered.version, hash: delivery.rendered.hash, at: delivery.rendered.at } : null,
    latencyMs: delivery.rendered?.latencyMs ?? null,
  };
}
/** Decisions made together (one join, one toggle) form one receipt: same time, same place. */
export function toReceipts(ledger: readonly ConsentEntryRecord[]): ConsentReceipt[] {
  const receipts: ConsentReceipt[] = [];
  for (const e of ledger) {
    const last = receipts.at(-1);
    const purpose = { purpose: e.purpose, granted: e.granted, textHash: e.textHash };
    if (last && last.at === e.at && last.place === e.channel) last.purposes.push(purpose);
    else receipts.push({ id: e.id, at: e.at, place: e.channel, textVersion: e.textVersion, language: e.language, purposes: [purpose] });
  }
  return receipts.reverse();
}

export function toPassView(
  s: ShopperRecord,
  ledger: readonly ConsentEntryRecord[],
  visits: readonly VisitRecord[],
  mall: MallRecord,
  consentTextVersion: string,
): PassView {
  const zone = (id: string) => mall.zones.find((z) => z.id === id)?.name ?? id;
  return {
    passId: s.id,
    ...(s.firstName ? { firstName: s.firstName } : {}),
    ...(s.email ? { email: s.email } : {}),
    ...(s.phone ? { phone: s.phone } : {}),
    language: s.language as Language,
    interests: s.interests ?? [],
    ...(s.ageBand ? { ageBand: s.ageBand } : {}),
    ...(s.homeArea ? { homeArea: s.homeArea } : {}),
    visitCount: s.visitCount,
    recentVisits: visits.slice(-10).reverse().map((v) => ({ at: v.at, zone: zone(v.zoneId) })),
    consents: { ...s.consent },
    receipts: toReceipts(ledger),
    consentTextVersion,
    mallName: mall.name,
  };
}

/** Everything held about one shopper, for "export my data". Card tokens are keyed hashes: only their number is told. */
export function toExport(s: ShopperRecord, ledger: readonly ConsentEntryRecord[], visits: readonly VisitRecord[], mall: MallRecord) {
  const zone = (id: string) => mall.zones.find((z) => z.id === id)?.name ?? id;
  const { cardTokens, recentVisits: _recent, visitDays: _days, ...profile } = s;
  return {
    exportedAt: new Date().toISOString(),
    mall: mall.name,
    profile: { ...profile, cardsLinked: cardTokens.length },
    consentLedger: ledger,
    visits: visits.map((v) => ({ id: v.id, at: v.at, zone: zone(v.zoneId) })),
  };
}

export const toTapResult = (r: CheckInResult, offersFor?: (s: ShopperRecord) => ShopperGreeting['offers']): TapResult =>
  r.status === 'unknown' ? r : { status: 'welcome', shopper: toGreeting(r.shopper, offersFor?.(r.shopper)), duplicate: r.duplicate };

/** A shop's API token as its shop and the operators see it: never the token or its hash. */
export const toApiToken = (t: ApiTokenRecord): ApiToken => ({
  id: t.id,
  name: t.name,
  createdAt: t.createdAt,
  lastUsedAt: t.lastUsedAt ?? null,
  revoked: !!t.revokedAt,
  revokedAt: t.revokedAt ?? null,
});
