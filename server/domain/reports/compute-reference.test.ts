import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoToDay } from '../mall/local-time.ts';
import type { StoreVisitRow } from '../shops/store-visits.ts';
import { computeReport, type ReportInput, type VisitorProfile } from './compute.ts';
import { previousPeriod } from './periods.ts';
import { promotionEffect } from './promotion-effect.ts';
import { referencePromotionEffect, referenceReport } from './reference-report.ts';

const FROM = isoToDay('2026-03-02');
const TO = isoToDay('2026-03-29');

const visitor = fc.constantFrom(...Array.from({ length: 12 }, (_, i) => `v${i}`));
const row = fc.tuple(fc.integer({ min: FROM - 70, max: TO }), fc.integer({ min: 0, max: 1439 }), visitor, fc.constantFrom('entrance', 'food-court', 'tech', null)) as fc.Arbitrary<StoreVisitRow>;
const profile: fc.Arbitrary<VisitorProfile | null> = fc.option(
  fc.record(
    {
      ageBand: fc.constantFrom('18-24', '25-34', '35-44'),
      homeArea: fc.constantFrom('north', 'riverside'),
      language: fc.constantFrom('en', 'fr'),
      segments: fc.subarray(['new', 'returning', 'frequent', 'lapsed', 'interest:coffee']),
    },
    { requiredKeys: [] },
  ),
  { freq: 5 },
);

describe('the report on columns gives the very same report as the row-by-row one it replaced', () => {
  it('on any rows, profiles, first-seen days, K and buckets', () => {
    fc.assert(
      fc.property(
        fc.array(row, { maxLength: 400 }),
        fc.dictionary(visitor, profile),
        fc.dictionary(visitor, fc.integer({ min: FROM - 400, max: TO })),
        fc.integer({ min: 2, max: 7 }),
        fc.constantFrom('day', 'week', 'month', 'year') as fc.Arbitrary<ReportInput['granularity']>,
        fc.boolean(),
        (unsorted, profiles, earlier, k, granularity, inTimeOrder) => {
          // Stored rows come oldest first; any order must give the same report all the same.
          const rows = inTimeOrder ? [...unsorted].sort((a, b) => a[0] - b[0] || a[1] - b[1]) : unsorted;
          // First seen: the earliest row, or an earlier day for some visitors (seen before these rows).
          const firstSeen = new Map<string, number>();
          for (const [day, , v] of rows) firstSeen.set(v, Math.min(firstSeen.get(v) ?? Infinity, earlier[v] ?? Infinity, day));
          const input: ReportInput = {
            tenantId: 'bean-there',
            fromDay: FROM,
            toDay: TO,
            granularity,
            k,
            rows: rows.filter((r) => r[0] >= FROM - 60),
            previousRows: rows.filter((r) => r[0] >= FROM - 28 && r[0] < FROM),
            previous: previousPeriod(FROM, TO),
            firstSeen,
            staffingRows: rows.filter((r) => r[0] > TO - 56),
            staffingWeeks: 8,
            liftHours: 4,
            promotions: [],
            profileOf: (v) => (v in profiles ? profiles[v] : {}),
          };
          expect(computeReport(input)).toEqual(referenceReport(input));
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('the promotion effect on columns gives the very same figures as the row-by-row one', () => {
  it('on any plays, visits and windows', () => {
    const play = fc.record({ day: fc.integer({ min: 98, max: 111 }), hour: fc.integer({ min: 0, max: 23 }), zoneId: fc.constantFrom('food-court', 'tech', 'atrium'), count: fc.integer({ min: 1, max: 9 }) });
    const visit = fc.tuple(fc.integer({ min: 100, max: 109 }), fc.integer({ min: 0, max: 1439 }), visitor, fc.constantFrom('food-court', 'tech', 'entrance', null)) as fc.Arbitrary<StoreVisitRow>;
    fc.assert(
      fc.property(fc.array(play, { maxLength: 30 }), fc.array(visit, { maxLength: 300 }), fc.array(visitor, { maxLength: 12 }), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 2, max: 6 }), (plays, visits, redeemedBy, windowHours, k) => {
        const input = { promotionId: 'p', title: 'Flat white', plays, visits, redeemedBy, fromDay: 100, toDay: 109, windowHours, k };
        expect(promotionEffect(input)).toEqual(referencePromotionEffect(input));
      }),
      { numRuns: 500 },
    );
  });
});
