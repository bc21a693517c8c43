import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolByTap } from '#server/testing/enrol.ts';
import { request, startTestHub, type ClientSocket, type TestHub } from '#server/testing/test-hub.ts';
import { isoToDay } from '../mall/local-time.ts';
import { computeReport, type ReportInput } from './compute.ts';
import { nextPlacesOf } from './next-place.ts';
import { referenceReport } from './reference-report.ts';

const hidden = { value: null, suppressed: true };
const shown = (value: number) => ({ value, suppressed: false });

describe('nextPlacesOf: where a shopper went after the shop’s till', () => {
  // Europe/London in November is UTC, so local minutes read straight off the times.
  const visit = (shopperId: string | null, at: string, touchpoint: string, zoneId: string, kind?: 'zone' | 'place') => ({ shopperId, at, touchpoint, zoneId, ...(kind ? { kind } : {}) });
  const reads = [
    // a: entrance, the till, then the fashion wing — next: fashion.
    visit('a', '2026-11-02T10:00:00Z', 'kiosk-entrance', 'entrance'),
    visit('a', '2026-11-02T10:05:00Z', 'till:bean-there', 'food-court', 'zone'),
    visit('a', '2026-11-02T10:20:00Z', 'kiosk-fashion', 'fashion', 'zone'),
    // b: the till, then another shop's till in the same zone — next: that shop.
    visit('b', '2026-11-02T11:00:00Z', 'till:bean-there', 'food-court'),
    visit('b', '2026-11-02T11:30:00Z', 'till:noodle-bar', 'food-court', 'place'),
    // c: the till, and the next read starts a new mall visit — next: none.
    visit('c', '2026-11-02T12:00:00Z', 'till:bean-there', 'food-court'),
    visit('c', '2026-11-02T16:00:00Z', 'kiosk-tech', 'tech'),
    // d: the till late at night, the next read after midnight (another local day) — next: none.
    visit('d', '2026-11-02T23:50:00Z', 'till:bean-there', 'food-court'),
    visit('d', '2026-11-03T00:10:00Z', 'kiosk-tech', 'tech', 'zone'),
    // e: the till, then a kiosk in the shop's own zone — next: that zone. Listed out of order on purpose.
    visit('e', '2026-11-02T09:40:00Z', 'kiosk-food', 'food-court', 'place'),
    visit('e', '2026-11-02T09:30:00Z', 'till:bean-there', 'food-court'),
    // An erased shopper's visit carries no shopper: left out.
    visit(null, '2026-11-02T10:00:00Z', 'till:bean-there', 'food-court'),
    // Another shop's visit only: not this shop's.
    visit('f', '2026-11-02T10:00:00Z', 'till:noodle-bar', 'food-court'),
  ];

  it('keys the next read of the same mall visit and day by zone or shop, else none', () => {
    const day = isoToDay('2026-11-02');
    const got = nextPlacesOf(reads, 'bean-there', 'Europe/London').sort((x, y) => x.shopperId.localeCompare(y.shopperId));
    expect(got).toEqual([
      { shopperId: 'a', day, minute: 10 * 60 + 5, next: 'fashion' },
      { shopperId: 'b', day, minute: 11 * 60, next: 'shop:noodle-bar' },
      { shopperId: 'c', day, minute: 12 * 60, next: 'none' },
      { shopperId: 'd', day, minute: 23 * 60 + 50, next: 'none' },
      { shopperId: 'e', day, minute: 9 * 60 + 30, next: 'food-court' },
    ]);
  });

  it('follows the mall clock: the same reads in Warsaw put d’s next read on the same local day', () => {
    // 23:50 UTC is 00:50 on 3 November in Warsaw, and 00:10 UTC is 01:10 that same local day.
    const d = nextPlacesOf(reads, 'bean-there', 'Europe/Warsaw').find((p) => p.shopperId === 'd');
    expect(d).toEqual({ shopperId: 'd', day: isoToDay('2026-11-03'), minute: 50, next: 'tech' });
  });
});

