import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { snapshotFiles } from '#server/testing/files.ts';
import { operatorHub } from '#server/testing/operator-hub.ts';
import { enrolShopper, pairMany } from '#server/testing/signage.ts';
import { request, type ClientSocket } from '#server/testing/test-hub.ts';

const coffee = { match: 'all', conditions: [{ kind: 'profile', field: 'interests', anyOf: ['coffee'] }] };
const books = { match: 'all', conditions: [{ kind: 'profile', field: 'interests', anyOf: ['books'] }] };
const today = () => new Date().toISOString().slice(0, 10);

describe('editing and deleting custom segments', () => {
  const mall = operatorHub();
  let screen: ClientSocket;
  beforeAll(async () => {
    const { hub, cookie } = mall;
    const [kiosk] = await pairMany(hub.services, 'kiosk', 'food-court', 1);
    const [display] = await pairMany(hub.services, 'screen', 'food-court', 1);
    const k = await hub.socket({ token: kiosk.token });
    for (let i = 0; i < 5; i++) expect((await enrolShopper(k, { interests: ['coffee'] })).ok).toBe(true);
    screen = await hub.socket({ token: display.token });
    expect((await hub.api('/api/segments', { body: { id: 'custom:regulars', name: 'Regulars', ...coffee }, cookie })).status).toBe(201);
  });

  const live = async (id: string) => (await mall.hub.api('/api/segments/live', { cookie: mall.cookie })).body.counts[id];
  const showing = async (promotionId: string) =>
    (await request<any>(screen, 'playlist:get', {})).data.items.some((i: { promotionId: string | null }) => i.promotionId === promotionId);
  const audit = async () => (await mall.hub.api(`/api/audit?from=${today()}&to=${today()}`, { cookie: mall.cookie })).body as { action: string; target?: string }[];

  it('an edit keeps the id, changes live counts and playlists at once, and is audited', async () => {
    const { hub, cookie } = mall;
    const promo = await hub.api('/api/promotions', {
      body: { title: 'Regulars’ espresso', segments: ['custom:regulars'], minAudience: 5, audienceScope: 'mall', priority: 10, schedule: { from: '2026-01-01' } },
      cookie,
    });
    expect(promo.status).toBe(201);
    await expect.poll(() => live('custom:regulars')).toBe(5);
    await expect.poll(() => showing(promo.body.id)).toBe(true);

    const res = await hub.api('/api/segments/custom:regulars', { method: 'PUT', body: { name: 'Book lovers', ...books }, cookie });
    expect(res).toMatchObject({ status: 200, body: { id: 'custom:regulars', name: 'Book lovers', conditions: books.conditions } });
    expect((await hub.api('/api/segments', { cookie })).body).toEqual([{ id: 'custom:regulars', name: 'Book lovers', ...books }]);
    await expect.poll(() => live('custom:regulars')).toBeNull();
    await expect.poll(() => showing(promo.body.id)).toBe(false);
    expect(await audit()).toContainEqual(expect.objectContaining({ action: 'segment.update', target: 'custom:regulars', actor: expect.any(String) }));

    // Back to coffee: counted and shown again without anyone checking in.
    expect((await hub.api('/api/segments/custom%3Aregulars', { method: 'PUT', body: { name: 'Regulars', ...coffee }, cookie })).status).toBe(200);
    await expect.poll(() => live('custom:regulars')).toBe(5);
    await expect.poll(() => showing(promo.body.id)).toBe(true);
  });

  it('a bad edit is refused naming the field, and nothing changes', async () => {
    const { hub, cookie } = mall;
    const tenant = await hub.login('bean-there', 'atrium-demo');
    await hub.store.flush();
    const before = await snapshotFiles(join(hub.dataRoot, 'demo'));
    const put = (id: string, body: unknown) => hub.api(`/api/segments/${id}`, { method: 'PUT', body, cookie });
    expect(await put('custom:regulars', { name: '', ...coffee })).toMatchObject({ status: 400, body: { field: 'name' } });
    expect(await put('custom:regulars', { name: 'X', match: 'most', conditions: coffee.conditions })).toMatchObject({ status: 400, body: { field: 'match' } });
    expect(await put('custom:regulars', { name: 'X', match: 'all', conditions: [] })).toMatchObject({ status: 400, body: { field: 'conditions' } });
    expect(await put('custom:regulars', { name: 'X', match: 'all', conditions: [{ kind: 'visits', withinDays: 61 }] })).toMatchObject({ status: 400, body: { field: 'conditions.0.withinDays' } });
    expect(await put('custom:regulars', { name: 'X', match: 'all', conditions: [{ kind: 'zoneVisited', zoneId: 'nowhere' }] })).toMatchObject({ status: 400, body: { field: 'conditions.0.zoneId' } });
    expect(await put('custom:regulars', { id: 'custom:other', name: 'X', ...coffee })).toMatchObject({ status: 400 });
    expect(await put('custom:nobody', { name: 'X', ...coffee })).toMatchObject({ status: 404, body: { field: 'id' } });
    expect(await put('not%20a%20segment', { name: 'X', ...coffee })).toMatchObject({ status: 404, body: { field: 'id' } });
    // Built-in segments come from the mall's lists and visit rules: never edited here.
    for (const id of ['new', 'frequent', 'interest:coffee', 'area:city-centre']) {
      expect(await put(id, { name: 'X', ...coffee }), id).toMatchObject({ status: 403, body: { field: 'id' } });
      expect(await hub.api(`/api/segments/${id}`, { method: 'DELETE', cookie }), id).toMatchObject({ status: 403, body: { field: 'id' } });
    }
    expect((await hub.api('/api/segments/custom:regulars', { method: 'PUT', body: { name: 'X', ...coffee }, cookie: tenant })).status).toBe(403);
    expect((await hub.api('/api/segments/custom:regulars', { method: 'DELETE', cookie: tenant })).status).toBe(403);
    await hub.store.flush();
    expect(await snapshotFiles(join(hub.dataRoot, 'demo'))).toEqual(before);
  });

  it('a segment a live promotion targets cannot be deleted; the 409 names the promotion', async () => {
    const { hub, cookie } = mall;
    const res = await hub.api('/api/segments/custom:regulars', { method: 'DELETE', cookie });
    expect(res).toMatchObject({ status: 409, body: { field: 'id' } });
    expect(res.body.error).toContain('Regulars’ espresso');
    expect(hub.services.promotions.customSegments.map((s) => s.id)).toEqual(['custom:regulars']);
  });

  it('once no live promotion targets it, delete removes it from the list and the counts, audited', async () => {
    const { hub, cookie } = mall;
    const promo = (await hub.api('/api/promotions', { cookie })).body.find((p: { title: string }) => p.title === 'Regulars’ espresso');
    expect((await hub.api(`/api/promotions/${promo.id}/archive`, { method: 'POST', cookie })).status).toBe(200);
    const res = await hub.api('/api/segments/custom:regulars', { method: 'DELETE', cookie });
    expect(res).toMatchObject({ status: 200, body: { id: 'custom:regulars' } });
    expect((await hub.api('/api/segments', { cookie })).body).toEqual([]);
    expect(await live('custom:regulars')).toBeUndefined();
    expect(await audit()).toContainEqual(expect.objectContaining({ action: 'segment.delete', target: 'custom:regulars' }));
    expect(await hub.api('/api/segments/custom:regulars', { method: 'DELETE', cookie })).toMatchObject({ status: 404, body: { field: 'id' } });
    // The name is free again for a new segment.
    expect((await hub.api('/api/segments', { body: { id: 'custom:regulars', name: 'Regulars', ...coffee }, cookie })).status).toBe(201);
  });
});
