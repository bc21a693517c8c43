/** One line about a shopper's reward, in their language: the kiosk's welcome, the pass page and emails say the same. */
import type { Translate } from './i18n/translate.ts';
import type { RewardProgress } from './schemas/rewards.ts';

/**
 * "2 more visits to a free coffee at Bean There", "A free coffee is ready: show your pass at Bean
 * There", or "120 points · Book club".
 */
export function rewardLine(r: RewardProgress, t: Translate): string {
  const reward = r.name;
  if (r.ready.length) return r.shop ? t('rewardReadyAt', { reward, shop: r.shop }) : t('rewardReady', { reward });
  if (r.stamps) {
    const count = Math.max(0, r.stamps.need - r.stamps.have);
    return r.shop ? t('rewardLeftAt', { count, reward, shop: r.shop }) : t('rewardLeft', { count, reward });
  }
  const item = r.points?.next ? `${reward}: ${r.points.next.name} (${r.points.next.points})` : reward;
  return t('rewardPoints', { points: r.points?.balance ?? 0, reward: item });
}
