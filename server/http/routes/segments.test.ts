import { describe, expect, it } from 'vitest';
import { operatorHub } from '#server/testing/operator-hub.ts';
import { enrolShopper, pairMany } from '#server/testing/signage.ts';

describe('segment counts and the rule builder preview', () => {
  const mall = operatorHub();

  const coffeeRule = { match: 'all', conditions: [{ kind: 'profile', field: 'interests', anyOf: ['coffee'] }] };

  it('counts present consenting shoppers a draft matches, suppressed below K, saving nothing', async () => {
    const { hub, cookie } = mall;
    const [kiosk] = await pairMany(hub.services, 'kiosk', 'food-court', 1);
    const k = await hub.socket({ token: kiosk.token });
    for (let i = 0; i < 4; i++) expect((await enrolShopper(k, { interests: ['coffee'] })).ok).toBe(true);
    expect((await enrolShopper(k, { interests: ['coffee'], analytics: false })).ok).toBe(true);
    expect(await hub.api('/api/segments/preview', { body: coffeeRule, cookie })).toMatchObject({ status: 200, body: { k: 5, count: null } });
    expect((await hub.api('/api/segments/live', { cookie })).body.counts['interest:coffee']).toBeNull();

    expect((await enrolShopper(k, { interests: ['coffee', 'books'] })).ok).toBe(true);
    expect(await hub.api('/api/segments/preview', { body: coffeeRule, cookie })).toMatchObject({ status: 200, body: { count: 5 } });
    const any = { match: 'any', conditions: [...coffeeRule.conditions, { kind: 'zoneVisited', zoneId: 'fashion' }] };
    expect((await hub.api('/api/segments/preview', { body: any, cookie })).body.count).toBe(5);
    const both = { match: 'all', conditions: [...coffeeRule.conditions, { kind: 'profile', field: 'interests', anyOf: ['books'] }] };
    expect((await hub.api('/api/segments/preview', { body: both, cookie })).body.count).toBeNull();
    const live = (await hub.api('/api/segments/live', { cookie })).body;
    expect(live.counts).toMatchObject({ all: 5, new: 5, 'interest:coffee': 5, 'interest:books': null, returning: null });
    expect(hub.services.promotions.customSegments).toHaveLength(0);
  });

  it('a saved custom segment shows in the live counts and is audited', async () => {
    const { hub, cookie } = mall;
    const res = await hub.api('/api/segments', { body: { id: 'custom:coffee-people', name: 'Coffee people', ...coffeeRule }, cookie });
    expect(res.status).toBe(201);
    await expect.poll(async () => (await hub.api('/api/segments/live', { cookie })).body.counts['custom:coffee-people']).toBe(5);
    const today = new Date().toISOString().slice(0, 10);
    const log = (await hub.api(`/api/audit?from=${today}&to=${today}`, { cookie })).body as { action: string; target?: string }[];
    expect(log).toContainEqual(expect.objectContaining({ action: 'segment.create', target: 'custom:coffee-people' }));
  });

  it('bad drafts are refused naming the field', async () => {
    const { hub, cookie } = mall;
    const at = (body: unknown) => hub.api('/api/segments/preview', { body, cookie });
    expect(await at({ match: 'some', conditions: coffeeRule.conditions })).toMatchObject({ status: 400, body: { field: 'match' } });
    expect(await at({ match: 'all', conditions: [] })).toMatchObject({ status: 400, body: { field: 'conditions' } });
    expect(await at({ match: 'all', conditions: [{ kind: 'visits', withinDays: 90 }] })).toMatchObject({ status: 400, body: { field: 'conditions.0.withinDays' } });
    expect(await at({ match: 'all', conditions: [{ kind: 'zoneVisited', zoneId: 'nowhere' }] })).toMatchObject({ status: 400, body: { field: 'conditions.0.zoneId' } });
  });
});
