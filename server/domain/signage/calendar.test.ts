import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '#server/testing/test-hub.ts';

/** The promotions calendar and the loop preview's playlist, through a real hub. */
describe('promotions calendar and a screen playlist for the loop preview', () => {
  let hub: TestHub;
  let operator: string;
  let lunchId: string;
  let screenId: string;

  beforeAll(async () => {
    hub = await startTestHub({ timezone: 'Europe/London' });
    operator = await hub.login();
    screenId = (await hub.pair('screen', 'food-court', 'Food court A', operator)).device.id;
    // Lunch on weekdays in the food court, 11:30–14:00, from Monday 30 Nov 2026 to Wednesday 2 Dec.
    const lunch = await hub.api('/api/promotions', {
      cookie: operator,
      body: { title: 'Lunch deal', zones: ['food-court'], priority: 9, schedule: { from: '2026-11-30', to: '2026-12-02', days: [1, 2, 3, 4, 5], dayParts: [{ start: '11:30', end: '14:00' }] } },
    });
    expect(lunch.status).toBe(201);
    lunchId = lunch.body.id;
    // Named screens only: reaches the food court through its one screen, evenings.
    const evening = await hub.api('/api/promotions', {
      cookie: operator,
      body: { title: 'Evening', screens: [screenId], schedule: { from: '2026-11-30', dayParts: [{ start: '18:00', end: '24:00' }] } },
    });
    expect(evening.status).toBe(201);
  });
  afterAll(() => hub.stop());

  it('cuts each day at the day-parts, and marks what overlaps', async () => {
    const res = await hub.api('/api/promotions/calendar?from=2026-11-29&days=3&zoneId=food-court', { cookie: operator });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ from: '2026-11-29', days: 3, timeZone: 'Europe/London' });
    const [zone] = res.body.zones;
    expect(zone).toMatchObject({ zoneId: 'food-court', name: 'Food court' });
    const titles = (slot: any) => slot.entries.map((e: any) => e.title);
    const view = (day: any) => day.slots.map((s: any) => [s.start, s.end, titles(s), s.overlap]);
    // Sunday 29 Nov: neither has started; the demo's all-day promotions fill the day.
    const always = ['Flat white, half price', 'Welcome to Riverside Galleria', 'Late-night shopping every Thursday'];
    expect(zone.days[0]).toMatchObject({ date: '2026-11-29', weekday: 0 });
    expect(view(zone.days[0])).toEqual([['00:00', '24:00', always, false]]);
    // Monday 30 Nov: lunch overlaps the coffee promotion at midday; the evening one (its screen) from 18:00.
    expect(view(zone.days[1])).toEqual([
      ['00:00', '11:30', always, false],
      ['11:30', '14:00', ['Lunch deal', ...always], true],
      ['14:00', '18:00', always, false],
      ['18:00', '24:00', ['Flat white, half price', 'Evening', ...always.slice(1)], true],
    ]);
    const evening = zone.days[1].slots[3].entries.find((e: any) => e.title === 'Evening');
    expect(evening).toMatchObject({ reach: 'screens', house: false, needsAudience: false });
    expect(zone.days[1].slots[1].entries[0]).toMatchObject({ promotionId: lunchId, reach: 'zone', priority: 9 });
  });

  it('shows every zone without a zone filter, from today on the mall clock', async () => {
    const res = await hub.api('/api/promotions/calendar', { cookie: operator });
    expect(res.status).toBe(200);
    expect(res.body.from).toBe(res.body.today);
    expect(res.body.zones.map((z: any) => z.zoneId)).toEqual(['entrance', 'food-court', 'fashion', 'tech']);
    expect(res.body.zones[0].days).toHaveLength(7);
  });

  it('refuses bad calendar input naming the field', async () => {
    for (const [q, status, field] of [
      ['from=2026-02-30', 400, 'from'],
      ['days=0', 400, 'days'],
      ['days=32', 400, 'days'],
      ['zoneId=atlantis', 404, 'zoneId'],
    ] as const) {
      expect(await hub.api(`/api/promotions/calendar?${q}`, { cookie: operator }), q).toMatchObject({ status, body: { field } });
    }
  });

  it("gives a screen's current playlist, and 404 for an unknown screen", async () => {
    const res = await hub.api(`/api/screens/${screenId}/playlist`, { cookie: operator });
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(res.body.items[0]).toHaveProperty('title');
    expect(await hub.api('/api/screens/no-such-screen/playlist', { cookie: operator })).toMatchObject({ status: 404, body: { field: 'id' } });
  });
});
