import { describe, expect, it } from 'vitest';
import { enrolByTap } from '#server/testing/enrol.ts';
import { testCard } from '#server/testing/cards.ts';
import { snapshotFiles } from '#server/testing/files.ts';
import { operatorHub } from '#server/testing/operator-hub.ts';
import { request } from '#server/testing/test-hub.ts';

describe('operators edit what the mall names', () => {
  const ctx = operatorHub();
  const api = (path: string, init: { method?: string; body?: unknown } = {}) => ctx.hub.api(path, { ...init, cookie: ctx.cookie });

  it('renames the mall and adds, renames (with translations) and removes a zone, each audited', async () => {
    expect((await api('/api/mall', { method: 'PUT', body: { name: 'Riverside Galleria' } })).body.name).toBe('Riverside Galleria');

    const added = await api('/api/mall/zones', { body: { name: 'Roof terrace', names: { pl: 'Taras na dachu', cy: 'Teras y to' } } });
    expect(added.status).toBe(200);
    expect(added.body).toEqual({ id: 'roof-terrace', name: 'Roof terrace', names: { pl: 'Taras na dachu', cy: 'Teras y to' } });

    const renamed = await api('/api/mall/zones/roof-terrace', { method: 'PUT', body: { name: 'Sky terrace', names: { pl: 'Taras widokowy' } } });
    expect(renamed.body).toEqual({ id: 'roof-terrace', name: 'Sky terrace', names: { pl: 'Taras widokowy' } });
    const mall = (await api('/api/mall')).body;
    expect(mall.zones.find((z: { id: string }) => z.id === 'roof-terrace')).toEqual(renamed.body);

    expect((await api('/api/mall/zones/roof-terrace', { method: 'DELETE' })).status).toBe(200);
    expect((await api('/api/mall')).body.zones.map((z: { id: string }) => z.id)).not.toContain('roof-terrace');

    const today = new Date().toISOString().slice(0, 10);
    const audit = (await api(`/api/audit?from=${today}&to=${today}&action=mall.`)).body as { action: string; target?: string }[];
    expect(audit.map((a) => `${a.action} ${a.target ?? ''}`.trim())).toEqual(
      expect.arrayContaining(['mall.rename demo', 'mall.item.add zones/roof-terrace', 'mall.item.update zones/roof-terrace', 'mall.item.remove zones/roof-terrace']),
    );
  });

  it('refuses to remove what promotions, segments, devices or shops use, naming them, and changes nothing', async () => {
    const { device } = await ctx.hub.pair('screen', 'tech', 'Screen by the lifts', ctx.cookie);
    expect(device.zoneId).toBe('tech');
    const segment = await api('/api/segments', {
      body: { id: 'custom:bookworms', name: 'Bookworms', match: 'all', conditions: [{ kind: 'profile', field: 'interests', anyOf: ['books'] }] },
    });
    expect(segment.status).toBe(201);
    const before = await snapshotFiles(ctx.hub.dataRoot);

    const zone = await api('/api/mall/zones/food-court', { method: 'DELETE' });
    expect(zone.status).toBe(409);
    expect(zone.body.error).toMatch(/Food court is still used by .*promotion.*Flat white.*shops? \(Bean There Coffee, Noodle Bar\)/);
    const tech = await api('/api/mall/zones/tech', { method: 'DELETE' });
    expect(tech.status).toBe(409);
    expect(tech.body.error).toContain('1 device (Screen by the lifts)');
    const interest = await api('/api/mall/interests/books', { method: 'DELETE' });
    expect(interest.status).toBe(409);
    expect(interest.body.error).toContain('1 segment (Bookworms)');
    expect(interest.body.field).toBe('id');

    expect(await snapshotFiles(ctx.hub.dataRoot)).toEqual(before);
  });

  it('refuses bad names by field: duplicates (any case), empty names, unknown languages and lists', async () => {
    const before = await snapshotFiles(ctx.hub.dataRoot);
    const cases: [string, string, unknown, number, string | undefined][] = [
      ['post', '/api/mall/zones', { name: 'FOOD COURT' }, 409, 'name'],
      ['put', '/api/mall/zones/fashion', { name: 'Main entrance' }, 409, 'name'],
      ['post', '/api/mall/interests', { name: '   ' }, 400, 'name'],
      ['post', '/api/mall/areas', { name: 'Docks', names: { fr: 'Quais' } }, 400, 'names.fr'],
      ['post', '/api/mall/floors', { name: 'First floor' }, 404, undefined],
      ['put', '/api/mall/zones/nowhere', { name: 'Somewhere' }, 404, undefined],
      ['put', '/api/tenants/bean-there', { name: 'Noodle Bar', zoneId: 'food-court' }, 409, 'name'],
      ['put', '/api/tenants/bean-there', { name: 'Bean There', zoneId: 'attic' }, 400, 'zoneId'],
      ['put', '/api/mall', { name: '' }, 400, 'name'],
    ];
    for (const [method, path, body, status, field] of cases) {
      const res = await api(path, { method: method.toUpperCase(), body });
      expect(res.status, `${method} ${path}`).toBe(status);
      expect(res.body.field, `${method} ${path}`).toBe(field);
    }
    expect(await snapshotFiles(ctx.hub.dataRoot)).toEqual(before);
  });

  it('closes a shop: its users cannot sign in, its sessions and tokens stop, its data stays; reopening lets them back', async () => {
    const shopCookie = await ctx.hub.login('bean-there', 'atrium-demo');
    const token = (await ctx.hub.api('/api/tenants/bean-there/tokens', { body: { name: 'till system' }, cookie: ctx.cookie })).body.token as string;
    expect((await ctx.hub.api('/api/tenant/tokens', { token })).status).toBe(200);
    const socket = await ctx.hub.socket({}, shopCookie);
    const gone = new Promise<string>((resolve) => socket.once('disconnect', resolve));

    const closed = await api('/api/tenants/bean-there/close', { body: {} });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ id: 'bean-there', closed: true });
    await gone;
    expect((await ctx.hub.api('/api/auth/me', { cookie: shopCookie })).status).toBe(401);
    expect((await ctx.hub.api('/api/tenant/tokens', { token })).status).toBe(401);
    const login = await ctx.hub.api('/api/auth/login', { body: { username: 'bean-there', password: 'atrium-demo' } });
    expect(login.status).toBe(403);
    expect(login.body.error).toMatch(/shop is closed/);
    expect((await api('/api/mall')).body.tenants.find((t: { id: string }) => t.id === 'bean-there')).toMatchObject({ closed: true });

    expect((await api('/api/tenants/bean-there/reopen', { body: {} })).body.closed).toBeUndefined();
    expect(await ctx.hub.login('bean-there', 'atrium-demo')).toMatch(/^atrium_session=/);
  });

  it("shows a shopper the mall's names in their language: the pass page's visits, the phone join's choices", async () => {
    await api('/api/mall/zones/food-court', { method: 'PUT', body: { name: 'Food court', names: { pl: 'Strefa gastronomiczna' } } });
    await api('/api/mall/interests/coffee', { method: 'PUT', body: { name: 'Coffee', names: { pl: 'Kawa' } } });
    const kiosk = await ctx.hub.pair('kiosk', 'food-court', 'Kiosk', ctx.cookie);
    const socket = await ctx.hub.socket({ token: kiosk.token });
    const enrol = await enrolByTap(socket, testCard(77), { language: 'pl', consents: { analytics: false } });
    const pass = await ctx.hub.api(`/api/pass/${enrol.passId}`);
    expect(pass.body.recentVisits[0].zone).toBe('Strefa gastronomiczna');

    const link = await request<any>(socket, 'join:start', {});
    const join = await ctx.hub.api(`/api/join/${link.data.nonce}`);
    expect(join.body.interests.find((i: { id: string }) => i.id === 'coffee')).toEqual({ id: 'coffee', name: 'Coffee', names: { pl: 'Kawa' } });
  });
});
