import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCard } from '#server/testing/cards.ts';
import { enrolByTap } from '#server/testing/enrol.ts';
import { operatorHub } from '#server/testing/operator-hub.ts';
import { request } from '#server/testing/test-hub.ts';

describe('offers redeemed at the till', () => {
  const mall = operatorHub({ k: 2, testOnlyAllowLoopbackOutbound: true });
  let bean: string;
  let coffee: string;
  let fashion: string;
  const passes: string[] = [];
  const received: string[] = [];
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push(body);
      res.end();
    });
  });

  beforeAll(async () => {
    const { hub, cookie: operator } = mall;
    bean = await hub.login('bean-there', 'atrium-demo');
    const kiosk = await hub.socket({ token: (await hub.pair('kiosk', 'food-court', undefined, operator)).token });
    for (let i = 0; i < 2; i++) {
      passes.push((await enrolByTap(kiosk, testCard(i))).passId);
    }
    const promotions = (await hub.api('/api/promotions', { cookie: operator })).body as { id: string; title: string }[];
    coffee = promotions.find((p) => p.title === 'Flat white, half price')!.id;
    fashion = promotions.find((p) => p.title.startsWith('New season'))!.id;
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    await hub.api('/api/webhooks', { cookie: operator, body: { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`, events: ['promotion.redeemed'] } });
  });
  afterAll(() => {
    receiver.close();
  });

  const scan = (passId: string, promotionId?: string, visitId = randomUUID()) =>
    mall.hub.api('/api/till/visits', { cookie: bean, body: { visitId, passId, ...(promotionId ? { promotionId } : {}) } });

  it('lists the shop’s running offers and redeems one once per shopper', async () => {
    const { hub } = mall;
    expect((await hub.api('/api/till/offers', { cookie: bean })).body).toEqual([{ id: coffee, title: 'Flat white, half price' }]);
    const visitId = randomUUID();
    expect((await scan(passes[0], coffee, visitId)).body).toEqual({ recorded: true, redeemed: true });
    // The same scan sent again (a retry) neither records nor redeems twice, and says the offer is
    // redeemed (a till that lost the first answer shows what happened).
    expect((await scan(passes[0], coffee, visitId)).body).toEqual({ recorded: false, redeemed: true });
    // Asked again: not redeemed, with the reason, and no error (the scan itself is fine).
    const again = await scan(passes[0], coffee);
    expect(again).toMatchObject({ status: 200, body: { redeemed: false, refused: 'this shopper has already redeemed this offer' } });
    // Another shopper may still redeem it.
    expect((await scan(passes[1], coffee)).body).toEqual({ recorded: true, redeemed: true });
    await expect.poll(() => received.length).toBe(2);
    const hook = JSON.parse(received[0]);
    expect(hook).toMatchObject({ type: 'promotion.redeemed', data: { promotionId: coffee, tenantId: 'bean-there' } });
    expect(received[0]).not.toContain(passes[0]);
  });

  it('reports each offer’s plays and redemptions to the shop', async () => {
    const { hub, cookie: operator } = mall;
    const screen = await hub.pair('screen', 'food-court', undefined, operator);
    const socket = await hub.socket({ token: screen.token });
    const now = new Date().toISOString();
    const receipt = await request<any>(socket, 'impressions:report', {
      screenId: screen.device.id,
      impressions: [1, 2, 3].map((seq) => ({ seq, promotionId: coffee, startedAt: now, durationMs: 10_000 })),
    });
    expect(receipt).toMatchObject({ ok: true, data: { stored: 3 } });
    const today = now.slice(0, 10);
    const report = (await hub.api(`/api/tenant/reports?from=${today}&to=${today}&liftHours=2`, { cookie: bean })).body;
    const effect = report.promotions.find((p: { promotionId: string }) => p.promotionId === coffee);
    expect(effect).toMatchObject({ title: 'Flat white, half price', impressions: 3, impressionsByDay: [{ date: today, count: 3 }], redemptions: { value: 2, suppressed: false } });
    expect(report.liftHours).toBe(2);
    // Only the shop's own promotions appear.
    expect(report.promotions.every((p: { promotionId: string }) => p.promotionId !== fashion)).toBe(true);
    const csv = await fetch(`${hub.url}/api/tenant/reports.csv?from=${today}&to=${today}&table=promotions`, { headers: { cookie: bean } });
    expect(await csv.text()).toContain('"Flat white, half price",3,2,');
  });

  it('refuses another shop’s offer and a foreign pass, recording nothing; a stopped offer is refused but the visit counts', async () => {
    const { hub, cookie: operator } = mall;
    const visits = async () => (await hub.api('/api/health', { cookie: operator })).body.counts.visits;
    const before = await visits();
    expect(await scan(passes[1], fashion)).toMatchObject({ status: 404, body: { field: 'promotionId' } });
    expect(await scan('B'.repeat(22), coffee)).toMatchObject({ status: 404, body: { field: 'passId' } });
    const ended = await hub.api('/api/promotions', {
      cookie: operator,
      body: { title: 'Last week only', tenantId: 'bean-there', schedule: { from: '2025-01-01', to: '2025-01-07' } },
    });
    expect(ended.status).toBe(201);
    expect(await visits()).toBe(before);
    expect(await scan(passes[1], ended.body.id)).toMatchObject({ status: 200, body: { redeemed: false, refused: 'this offer is not running today' } });
    const archived = await hub.api('/api/promotions', { cookie: operator, body: { title: 'Gone', tenantId: 'bean-there', schedule: { from: '2025-01-01' } } });
    await hub.api(`/api/promotions/${archived.body.id}/archive`, { cookie: operator, body: {} });
    expect(await scan(passes[1], archived.body.id)).toMatchObject({ status: 200, body: { redeemed: false, refused: 'this offer is not running today' } });
  });
});