describe('the report’s "went to next" over a hand-computed fixture', () => {
  const from = isoToDay('2026-11-01');
  const to = isoToDay('2026-11-30');
  const day = isoToDay('2026-11-02');
  // 14 visitors on one day, each one visit at minute 600 + i: 6 went to fashion, 5 to Noodle Bar, 3 nowhere after.
  const visitors = Array.from({ length: 14 }, (_, i) => `v${String(i).padStart(2, '0')}`);
  const nextOf = (i: number) => (i < 6 ? 'fashion' : i < 11 ? 'shop:noodle-bar' : 'none');
  const input = (k: number, fromDay = from, toDay = to): ReportInput => ({
    tenantId: 'bean-there',
    fromDay,
    toDay,
    granularity: 'day',
    k,
    rows: visitors.map((v, i) => [day, 600 + i, v, 'entrance']),
    previousRows: [],
    previous: { fromDay: from - 31, toDay: from - 1 },
    firstSeen: new Map(visitors.map((v) => [v, day])),
    staffingRows: [],
    staffingWeeks: 8,
    liftHours: 4,
    promotions: [],
    profileOf: () => ({}),
    nextPlace: (v, d, minute) => {
      const i = visitors.indexOf(v);
      // The lookup is asked for the visitor's own visit: a wrong day or minute would read as none.
      return d === day && minute === 600 + i ? nextOf(i) : 'none';
    },
  });

  it('shows each place at K or more; below K it is hidden, and one more with it so the total cannot give it away', () => {
    // K = 5: fashion 6 and Noodle Bar 5 are shown, none (3) is below K. The 14 unique visitors are
    // published, so 14 − 6 − 5 would give the 3 away: the smallest other, Noodle Bar (5), goes too.
    const r = computeReport(input(5));
    expect(r.summary.uniqueVisitors).toEqual(shown(14));
    expect(r.mix.nextPlace).toEqual([
      { key: 'fashion', visitors: shown(6) },
      { key: 'none', visitors: hidden },
      { key: 'shop:noodle-bar', visitors: hidden },
    ]);
    // K = 3: every place has 3 or more shoppers, nothing is hidden.
    expect(computeReport(input(3)).mix.nextPlace).toEqual([
      { key: 'fashion', visitors: shown(6) },
      { key: 'none', visitors: shown(3) },
      { key: 'shop:noodle-bar', visitors: shown(5) },
    ]);
    // K = 6: only fashion reaches K; Noodle Bar and none are both below it and hidden, which is enough.
    expect(computeReport(input(6)).mix.nextPlace).toEqual([
      { key: 'fashion', visitors: shown(6) },
      { key: 'none', visitors: hidden },
      { key: 'shop:noodle-bar', visitors: hidden },
    ]);
  });

  it('is given for whole calendar months only, like the zone visitors came from', () => {
    const r = computeReport(input(3, from, isoToDay('2026-11-15')));
    expect(r.summary.wholeMonth).toBe(false);
    expect(r.mix.nextPlace).toEqual([]);
    expect(r.mix.priorZone).toEqual([]);
  });

  it('agrees with the reference report', () => {
    for (const k of [2, 3, 5, 6, 15]) expect(computeReport(input(k))).toEqual(referenceReport(input(k)));
  });
});

// Monday 2 November 2026, 10:00 in London (UTC in November).
let clock = Date.parse('2026-11-02T10:00:00Z');

