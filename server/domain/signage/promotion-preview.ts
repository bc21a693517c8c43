import type { DeviceRecord, PromotionRecord } from '#server/storage/records.ts';
import type { PresenceCounts } from '../presence/presence.ts';
import { audienceOf, isScheduled, neededAudience, rank, targetsScreen, type LocalClock } from './ranking.ts';

/** Why a draft would or would not be on a screen right now, in the order the ranking decides. */
export type PreviewReason = 'shows' | 'not_targeted' | 'not_scheduled' | 'below_minimum' | 'below_k' | 'outranked' | 'house_waits';

export interface ScreenPreview {
  screenId: string;
  reason: PreviewReason;
  /** The draft's audience at that screen; only ever a number from K up. */
  audience: number | null;
}

/**
 * Runs the screens' own ranking with the draft in place of (or beside) the live promotions, so
 * the answer is exactly what the screens would play if it were saved now.
 */
export function previewOnScreens(
  draft: PromotionRecord,
  promotions: readonly PromotionRecord[],
  screens: readonly DeviceRecord[],
  counts: PresenceCounts,
  k: number,
  clock: LocalClock,
  /** The screen groups a screen is in (promotions may target groups). */
  groupsOf: (screenId: string) => readonly string[] = () => [],
): ScreenPreview[] {
  const field = [...promotions.filter((p) => p.id !== draft.id), draft];
  return screens
    .filter((s) => s.kind === 'screen' && !s.revokedAt)
    .map((device) => {
      const screen = { id: device.id, zoneId: device.zoneId, groups: groupsOf(device.id) };
      const audience = audienceOf(draft, counts, screen.zoneId);
      const shown = audience >= k ? audience : null;
      const reason = ((): PreviewReason => {
        if (!targetsScreen(draft, screen)) return 'not_targeted';
        if (!isScheduled(draft.schedule, clock)) return 'not_scheduled';
        if (rank(field, screen, counts, k, clock).some((r) => r.promotion.id === draft.id)) return 'shows';
        if (draft.house) return 'house_waits';
        const needed = neededAudience(draft, k);
        // Under K the reason never says by how much: a small audience stays unknowable.
        if (audience < needed) return audience < k ? 'below_k' : 'below_minimum';
        return 'outranked';
      })();
      return { screenId: screen.id, reason, audience: shown };
    });
}
