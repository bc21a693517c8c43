import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, startTestHub, type ClientSocket, type TestHub } from '#server/testing/test-hub.ts';

/**
 * The proof-of-play report against a fixture worked out by hand. The mall runs on New York time
 * (UTC-5 in November), so UTC hours near midnight fall on the day before or after: the report must
 * bucket by the mall's days and hours, not UTC's.
 */
describe('proof-of-play report, through a real hub', () => {
  let hub: TestHub;
  let operator: string;
  let shop: string;
  let a: { id: string; socket: ClientSocket };
  let b: { id: string; socket: ClientSocket };
  const ids = { coffee: '', fashion: '', welcome: '', formula: '' };
  const RANGE = 'from=2026-11-23&to=2026-11-24';

  beforeAll(async () => {
    hub = await startTestHub({ timezone: 'America/New_York' });
    operator = await hub.login();
    shop = await hub.login('bean-there', 'atrium-demo');
    const pairA = await hub.pair('screen', 'food-court', 'Food court A', operator);
    const pairB = await hub.pair('screen', 'fashion', 'Fashion B', operator);
    a = { id: pairA.device.id, socket: await hub.socket({ token: pairA.token }) };
    b = { id: pairB.device.id, socket: await hub.socket({ token: pairB.token }) };
    const byTitle = (t: string) => hub.services.promotions.list().find((p) => p.title.startsWith(t))!.id;
    ids.coffee = byTitle('Flat white');
    ids.fashion = byTitle('New season');
    ids.welcome = byTitle('Welcome to');
    // A title a spreadsheet would run as a formula: the CSV must neutralise it.
    const made = await hub.api('/api/promotions', { cookie: operator, body: { title: '=HYPERLINK("http://x")', schedule: { from: '2026-01-01' }, house: true } });
    expect(made.status).toBe(201);
    ids.formula = made.body.id;

    const play = (promotionId: string, startedAt: string, seq: number) => ({ seq, promotionId, startedAt, durationMs: 10_000 });
    const onA = [
      play(ids.coffee, '2026-11-23T04:30:00.000Z', 1), // 22 Nov 23:30 local: before the range
      play(ids.coffee, '2026-11-23T05:10:00.000Z', 2), // 23 Nov 00:10
      play(ids.coffee, '2026-11-23T05:50:00.000Z', 3), // 23 Nov 00:50
      play(ids.welcome, '2026-11-23T15:00:00.000Z', 4), // 23 Nov 10:00
      play(ids.coffee, '2026-11-25T04:59:00.000Z', 5), // 24 Nov 23:59
      play(ids.coffee, '2026-11-25T05:00:00.000Z', 6), // 25 Nov 00:00: after the range
    ];
    const onB = [
      play(ids.fashion, '2026-11-23T15:20:00.000Z', 1), // 23 Nov 10:20
      play(ids.formula, '2026-11-24T14:00:00.000Z', 2), // 24 Nov 09:00
      play(ids.fashion, '2026-11-24T20:00:00.000Z', 3), // 24 Nov 15:00
      play(ids.welcome, '2026-11-24T20:30:00.000Z', 4), // 24 Nov 15:30
    ];
    expect(await request<any>(a.socket, 'impressions:report', { screenId: a.id, impressions: onA })).toMatchObject({ ok: true, data: { stored: 6 } });
    expect(await request<any>(b.socket, 'impressions:report', { screenId: b.id, impressions: onB })).toMatchObject({ ok: true, data: { stored: 4 } });
  });
  afterAll(() => hub.stop());

  it('counts impressions per promotion, screen, zone, local hour and local day', async () => {
    const res = await hub.api(`/api/proof-of-play/report?${RANGE}`, { cookie: operator });
    expect(res.status).toBe(200);
    const r = res.body;
    expect(r).toMatchObject({ from: '2026-11-23', to: '2026-11-24', timeZone: 'America/New_York', total: 8 });
    const counts = (list: { id: string; count: number }[]) => Object.fromEntries(list.map((x) => [x.id, x.count]));
    expect(counts(r.byPromotion)).toEqual({ [ids.coffee]: 3, [ids.fashion]: 2, [ids.welcome]: 2, [ids.formula]: 1 });
    expect(r.byPromotion[0]).toEqual({ id: ids.coffee, name: 'Flat white, half price', count: 3 });
    expect(counts(r.byScreen)).toEqual({ [a.id]: 4, [b.id]: 4 });
    expect(r.byScreen.find((s: any) => s.id === a.id)).toEqual({ id: a.id, name: 'Food court A', zoneId: 'food-court', count: 4 });
    expect(r.byZone).toEqual([
      { id: 'fashion', name: 'Fashion wing', count: 4 },
      { id: 'food-court', name: 'Food court', count: 4 },
    ]);
    const hours = new Array(24).fill(0);
    hours[0] = 2;
    hours[9] = 1;
    hours[10] = 2;
    hours[15] = 2;
    hours[23] = 1;
    expect(r.byHour).toEqual(hours);
    expect(r.byDay).toEqual([
      { date: '2026-11-23', count: 4 },
      { date: '2026-11-24', count: 4 },
    ]);
  });

  it('filters by promotion, screen and zone, each alone and together', async () => {
    const total = async (q: string) => (await hub.api(`/api/proof-of-play/report?${RANGE}&${q}`, { cookie: operator })).body.total;
    expect(await total(`promotionId=${ids.coffee}`)).toBe(3);
    expect(await total(`screenId=${b.id}`)).toBe(4);
    expect(await total('zoneId=food-court')).toBe(4);
    expect(await total('zoneId=tech')).toBe(0);
    expect(await total(`zoneId=fashion&promotionId=${ids.welcome}`)).toBe(1);
    expect(await total(`screenId=${a.id}&promotionId=${ids.fashion}`)).toBe(0);
    // One day only: the 23rd, local.
    expect((await hub.api(`/api/proof-of-play/report?from=2026-11-23&to=2026-11-23`, { cookie: operator })).body.total).toBe(4);
    // The day before holds the 23:30 play that UTC would have put on the 23rd.
    const before = (await hub.api(`/api/proof-of-play/report?from=2026-11-22&to=2026-11-22`, { cookie: operator })).body;
    expect(before.total).toBe(1);
    expect(before.byHour[23]).toBe(1);
  });

  it('gives the detail as CSV, one line per date, hour, promotion and screen, formulas neutralised', async () => {
    const res = await hub.api(`/api/proof-of-play/report.csv?${RANGE}`, { cookie: operator });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="proof-of-play-mall-2026-11-23-to-2026-11-24.csv"');
    const text: string = res.body;
    // (fetch's text() drops the byte-order mark the hub sends first.)
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('date,hour (America/New_York),promotion id,promotion,screen id,screen,zone id,zone,impressions');
    expect(lines.slice(1).sort()).toEqual(
      [
        `2026-11-23,00:00,${ids.coffee},"Flat white, half price",${a.id},Food court A,food-court,Food court,2`,
        `2026-11-23,10:00,${ids.welcome},Welcome to Riverside Galleria,${a.id},Food court A,food-court,Food court,1`,
        `2026-11-23,10:00,${ids.fashion},New season at Threadline,${b.id},Fashion B,fashion,Fashion wing,1`,
        `2026-11-24,09:00,${ids.formula},"'=HYPERLINK(""http://x"")",${b.id},Fashion B,fashion,Fashion wing,1`,
        `2026-11-24,15:00,${ids.fashion},New season at Threadline,${b.id},Fashion B,fashion,Fashion wing,1`,
        `2026-11-24,15:00,${ids.welcome},Welcome to Riverside Galleria,${b.id},Fashion B,fashion,Fashion wing,1`,
        `2026-11-24,23:00,${ids.coffee},"Flat white, half price",${a.id},Food court A,food-court,Food court,1`,
      ].sort(),
    );
  });

  it("a shop sees only its own promotions' plays, and another shop's promotion is unknown to it", async () => {
    const mine = await hub.api(`/api/tenant/proof-of-play?${RANGE}`, { cookie: shop });
    expect(mine.status).toBe(200);
    expect(mine.body.total).toBe(3);
    expect(mine.body.byPromotion.map((p: any) => p.id)).toEqual([ids.coffee]);
    const theirs = await hub.api(`/api/tenant/proof-of-play?${RANGE}&promotionId=${ids.fashion}`, { cookie: shop });
    expect(theirs).toMatchObject({ status: 404, body: { field: 'promotionId' } });
    const csv: string = (await hub.api(`/api/tenant/proof-of-play.csv?${RANGE}`, { cookie: shop })).body;
    expect(csv.trimEnd().split('\r\n')).toHaveLength(3);
    expect(csv).not.toContain('Threadline');
    // The operators' report is not the shop's door.
    expect((await hub.api(`/api/proof-of-play/report?${RANGE}`, { cookie: shop })).status).toBe(403);
  });

  it('refuses bad input with a 4xx naming the field', async () => {
    const cases: [string, number, string][] = [
      ['from=2026-13-01&to=2026-11-24', 400, 'from'],
      ['from=2026-11-23', 400, 'to'],
      ['from=2026-11-24&to=2026-11-23', 400, 'to'],
      ['from=2024-01-01&to=2026-11-24', 400, 'to'],
      [`${RANGE}&promotionId=no-such-promotion`, 404, 'promotionId'],
      [`${RANGE}&promotionId=bad id!`, 400, 'promotionId'],
      [`${RANGE}&screenId=no-such-screen`, 404, 'screenId'],
      [`${RANGE}&zoneId=no-such-zone`, 404, 'zoneId'],
      [`${RANGE}&colour=red`, 400, 'colour'],
    ];
    for (const [q, status, field] of cases) {
      const res = await hub.api(`/api/proof-of-play/report?${q}`, { cookie: operator });
      expect(res, q).toMatchObject({ status, body: { field } });
    }
  });

  it('counts plays reported after the first report (the hour index follows new hours)', async () => {
    await hub.api(`/api/proof-of-play/report?${RANGE}`, { cookie: operator });
    const late = { seq: 7, promotionId: ids.coffee, startedAt: '2026-11-24T12:00:00.000Z', durationMs: 10_000 };
    expect(await request<any>(a.socket, 'impressions:report', { screenId: a.id, impressions: [late] })).toMatchObject({ ok: true, data: { stored: 1 } });
    const r = (await hub.api(`/api/proof-of-play/report?${RANGE}`, { cookie: operator })).body;
    expect(r.total).toBe(9);
    expect(r.byHour[7]).toBe(1);
  });
});
