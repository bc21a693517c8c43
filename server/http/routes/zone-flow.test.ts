import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolByTap } from '#server/testing/enrol.ts';
import { request, startTestHub, type ClientSocket, type TestHub } from '#server/testing/test-hub.ts';

// Monday 2 November 2026, 10:00 in London (UTC in November).
let clock = Date.parse('2026-11-02T10:00:00Z');

describe('GET /api/reports/zone-flow', () => {
  let hub: TestHub;
  let cookie: string;
  const kiosks: Record<string, ClientSocket> = {};

  beforeAll(async () => {
    hub = await startTestHub({ k: 2, timezone: 'Europe/London' }, undefined, { now: () => clock });
    cookie = await hub.login();
    for (const zone of ['entrance', 'food-court', 'fashion']) kiosks[zone] = await hub.socket({ token: (await hub.pair('kiosk', zone, zone, cookie)).token });
  });
  afterAll(() => hub.stop());

  const tap = async (zone: string, card: string) => {
    const ack = await request<any>(kiosks[zone], 'checkin:tap', { visitId: randomUUID(), card });
    expect(ack.ok, JSON.stringify(ack)).toBe(true);
  };

  it('shows the moves real check-ins made, zone to zone, and hides what fewer than K shoppers did', async () => {
    // Three shoppers join at the entrance; two walk on to the food court, one of them then to fashion.
    const cards = ['04A1A1A1A1A101', '04A1A1A1A1A102', '04A1A1A1A1A103'];
    for (const card of cards) await enrolByTap(kiosks.entrance, card);
    clock += 10 * 60_000;
    await tap('food-court', cards[0]);
    await tap('food-court', cards[1]);
    clock += 10 * 60_000;
    await tap('fashion', cards[0]);
    // A second tap at the same kiosk is the same visit, not a move.
    await tap('fashion', cards[0]);

    const res = await hub.api('/api/reports/zone-flow?from=2026-11-02&to=2026-11-08', { cookie });
    expect(res.status).toBe(200);
    const r = res.body;
    expect(r.zones.map((z: { id: string }) => z.id)).toEqual(['entrance', 'food-court', 'fashion', 'tech']);
    const at = (from: string, to: string) => r.cells[r.zones.findIndex((z: any) => z.id === from)][r.zones.findIndex((z: any) => z.id === to)];
    // food court → fashion is one shopper: hidden, with its row and column totals. The total (3)
    // minus the entrance's row (2) would give the food court's row away, so the entrance's row is
    // hidden too, and then entrance → food court, the only other move in that row. By hand.
    expect(at('food-court', 'fashion')).toEqual({ value: null, suppressed: true });
    expect(r.from).toEqual([{ value: null, suppressed: true }, { value: null, suppressed: true }, { value: 0, suppressed: false }, { value: 0, suppressed: false }]);
    expect(r.to[2]).toEqual({ value: null, suppressed: true });
    expect(at('entrance', 'food-court')).toEqual({ value: null, suppressed: true });
    expect(r.total).toEqual({ value: 3, suppressed: false });
    // Monday at 10:00 alone: the same moves, hidden alike.
    const mondayTen = (await hub.api('/api/reports/zone-flow?from=2026-11-02&to=2026-11-08&weekday=0&hour=10', { cookie })).body;
    expect(mondayTen.cells).toEqual(r.cells);
    expect(mondayTen.total).toEqual({ value: 3, suppressed: false });
    expect((await hub.api('/api/reports/zone-flow?from=2026-11-02&to=2026-11-08&weekday=1', { cookie })).body.total).toEqual({ value: 0, suppressed: false });
  });

  it('refuses bad queries naming the field, and shops may not read it', async () => {
    const bad = async (q: string) => (await hub.api(`/api/reports/zone-flow?${q}`, { cookie })).body;
    expect(await bad('from=2026-11-08&to=2026-11-02')).toMatchObject({ field: 'to' });
    expect(await bad('from=2026-11-02&to=2026-11-08&weekday=7')).toMatchObject({ field: 'weekday' });
    expect(await bad('from=2026-11-02&to=2026-11-08&hour=ten')).toMatchObject({ field: 'hour' });
    expect(await bad('from=yesterday&to=2026-11-08')).toMatchObject({ field: 'from' });
    const shop = await hub.login('bean-there', 'atrium-demo');
    expect((await hub.api('/api/reports/zone-flow?from=2026-11-02&to=2026-11-08', { cookie: shop })).status).toBe(403);
  });
});
