import type { ProofOfPlay } from '../signage/proof-of-play.ts';
import { localMoment } from '../mall/local-time.ts';
import type { Play } from './promotion-effect.ts';

/** A promotion's proof-of-play counts (per UTC hour and screen) as plays in local hours and zones. */
export function playsOf(proof: ProofOfPlay, promotionId: string, zoneOfScreen: (id: string) => string | undefined, timeZone: string): Play[] {
  const plays: Play[] = [];
  for (const row of proof.counts({ promotionId })) {
    const zoneId = zoneOfScreen(row.screenId);
    if (!zoneId) continue;
    const { day, minute } = localMoment(new Date(row.hour), timeZone);
    plays.push({ day, hour: Math.floor(minute / 60), zoneId, count: row.count });
  }
  return plays;
}
