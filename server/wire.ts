/** Explicit mappings from storage records and domain state to the shared wire types. */
import type { Device } from '../shared/schemas/devices.ts';
import type { PresenceUpdate } from '../shared/schemas/presence.ts';
import type { Language, ShopperGreeting } from '../shared/schemas/shoppers.ts';
import type { PresenceCounts } from './domain/presence.ts';
import type { DeviceRecord, ShopperRecord } from './storage/records.ts';

export const toDevice = (d: DeviceRecord, online: boolean): Device => ({
  id: d.id,
  kind: d.kind,
  name: d.name,
  zoneId: d.zoneId,
  pairedAt: d.pairedAt,
  revoked: !!d.revokedAt,
  online,
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
