import type { CustomSegment, SegmentCondition } from '../schemas/segments.ts';
import { visitsWithin } from './builtin.ts';
import { DAY_MS, type ShopperSummary } from './summary.ts';

/** Whether one condition holds for the shopper now. Bounds (min/max) are inclusive. */
export function conditionHolds(c: SegmentCondition, s: ShopperSummary, now: number): boolean {
  switch (c.kind) {
    case 'profile': {
      const values = c.field === 'interests' ? (s.interests ?? []) : [s[c.field]].filter((v): v is string => !!v);
      return values.some((v) => c.anyOf.includes(v));
    }
    case 'visits':
      return inRange(visitsWithin(s, c.withinDays, now), c.min, c.max);
    case 'daysSinceLastVisit':
      if (s.lastVisitAt === undefined) return false;
      return inRange((now - s.lastVisitAt) / DAY_MS, c.min, c.max);
    case 'zoneVisited':
      return (s.zones ?? []).includes(c.zoneId);
  }
}

export function matchesCustom(segment: CustomSegment, s: ShopperSummary, now: number): boolean {
  const holds = (c: SegmentCondition) => conditionHolds(c, s, now);
  return segment.match === 'all' ? segment.conditions.every(holds) : segment.conditions.some(holds);
}

const inRange = (n: number, min?: number, max?: number) => (min === undefined || n >= min) && (max === undefined || n <= max);
