/** Live counts as screens and panels see them: K-suppressed, never a small number. */
import type { PresenceUpdate } from '#shared/schemas/presence.ts';
import type { PresenceCounts } from './presence.ts';

/** Below K a count becomes null: screens never see a small number. */
export const suppress = (n: number | undefined, k: number): number | null => ((n ?? 0) >= k ? (n ?? 0) : null);

/** `now`: the hub's clock (epoch ms), the moment the counts are for. */
export function toPresenceUpdate(counts: PresenceCounts, k: number, zoneIds: readonly string[], now: number): PresenceUpdate {
  return {
    at: new Date(now).toISOString(),
    k,
    present: suppress(counts.mall.get('all'), k),
    zones: Object.fromEntries(zoneIds.map((z) => [z, suppress(counts.zones.get(z)?.get('all'), k)])),
  };
}
