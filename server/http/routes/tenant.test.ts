import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCard } from '#server/testing/cards.ts';
import { enrolByTap } from '#server/testing/enrol.ts';
import { startTestHub, type TestHub } from '#server/testing/test-hub.ts';

describe('tenants: till visits, reports, CSV, API tokens and isolation', () => {
  let hub: TestHub;
  let bean: string;
  let noodle: string;
  const passes: string[] = [];
  const today = new Date().toISOString().slice(0, 10);

  beforeAll(async () => {
    hub = await startTestHub({ k: 3, timezone: 'UTC' });
    await hub.services.accounts.createUser({ username: 'noodle', password: 'noodle-pass', role: 'tenant', tenantId: 'noodle-bar' });
    const kiosk = await hub.socket({ token: (await hub.pair('kiosk', 'entrance')).token });
    for (let i = 0; i < 4; i++) {
      passes.push((await enrolByTap(kiosk, testCard(i), { consents: { analytics: i < 3 }, ageBand: '25-34' })).passId);
    }
    bean = await hub.login('bean-there', 'atrium-demo');
    noodle = await hub.login('noodle', 'noodle-pass');
  });
  afterAll(() => hub.stop());

  it('records a till visit once per visit id and says nothing about the shopper', async () => {
    const visitId = randomUUID();
    const first = await hub.api('/api/till/visits', { cookie: bean, body: { visitId, passId: passes[0] } });
    expect(first).toMatchObject({ status: 200, body: { recorded: true, redeemed: false } });
    expect(Object.keys(first.body).sort()).toEqual(['recorded', 'redeemed']);
    const again = await hub.api('/api/till/visits', { cookie: bean, body: { visitId, passId: passes[0] } });
    expect(again.body).toEqual({ recorded: false, redeemed: false });
    for (const passId of passes.slice(1)) {
      expect((await hub.api('/api/till/visits', { cookie: bean, body: { visitId: randomUUID(), passId } })).body).toEqual({ recorded: true, redeemed: false });
    }
  });

  it('reports only consenting shoppers, once K is reached', async () => {
    const res = await hub.api(`/api/tenant/reports?from=${today}&to=${today}&granularity=day`, { cookie: bean });
    expect(res.status).toBe(200);
    // Four passes scanned, one without analytics consent: three counted, K = 3.
    expect(res.body.summary.visits).toEqual({ value: 3, suppressed: false });
    expect(res.body.summary.uniqueVisitors).toEqual({ value: 3, suppressed: false });
    expect(res.body.mix.ageBand).toEqual([{ key: '25-34', visitors: { value: 3, suppressed: false } }]);
  });

  it('exports a table as CSV with a byte-order mark and quoting', async () => {
    const res = await fetch(`${hub.url}/api/tenant/reports.csv?from=${today}&to=${today}&granularity=day&table=summary`, { headers: { cookie: bean } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    expect(text.split('\r\n')[1]).toBe('Visits,3,0');
  });

  it('serves the same numbers to a shop API token, until it is revoked', async () => {
    const created = await hub.api('/api/tenant/tokens', { cookie: bean, body: { name: 'Back office' } });
    expect(created.status).toBe(200);
    const { token, apiToken } = created.body;
    const viaToken = await hub.api(`/api/tenant/reports?from=${today}&to=${today}`, { token });
    const viaSession = await hub.api(`/api/tenant/reports?from=${today}&to=${today}`, { cookie: bean });
    expect(viaToken.body).toEqual(viaSession.body);
    // Another shop cannot see or revoke it.
    expect((await hub.api('/api/tenant/tokens', { cookie: noodle })).body).toEqual([]);
    expect((await hub.api(`/api/tenant/tokens/${apiToken.id}/revoke`, { cookie: noodle, body: {} })).status).toBe(404);
    expect((await hub.api(`/api/tenant/tokens/${apiToken.id}/revoke`, { cookie: bean, body: {} })).status).toBe(200);
    expect((await hub.api(`/api/tenant/reports?from=${today}&to=${today}`, { token })).status).toBe(401);
  });

  it('keeps each shop to its own numbers', async () => {
    const res = await hub.api(`/api/tenant/reports?from=${today}&to=${today}`, { cookie: noodle });
    expect(res.body.tenantId).toBe('noodle-bar');
    expect(res.body.summary.visits).toEqual({ value: 0, suppressed: false });
    // No route takes a shop id from the caller: extra parameters are refused.
    const foreign = await hub.api(`/api/tenant/reports?from=${today}&to=${today}&tenantId=bean-there`, { cookie: noodle });
    expect(foreign.status).toBe(400);
    expect(JSON.stringify(foreign.body)).not.toContain('"visits"');
  });

  it('refuses other roles', async () => {
    const operator = await hub.login();
    expect((await hub.api(`/api/tenant/reports?from=${today}&to=${today}`, { cookie: operator })).status).toBe(403);
    expect((await hub.api('/api/till/visits', { cookie: operator, body: { visitId: randomUUID(), passId: passes[0] } })).status).toBe(403);
    expect((await hub.api(`/api/tenant/reports?from=${today}&to=${today}`)).status).toBe(401);
  });

  it('rejects bad periods and passes, naming the field, recording nothing', async () => {
    const bad = async (q: string) => (await hub.api(`/api/tenant/reports?${q}`, { cookie: bean })).body;
    expect(await bad('from=2026-05-02&to=2026-05-01')).toMatchObject({ field: 'to' });
    expect(await bad('from=2020-01-01&to=2026-01-01')).toMatchObject({ field: 'to' });
    expect(await bad(`from=${today}&to=${today}&granularity=hour`)).toMatchObject({ field: 'granularity' });
    expect(await bad(`from=yesterday&to=${today}`)).toMatchObject({ field: 'from' });
    expect(await bad(`to=${today}`)).toMatchObject({ field: 'from' });
    const unknown = await hub.api('/api/till/visits', { cookie: bean, body: { visitId: randomUUID(), passId: 'A'.repeat(22) } });
    expect(unknown).toMatchObject({ status: 404, body: { field: 'passId' } });
    const malformed = await hub.api('/api/till/visits', { cookie: bean, body: { visitId: 'nope', passId: passes[0] } });
    expect(malformed).toMatchObject({ status: 400, body: { field: 'visitId' } });
    const after = await hub.api(`/api/tenant/reports?from=${today}&to=${today}`, { cookie: bean });
    expect(after.body.summary.visits.value).toBe(3);
  });

  it('publishes an OpenAPI document generated from the shared schemas', async () => {
    const doc = (await hub.api('/api/openapi.json')).body;
    expect(doc.openapi).toBe('3.1.0');
    const get = doc.paths['/api/tenant/reports'].get;
    expect(get.parameters.map((p: { name: string }) => p.name)).toEqual(['from', 'to', 'granularity', 'liftHours']);
    expect(get.responses[200].content['application/json'].schema.properties.summary).toBeDefined();
  });
});
