/** Explicit mappings from storage records and domain state to the shared wire types. */
import { KIOSK_DEFAULTS, type Device } from '../shared/schemas/devices.ts';
import type { PresenceUpdate } from '../shared/schemas/presence.ts';
import type { Language, ShopperGreeting } from '../shared/schemas/shoppers.ts';
import type { PresenceCounts } from './domain/presence.ts';
import type { DeviceRecord, PromotionRecord, ShopperRecord } from './storage/records.ts';
import type { Promotion } from '../shared/schemas/promotions.ts';
import type { ScreenStatus } from '../shared/schemas/screens.ts';
import type { ScreenHealth } from './domain/screen-health.ts';

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

export const toGreeting = (s: ShopperRecord): ShopperGreeting => ({
  passId: s.id,
  ...(s.firstName ? { firstName: s.firstName } : {}),
  visitCount: s.visitCount,
  language: s.language as Language,
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
  status: p.status,
  createdAt: p.createdAt,
  updatedAt: p.updatedAt,
});

export function toScreenStatus(d: DeviceRecord, health: ScreenHealth): ScreenStatus {
  const beat = health.lastHeartbeat(d.id);
  const delivery = health.delivery(d.id);
  return {
    screenId: d.id,
    name: d.name,
    zoneId: d.zoneId,
    orientation: d.orientation ?? 'landscape',
    online: health.isOnline(d.id),
    lastHeartbeatAt: beat ? new Date(beat.at).toISOString() : null,
    heartbeat: beat?.beat ?? null,
    delivered: delivery.delivered ? { version: delivery.delivered.version, hash: delivery.delivered.hash, at: delivery.delivered.at } : null,
    rendered: delivery.rendered ? { version: delivery.rendered.version, hash: delivery.rendered.hash, at: delivery.rendered.at } : null,
    latencyMs: delivery.rendered?.latencyMs ?? null,
  };
}
