import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { operatorHub } from '#server/testing/operator-hub.ts';
import { enrolByTap } from '#server/testing/enrol.ts';

interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A webhook receiver on loopback that fails the first `failures` requests with 500. */
async function receiver(failures = 0): Promise<{ url: string; got: Received[]; close: () => Promise<void> }> {
  const got: Received[] = [];
  let seen = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen++;
      got.push({ headers: req.headers, body });
      res.statusCode = seen <= failures ? 500 : 204;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, got, close: () => new Promise((r) => server.close(() => r())) };
}

describe('webhooks', () => {
  // Its receivers listen on loopback: the test-only flag lets the hub reach them.
  const mall = operatorHub({ webhookRetrySeconds: [0.1, 0.1], testOnlyAllowLoopbackOutbound: true });

  it('delivers a signed visit.checked_in with no personal fields the shopper did not allow', async () => {
    const { hub, cookie } = mall;
    const rx = await receiver();
    const made = await hub.api('/api/webhooks', { cookie, body: { url: rx.url, events: ['visit.checked_in'] } });
    expect(made.status).toBe(200);
    const { secret, webhook } = made.body;
    const kiosk = await hub.socket({ token: (await hub.pair('kiosk', 'fashion')).token });
    const enrol = await enrolByTap(kiosk, '4111111111111111', { firstName: 'Zofia' });
    await expect.poll(() => rx.got.length).toBe(1);
    const [hit] = rx.got;
    expect(hit.headers['atrium-event']).toBe('visit.checked_in');
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(hit.headers['atrium-signature'])) ?? [];
    expect(v1).toBe(createHmac('sha256', secret).update(`${t}.${hit.body}`).digest('hex'));
    const payload = JSON.parse(hit.body);
    expect(payload).toMatchObject({ type: 'visit.checked_in', data: { zoneId: 'fashion', shopper: { language: 'en' } } });
    expect(hit.body).not.toContain('Zofia');
    expect(hit.body).not.toContain(enrol.passId);
    await expect.poll(async () => (await hub.api(`/api/webhooks/${webhook.id}/deliveries`, { cookie })).body[0]?.status).toBe('delivered');
    await rx.close();
  });

  it('retries a failing receiver with backoff, then logs the delivery', async () => {
    const { hub, cookie } = mall;
    const flaky = await receiver(2);
    const { webhook } = (await hub.api('/api/webhooks', { cookie, body: { url: flaky.url, events: ['shopper.enrolled'] } })).body;
    const ping = await hub.api(`/api/webhooks/${webhook.id}/ping`, { cookie, body: {} });
    expect(ping.body).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 500 });
    await expect.poll(async () => (await hub.api(`/api/webhooks/${webhook.id}/deliveries`, { cookie })).body[0]).toMatchObject({ status: 'delivered', attempts: 3, lastStatusCode: 204 });
    await flaky.close();

    const dead = await receiver(100);
    const hook2 = (await hub.api('/api/webhooks', { cookie, body: { url: dead.url, events: ['consent.changed'] } })).body.webhook;
    await hub.api(`/api/webhooks/${hook2.id}/ping`, { cookie, body: {} });
    await expect.poll(async () => (await hub.api(`/api/webhooks/${hook2.id}/deliveries`, { cookie })).body[0]).toMatchObject({ status: 'failed', attempts: 3, lastError: 'HTTP 500' });
    await dead.close();
  });

  it('refuses bad webhooks, naming the field, and audits what operators did', async () => {
    const { hub, cookie } = mall;
    const bad = async (body: unknown) => (await hub.api('/api/webhooks', { cookie, body })).body;
    expect(await bad({ url: 'ftp://example.com/x', events: ['visit.checked_in'] })).toMatchObject({ field: 'url' });
    expect(await bad({ url: 'http://127.0.0.1/x', events: [] })).toMatchObject({ field: 'events' });
    expect(await bad({ url: 'http://127.0.0.1/x', events: ['visit.deleted'] })).toMatchObject({ field: 'events.0' });
    expect(await bad({ url: 'http://127.0.0.1/x', events: ['visit.checked_in'], secret: 'mine' })).toMatchObject({ field: 'secret' });
    expect((await hub.api('/api/webhooks', { cookie })).body).toHaveLength(3);
    const today = new Date().toISOString().slice(0, 10);
    const audit = await hub.api(`/api/audit?from=${today}&to=${today}&action=webhook.`, { cookie });
    expect(audit.body.map((e: { action: string }) => e.action)).toContain('webhook.create');
    expect(audit.body[0]).toMatchObject({ actor: 'operator:operator' });
    expect((await hub.api(`/api/audit?from=${today}&to=2000-01-01`, { cookie })).body).toMatchObject({ field: 'to' });
  });
});
