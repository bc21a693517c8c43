import { describe, expect, it } from 'vitest';
import type { StoreVisitRow } from '../shops/store-visits.ts';
import { promotionEffect } from './promotion-effect.ts';

describe('a promotion’s effect on a shop', () => {
  // Ten days. The promotion plays in the food court at 12:00 on days 0–4. On those days eight
  // shoppers who were in the food court visit at 13:xx; on days 5–9 (no plays) two come at 13:xx.
  const visits: StoreVisitRow[] = [];
  for (let day = 0; day < 10; day++) {
    const n = day < 5 ? 8 : 2;
    for (let i = 0; i < n; i++) visits.push([100 + day, 13 * 60 + i, `v${(day * 10 + i) % 13}`, 'food-court']);
  }
  const plays = [0, 1, 2, 3, 4].map((d) => ({ day: 100 + d, hour: 12, zoneId: 'food-court', count: 6 }));
  const effect = promotionEffect({ promotionId: 'p', title: 'Flat white', plays, visits, redeemedBy: ['v1', 'v2', 'v3', 'v4', 'v5', 'v1'], fromDay: 100, toDay: 109, windowHours: 4, k: 5 });

  it('counts impressions and redemptions', () => {
    expect(effect.impressions).toBe(30);
    expect(effect.impressionsByDay).toEqual([0, 1, 2, 3, 4].map((d) => ({ day: 100 + d, count: 6 })));
    expect(effect.redemptions).toEqual({ value: 6, suppressed: false });
  });

  it('compares visits after plays with the same hours on days without', () => {
    // Exposed: hours 12..16 on 5 days = 25 hours, 40 visits. Baseline: the same 5 hours on 5 days, 10 visits.
    expect(effect.exposedHours).toBe(25);
    expect(effect.exposedVisits).toEqual({ value: 40, suppressed: false });
    expect(effect.baselineHours).toBe(25);
    expect(effect.baselineVisits).toEqual({ value: 10, suppressed: false });
    expect(effect.lift).toBe(3);
  });

  it('hides small numbers and then gives no lift', () => {
    const few = promotionEffect({ promotionId: 'p', title: 't', plays, visits: visits.slice(0, 3), redeemedBy: ['v1'], fromDay: 100, toDay: 109, windowHours: 4, k: 5 });
    expect(few.exposedVisits).toEqual({ value: null, suppressed: true });
    // The shop's own redemptions are never hidden: it saw each one at its till.
    expect(few.redemptions).toEqual({ value: 1, suppressed: false });
    expect(few.lift).toBeNull();
  });
});