describe('GET /api/tenant/reports: went to next, from real check-ins and till scans', () => {
  let hub: TestHub;
  let operator: string;
  let beanThere: string;
  let noodleBar: string;
  const kiosks: Record<string, ClientSocket> = {};

  beforeAll(async () => {
    hub = await startTestHub({ k: 2, timezone: 'Europe/London' }, undefined, { now: () => clock });
    operator = await hub.login();
    for (const zone of ['entrance', 'fashion', 'tech']) kiosks[zone] = await hub.socket({ token: (await hub.pair('kiosk', zone, zone, operator)).token });
    const invite = await hub.api('/api/users', { cookie: operator, body: { username: 'noodle', role: 'tenant', tenantId: 'noodle-bar' } });
    expect(invite.status, JSON.stringify(invite.body)).toBe(200);
    const token = String(invite.body.link).split('#invite=')[1];
    expect((await hub.api('/api/auth/accept-invite', { body: { token, password: 'noodle long password' } })).status).toBe(200);
    beanThere = await hub.login('bean-there', 'atrium-demo');
    noodleBar = await hub.login('noodle', 'noodle long password');
  });
  afterAll(() => hub.stop());

  const tap = async (zone: string, card: string) => {
    const ack = await request<any>(kiosks[zone], 'checkin:tap', { visitId: randomUUID(), card });
    expect(ack.ok, JSON.stringify(ack)).toBe(true);
  };
  const till = async (cookie: string, passId: string) => {
    const res = await hub.api('/api/till/visits', { cookie, body: { visitId: randomUUID(), passId } });
    expect(res.body.recorded, JSON.stringify(res.body)).toBe(true);
  };

  it('counts each visitor once, by their first visit of the month, hidden below K with one more', async () => {
    const cards = Array.from({ length: 6 }, (_, i) => `04B2B2B2B2B20${i}`);
    const passes: string[] = [];
    for (const card of cards) passes.push((await enrolByTap(kiosks.entrance, card)).passId);
    clock += 5 * 60_000;
    for (const pass of passes) await till(beanThere, pass);
    clock += 10 * 60_000;
    // Three walk on to the fashion wing, two to Noodle Bar's till.
    for (const card of cards.slice(0, 3)) await tap('fashion', card);
    for (const pass of passes.slice(3, 5)) await till(noodleBar, pass);
    // The sixth comes back three hours later (a new mall visit, past the 120-minute window): not "next".
    clock += 3 * 3600_000;
    await tap('tech', cards[5]);
    // The next day two of the first three come back to Bean There and then go to tech: their
    // first visit of the month still says fashion.
    clock = Date.parse('2026-11-03T10:00:00Z');
    for (const card of cards.slice(0, 2)) await tap('entrance', card);
    for (const pass of passes.slice(0, 2)) await till(beanThere, pass);
    clock += 10 * 60_000;
    for (const card of cards.slice(0, 2)) await tap('tech', card);

    const res = await hub.api('/api/tenant/reports?from=2026-11-01&to=2026-11-30', { cookie: beanThere });
    expect(res.status).toBe(200);
    const r = res.body;
    expect(r.summary.uniqueVisitors).toEqual(shown(6));
    // By hand: fashion 3, Noodle Bar 2, none 1. K = 2: none is hidden; 6 − 3 − 2 would give it
    // away, so the smallest other (Noodle Bar, 2) is hidden with it.
    expect(r.mix.nextPlace).toEqual([
      { key: 'fashion', visitors: shown(3) },
      { key: 'none', visitors: hidden },
      { key: 'shop:noodle-bar', visitors: hidden },
    ]);

    // The CSV carries the same cells under the page's names, and the definition.
    const csv = await hub.api('/api/tenant/reports.csv?from=2026-11-01&to=2026-11-30&table=mix', { cookie: beanThere });
    const lines = String(csv.body).replace(/^\uFEFF/, '').split('\r\n');
    expect(lines).toContain('Went to next,fashion,Fashion wing,3');
    expect(lines).toContain('Went to next,none,No later check-in that visit,< 2');
    expect(lines).toContain('Went to next,shop:noodle-bar,Shop: Noodle Bar,< 2');
    expect(lines.some((l) => l.startsWith('"Went to next: for each visitor'))).toBe(true);

    // Noodle Bar's own report: its two visitors came from the food court (the till before it).
    const noodle = (await hub.api('/api/tenant/reports?from=2026-11-01&to=2026-11-30', { cookie: noodleBar })).body;
    expect(noodle.mix.nextPlace).toEqual([{ key: 'none', visitors: shown(2) }]);

    // Not a whole month: neither where they came from nor where they went next.
    const week = (await hub.api('/api/tenant/reports?from=2026-11-02&to=2026-11-08', { cookie: beanThere })).body;
    expect(week.mix.nextPlace).toEqual([]);
    const weekCsv = String((await hub.api('/api/tenant/reports.csv?from=2026-11-02&to=2026-11-08&table=mix', { cookie: beanThere })).body);
    expect(weekCsv).toContain('Went to next,,whole months only,');
  });
});
