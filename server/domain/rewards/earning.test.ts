import { describe, expect, it } from 'vitest';
import type { RewardRecord } from '#server/storage/records.ts';
import { addVisit, balanceOf, DAY_MS, emptyCard, nextItem, readyOf, spendPoints, visitCounts, visitsToGo } from './earning.ts';

const base = { owner: 'mall', validDays: 10, onRedeem: 'reset', status: 'active', createdAt: '', updatedAt: '' } as const;
const stamps: RewardRecord = { ...base, id: 's', name: 'coffee', kind: 'stamps', counts: 'mall', stamps: { visits: 3, periodDays: 7 } };
const points: RewardRecord = {
  ...base,
  id: 'p',
  name: 'club',
  kind: 'points',
  counts: 'shop',
  tenantId: 'bean',
  points: { perVisit: 10, periodDays: 30, catalogue: [{ id: 'mug', name: 'Mug', points: 25 }, { id: 'bag', name: 'Bag', points: 60 }] },
};
const dayOf = (t: number) => Math.floor(t / DAY_MS);
const T0 = Date.parse('2026-11-02T10:00:00Z');

describe('earning', () => {
  it('counts mall visits for a mall reward and till arrivals at its shop for a shop reward', () => {
    expect(visitCounts(stamps, { mallVisit: true, touchpoint: 'kiosk-1' })).toBe(true);
    expect(visitCounts(stamps, { mallVisit: false, touchpoint: 'till:bean' })).toBe(false);
    expect(visitCounts(points, { mallVisit: false, touchpoint: 'till:bean' })).toBe(true);
    expect(visitCounts(points, { mallVisit: true, touchpoint: 'till:other' })).toBe(false);
    expect(visitCounts({ ...stamps, status: 'pending' }, { mallVisit: true, touchpoint: 'k' })).toBe(false);
  });

  it('a stamp card keeps only its period’s stamps and turns N of them into a reward valid for validDays', () => {
    const card = emptyCard();
    addVisit(stamps, card, T0, dayOf(T0), dayOf);
    addVisit(stamps, card, T0 + DAY_MS, dayOf(T0 + DAY_MS), dayOf);
    // Eight days later the first two stamps are out of the 7-day period.
    const late = T0 + 8 * DAY_MS;
    expect(addVisit(stamps, card, late, dayOf(late), dayOf)).toBe(false);
    expect(visitsToGo(stamps, card, late)).toBe(2);
    addVisit(stamps, card, late + DAY_MS, dayOf(late + DAY_MS), dayOf);
    expect(addVisit(stamps, card, late + 2 * DAY_MS, dayOf(late + 2 * DAY_MS), dayOf)).toBe(true);
    expect(readyOf(card, late + 2 * DAY_MS)).toHaveLength(1);
    expect(readyOf(card, late + 13 * DAY_MS)).toHaveLength(0);
  });

  it('points are earned once a visit day, spent oldest first, and lapse after their period', () => {
    const card = emptyCard();
    addVisit(points, card, T0, dayOf(T0), dayOf);
    addVisit(points, card, T0 + 3600_000, dayOf(T0), dayOf);
    expect(balanceOf(points, card, T0 + 3600_000)).toBe(10);
    for (let d = 1; d <= 3; d++) addVisit(points, card, T0 + d * DAY_MS, dayOf(T0 + d * DAY_MS), dayOf);
    const now = T0 + 3 * DAY_MS;
    expect(balanceOf(points, card, now)).toBe(40);
    expect(nextItem(points, 40)?.id).toBe('bag');
    expect(visitsToGo(points, card, now)).toBe(2);
    spendPoints(points, card, 25, now);
    expect(card.points).toEqual([[T0 + 2 * DAY_MS, 5], [T0 + 3 * DAY_MS, 10]]);
    expect(balanceOf(points, card, T0 + 32 * DAY_MS + 1)).toBe(10);
    expect(balanceOf(points, card, T0 + 34 * DAY_MS)).toBe(0);
  });
});
