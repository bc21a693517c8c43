import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { operatorHub } from '#server/testing/operator-hub.ts';

describe("operators and shops' API tokens", () => {
  const mall = operatorHub();
  let bean: string;
  const today = new Date().toISOString().slice(0, 10);
  const report = `/api/tenant/reports?from=${today}&to=${today}`;

  beforeAll(async () => {
    bean = await mall.hub.login('bean-there', 'atrium-demo');
  });

  it("lists a shop's tokens with name, dates and state, never the token or its hash", async () => {
    const { hub, cookie: operator } = mall;
    const made = await hub.api('/api/tenant/tokens', { cookie: bean, body: { name: 'Back office' } });
    expect(made.status).toBe(200);
    expect((await hub.api(report, { token: made.body.token })).status).toBe(200);
    const list = await hub.api('/api/tenants/bean-there/tokens', { cookie: operator });
    expect(list.status).toBe(200);
    expect(list.body).toEqual([
      { id: made.body.apiToken.id, name: 'Back office', createdAt: expect.any(String), lastUsedAt: expect.any(String), revoked: false, revokedAt: null },
    ]);
    const text = JSON.stringify(list.body);
    expect(text).not.toContain(made.body.token);
    expect(text).not.toMatch(/hash/i);
    // Another shop's list does not show it.
    expect((await hub.api('/api/tenants/noodle-bar/tokens', { cookie: operator })).body).toEqual([]);
  });

  it('revokes a shop token: the report API refuses it at once, and the audit log says who', async () => {
    const { hub, cookie: operator } = mall;
    const made = await hub.api('/api/tenant/tokens', { cookie: bean, body: { name: 'Leaked laptop' } });
    const { token, apiToken } = made.body;
    expect((await hub.api(report, { token })).status).toBe(200);
    // The wrong shop in the path finds nothing and revokes nothing.
    const wrongShop = await hub.api(`/api/tenants/noodle-bar/tokens/${apiToken.id}/revoke`, { cookie: operator, body: {} });
    expect(wrongShop).toMatchObject({ status: 404, body: { field: 'tokenId' } });
    expect((await hub.api(report, { token })).status).toBe(200);

    const revoked = await hub.api(`/api/tenants/bean-there/tokens/${apiToken.id}/revoke`, { cookie: operator, body: {} });
    expect(revoked).toMatchObject({ status: 200, body: { id: apiToken.id, revoked: true, revokedAt: expect.any(String) } });
    expect((await hub.api(report, { token })).status).toBe(401);
    // The shop sees it revoked in its own list too.
    const own = (await hub.api('/api/tenant/tokens', { cookie: bean })).body as { id: string; revoked: boolean }[];
    expect(own.find((t) => t.id === apiToken.id)?.revoked).toBe(true);

    const audit = await hub.api(`/api/audit?from=${today}&to=${today}&action=api-token.revoke`, { cookie: operator });
    expect(audit.body).toContainEqual(expect.objectContaining({ actor: 'operator:operator', action: 'api-token.revoke', target: `bean-there/${apiToken.id}` }));
  });

  it('creates a token on behalf of a shop, shown once, that works for that shop only', async () => {
    const { hub, cookie: operator } = mall;
    const made = await hub.api('/api/tenants/noodle-bar/tokens', { cookie: operator, body: { name: 'Till vendor' } });
    expect(made.status).toBe(200);
    expect(made.body.token).toMatch(/^atr_/);
    const res = await hub.api(report, { token: made.body.token });
    expect(res).toMatchObject({ status: 200, body: { tenantId: 'noodle-bar' } });
    const listed = (await hub.api('/api/tenants/noodle-bar/tokens', { cookie: operator })).body;
    expect(JSON.stringify(listed)).not.toContain(made.body.token);
    const audit = await hub.api(`/api/audit?from=${today}&to=${today}&action=api-token.create`, { cookie: operator });
    expect(audit.body).toContainEqual(expect.objectContaining({ target: `noodle-bar/${made.body.apiToken.id}` }));
    // Only the hash reaches the disk.
    await hub.store.flush();
    expect(await readFile(join(hub.dataRoot, 'demo', 'accounts.json'), 'utf8')).not.toContain(made.body.token);
  });

  it('refuses bad input naming the field, and changes nothing', async () => {
    const { hub, cookie: operator } = mall;
    const before = (await hub.api('/api/tenants/bean-there/tokens', { cookie: operator })).body;
    expect(await hub.api('/api/tenants/bean-there/tokens', { cookie: operator, body: { name: '' } })).toMatchObject({ status: 400, body: { field: 'name' } });
    expect(await hub.api('/api/tenants/bean-there/tokens', { cookie: operator, body: { name: 'x'.repeat(61) } })).toMatchObject({ status: 400, body: { field: 'name' } });
    expect(await hub.api('/api/tenants/bean-there/tokens', { cookie: operator, body: { name: 'ok', tenantId: 'noodle-bar' } })).toMatchObject({ status: 400 });
    expect(await hub.api('/api/tenants/no-such-shop/tokens', { cookie: operator, body: { name: 'ok' } })).toMatchObject({ status: 404, body: { field: 'id' } });
    expect(await hub.api('/api/tenants/no-such-shop/tokens', { cookie: operator })).toMatchObject({ status: 404, body: { field: 'id' } });
    expect(await hub.api('/api/tenants/bean-there/tokens/not-a-uuid/revoke', { cookie: operator, body: {} })).toMatchObject({ status: 404, body: { field: 'tokenId' } });
    expect(await hub.api(`/api/tenants/bean-there/tokens/${randomUUID()}/revoke`, { cookie: operator, body: {} })).toMatchObject({ status: 404, body: { field: 'tokenId' } });
    expect((await hub.api('/api/tenants/bean-there/tokens', { cookie: operator })).body).toEqual(before);
  });

  it('is for operators only: a shop user gets 403, even for its own shop', async () => {
    const { hub } = mall;
    expect((await hub.api('/api/tenants/bean-there/tokens', { cookie: bean })).status).toBe(403);
    expect((await hub.api('/api/tenants/bean-there/tokens', { cookie: bean, body: { name: 'sneaky' } })).status).toBe(403);
    const own = (await hub.api('/api/tenant/tokens', { cookie: bean })).body as { id: string }[];
    expect((await hub.api(`/api/tenants/bean-there/tokens/${own[0].id}/revoke`, { cookie: bean, body: {} })).status).toBe(403);
  });
});
