import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtinSegments } from '#shared/segments/index.ts';
import type { ShopperRecord } from '#server/storage/records.ts';
import { summaryOf } from '../presence/segments.ts';
import { VisitorProfiles } from './visitor-profiles.ts';

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 1);

/** The profile worked out from scratch, as reports did before profiles were kept. */
function fresh(s: ShopperRecord | undefined, now: number) {
  if (!s) return {};
  if (!s.consent.analytics) return null;
  const segments = builtinSegments(summaryOf(s), now).filter((id) => /^(new|returning|frequent|lapsed|interest:.*)$/.test(id));
  return { ageBand: s.ageBand, homeArea: s.homeArea, language: s.language, segments };
}

const iso = (t: number) => new Date(t).toISOString();

/** A change to a shopper between two reports, made in place as the hub makes it, or by replacing the record. */
type Change =
  | { kind: 'visit'; afterDays: number }
  | { kind: 'consent'; analytics: boolean }
  | { kind: 'profile'; ageBand?: string; homeArea?: string; interests: string[] }
  | { kind: 'replace' }
  | { kind: 'erase' }
  | { kind: 'time'; ms: number }
  | { kind: 'edge'; days: 0 | 30; ms: -1 | 0 | 1 };

const change: fc.Arbitrary<Change> = fc.oneof(
  fc.record({ kind: fc.constant('visit' as const), afterDays: fc.integer({ min: 0, max: 90 }) }),
  fc.record({ kind: fc.constant('consent' as const), analytics: fc.boolean() }),
  fc.record(
    { kind: fc.constant('profile' as const), ageBand: fc.constantFrom('18-24', '25-34'), homeArea: fc.constantFrom('north', 'riverside'), interests: fc.subarray(['coffee', 'books', 'tech']) },
    { requiredKeys: ['kind', 'interests'] },
  ),
  fc.constant({ kind: 'replace' as const }),
  fc.constant({ kind: 'erase' as const }),
  fc.record({ kind: fc.constant('time' as const), ms: fc.integer({ min: 0, max: 40 * DAY }) }),
  // To the very millisecond where a visit enters or leaves a 30-day window, or next to it.
  fc.record({ kind: fc.constant('edge' as const), days: fc.constantFrom(0 as const, 30 as const), ms: fc.constantFrom(-1 as const, 0 as const, 1 as const) }),
);

function shopper(firstDay: number, analytics: boolean): ShopperRecord {
  const first = START + firstDay * DAY;
  return {
    id: `s${firstDay}`,
    cardTokens: [],
    language: 'en',
    consent: { membership: true, analytics },
    createdAt: iso(first),
    visitCount: 1,
    firstVisitAt: iso(first),
    lastVisitAt: iso(first),
    recentVisits: [first],
  };
}

describe('visitor profiles kept between reports', () => {
  it('always equal the profile worked out afresh, when dropped on every change to the record', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 60 }), fc.boolean()), { minLength: 1, maxLength: 4 }), fc.array(fc.tuple(fc.nat(3), change), { maxLength: 30 }), (people, changes) => {
        const profiles = new VisitorProfiles();
        const records: (ShopperRecord | undefined)[] = people.map(([day, analytics]) => shopper(day, analytics));
        let now = START + 61 * DAY;
        const check = () => records.forEach((s, v) => expect(profiles.of(v, (n) => records[n], now)).toEqual(fresh(s, now)));
        check();
        for (const [who, c] of changes) {
          const v = who % records.length;
          const s = records[v];
          if (c.kind === 'time') now += c.ms;
          else if (c.kind === 'edge') {
            const times = s ? [Date.parse(s.firstVisitAt!), ...s.recentVisits] : [];
            if (times.length) now = times[times.length - 1] + c.days * DAY + c.ms;
          } else if (!s) continue;
          else if (c.kind === 'erase') records[v] = undefined;
          else if (c.kind === 'replace') records[v] = structuredClone(s);
          else if (c.kind === 'consent') s.consent.analytics = c.analytics;
          else if (c.kind === 'profile') {
            s.ageBand = c.ageBand;
            s.homeArea = c.homeArea;
            // Changed in place: a kept profile must notice more than a new array.
            s.interests ??= [];
            s.interests.splice(0, s.interests.length, ...c.interests);
          } else {
            const t = Date.parse(s.lastVisitAt!) + c.afterDays * DAY;
            s.previousVisitAt = s.lastVisitAt;
            s.lastVisitAt = iso(t);
            s.visitCount++;
            s.recentVisits.push(t);
          }
          // As Shoppers does for every change it stores (the passing of time is no change).
          if (c.kind !== 'time' && c.kind !== 'edge') profiles.forget(v);
          check();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('counts an erased shopper anonymously and leaves out one without analytics consent', () => {
    const profiles = new VisitorProfiles();
    const s = shopper(0, true);
    s.ageBand = '25-34';
    const now = START + 10 * DAY;
    expect(profiles.of(0, () => s, now)).toEqual({ ageBand: '25-34', homeArea: undefined, language: 'en', segments: ['new'] });
    s.consent.analytics = false;
    profiles.forget(0);
    expect(profiles.of(0, () => s, now)).toBeNull();
    profiles.forget(0);
    expect(profiles.of(0, () => undefined, now)).toEqual({});
  });

  it('switches new and frequent at the very millisecond their 30-day windows end', () => {
    const profiles = new VisitorProfiles();
    // First seen ten days before four visits on days 0–3: frequent until 30 days after day 0.
    const s = shopper(-10, true);
    s.recentVisits = [0, 1, 2, 3].map((d) => START + d * DAY);
    s.visitCount = 5;
    s.lastVisitAt = iso(START + 3 * DAY);
    s.previousVisitAt = iso(START + 2 * DAY);
    // A shopper whose first visit has dropped out of their recent visits: `new` ends on its own edge.
    const t = shopper(0, true);
    t.recentVisits = [START + 20 * DAY];
    const edge = START + 30 * DAY;
    // Asked in any order, also before a visit was made (the visit on day 3 counts from its own time).
    for (const now of [START + DAY, START + 3 * DAY - 1, START + 3 * DAY, edge - 1, edge, edge + 1, edge + 2, edge, edge + 1]) {
      expect(profiles.of(0, () => s, now)).toEqual(fresh(s, now));
      expect(profiles.of(1, () => t, now)).toEqual(fresh(t, now));
    }
    expect(fresh(s, edge)?.segments).toEqual(['returning', 'frequent']);
    expect(fresh(s, edge + 1)?.segments).toEqual(['returning']);
    expect(fresh(t, edge)?.segments).toEqual(['new']);
    expect(fresh(t, edge + 1)?.segments).toEqual([]);
  });

  it('asks for the record again only after a change or when a 30-day window has passed', () => {
    const profiles = new VisitorProfiles();
    let asked = 0;
    const s = shopper(0, true);
    const recordOf = () => (asked++, s);
    profiles.of(0, recordOf, START + DAY);
    profiles.of(0, recordOf, START + 20 * DAY);
    expect(asked).toBe(1);
    expect(profiles.has(0, START + 29 * DAY)).toBe(true);
    // `new` has ended: the record is read once more, then kept again.
    expect(profiles.has(0, START + 40 * DAY)).toBe(false);
    profiles.of(0, recordOf, START + 40 * DAY);
    profiles.of(0, recordOf, START + 50 * DAY);
    expect(asked).toBe(2);
    profiles.forget(0);
    expect(profiles.has(0, START + 50 * DAY)).toBe(false);
    profiles.of(0, recordOf, START + 50 * DAY);
    expect(asked).toBe(3);
  });
});
