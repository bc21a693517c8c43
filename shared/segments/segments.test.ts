import { describe, expect, it } from 'vitest';
import { CustomSegment, SegmentId } from '../schemas/segments.ts';
import { DAY_MS, builtinSegments, isFrequent, isLapsed, isNew, isReturning, matchesCustom, segmentsOf, type ShopperSummary } from './index.ts';

const NOW = Date.parse('2026-11-23T12:00:00Z');
const daysAgo = (d: number) => NOW - d * DAY_MS;
const shopper = (over: Partial<ShopperSummary> = {}): ShopperSummary => ({ language: 'en', visitCount: 1, recentVisits: [], ...over });
const visits = (...ago: number[]) => {
  const times = ago.map(daysAgo).sort((a, b) => a - b);
  return { visitCount: times.length, firstVisitAt: times[0], lastVisitAt: times.at(-1), previousVisitAt: times.at(-2), recentVisits: times.filter((t) => t >= daysAgo(60)) };
};

describe('built-in segment: new', () => {
  it('first visit today, 30 days ago exactly → new; 30 days and a minute → not', () => {
    expect(isNew(shopper(visits(0)), NOW)).toBe(true);
    expect(isNew(shopper({ firstVisitAt: daysAgo(30) }), NOW)).toBe(true);
    expect(isNew(shopper({ firstVisitAt: daysAgo(30) - 60_000 }), NOW)).toBe(false);
  });
  it('never visited → not new', () => expect(isNew(shopper({ visitCount: 0 }), NOW)).toBe(false));
});

describe('built-in segment: returning', () => {
  it('one visit → no; two → yes', () => {
    expect(isReturning(shopper(visits(0)))).toBe(false);
    expect(isReturning(shopper(visits(100, 0)))).toBe(true);
  });
});

describe('built-in segment: frequent', () => {
  it('3 visits in 30 days → no; 4 → yes', () => {
    expect(isFrequent(shopper(visits(20, 10, 0)), NOW)).toBe(false);
    expect(isFrequent(shopper(visits(29, 20, 10, 0)), NOW)).toBe(true);
  });
  it('a visit exactly 30 days ago counts; 31 days ago does not', () => {
    expect(isFrequent(shopper(visits(30, 20, 10, 0)), NOW)).toBe(true);
    expect(isFrequent(shopper(visits(31, 20, 10, 0)), NOW)).toBe(false);
  });
});

describe('built-in segment: lapsed', () => {
  it('back after exactly 60 days away → lapsed; 59 days → not', () => {
    expect(isLapsed(shopper(visits(60, 0)))).toBe(true);
    expect(isLapsed(shopper(visits(59, 0)))).toBe(false);
  });
  it('back after a year (previous visit outside the recent window) → lapsed', () => {
    expect(isLapsed(shopper(visits(400, 0)))).toBe(true);
  });
  it('first visit ever → not lapsed; came again since the comeback → not lapsed', () => {
    expect(isLapsed(shopper(visits(0)))).toBe(false);
    expect(isLapsed(shopper(visits(200, 5, 0)))).toBe(false);
  });
});

describe('profile segments', () => {
  it('interest, age, area and language ids come from the profile', () => {
    const ids = builtinSegments(shopper({ ...visits(0), interests: ['coffee', 'books', 'coffee'], ageBand: '25-34', homeArea: 'north', language: 'cy' }), NOW);
    expect(ids).toEqual(['new', 'interest:coffee', 'interest:books', 'age:25-34', 'area:north', 'lang:cy']);
  });
  it('no optional profile fields → only lang', () => {
    expect(builtinSegments(shopper({ visitCount: 0 }), NOW)).toEqual(['lang:en']);
  });
  it('every built-in id is a valid SegmentId', () => {
    const ids = builtinSegments(shopper({ ...visits(200, 0), interests: ['coffee'], ageBand: '65+', homeArea: 'out-of-town' }), NOW);
    expect(ids).toContain('lapsed');
    for (const id of ids) expect(SegmentId.safeParse(id).success, id).toBe(true);
  });
});

describe('custom segments', () => {
  const lovers = CustomSegment.parse({
    id: 'custom:coffee-regulars',
    name: 'Coffee regulars',
    match: 'all',
    conditions: [
      { kind: 'profile', field: 'interests', anyOf: ['coffee'] },
      { kind: 'visits', withinDays: 14, min: 2 },
      { kind: 'daysSinceLastVisit', max: 7 },
    ],
  });
  it('all: every condition must hold', () => {
    expect(matchesCustom(lovers, shopper({ ...visits(10, 3), interests: ['coffee'] }), NOW)).toBe(true);
    expect(matchesCustom(lovers, shopper({ ...visits(20, 3), interests: ['coffee'] }), NOW)).toBe(false);
    expect(matchesCustom(lovers, shopper({ ...visits(10, 8), interests: ['coffee'] }), NOW)).toBe(false);
    expect(matchesCustom(lovers, shopper({ ...visits(10, 3), interests: ['tech'] }), NOW)).toBe(false);
  });
  it('any: one condition is enough; zone visited and profile fields', () => {
    const seg = CustomSegment.parse({
      id: 'custom:food-or-welsh',
      name: 'Food court or Welsh',
      match: 'any',
      conditions: [{ kind: 'zoneVisited', zoneId: 'food-court' }, { kind: 'profile', field: 'language', anyOf: ['cy'] }],
    });
    expect(matchesCustom(seg, shopper({ zones: ['food-court'] }), NOW)).toBe(true);
    expect(matchesCustom(seg, shopper({ language: 'cy' }), NOW)).toBe(true);
    expect(matchesCustom(seg, shopper({ zones: ['tech'] }), NOW)).toBe(false);
    expect(segmentsOf(shopper({ zones: ['food-court'] }), NOW, [seg, lovers])).toContain('custom:food-or-welsh');
  });
  it('never visited: days-since conditions do not hold', () => {
    const seg = CustomSegment.parse({ id: 'custom:x', name: 'x', match: 'all', conditions: [{ kind: 'daysSinceLastVisit', min: 0 }] });
    expect(matchesCustom(seg, shopper({ visitCount: 0 }), NOW)).toBe(false);
  });
  it('rejects unknown condition kinds and empty condition lists', () => {
    expect(CustomSegment.safeParse({ id: 'custom:x', name: 'x', match: 'all', conditions: [] }).success).toBe(false);
    expect(CustomSegment.safeParse({ id: 'custom:x', name: 'x', match: 'all', conditions: [{ kind: 'spend', min: 1 }] }).success).toBe(false);
    expect(CustomSegment.safeParse({ id: 'new', name: 'x', match: 'all', conditions: [{ kind: 'zoneVisited', zoneId: 'a' }] }).success).toBe(false);
  });
});
