import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { enrolBody, enrolByTap } from '#server/testing/enrol.ts';
import { testCard } from '#server/testing/cards.ts';
import { snapshotFiles } from '#server/testing/files.ts';
import { operatorHub } from '#server/testing/operator-hub.ts';
import { request } from '#server/testing/test-hub.ts';

describe('the age bands are one of the lists the mall names', () => {
  const ctx = operatorHub();
  const api = (path: string, init: { method?: string; body?: unknown } = {}) => ctx.hub.api(path, { ...init, cookie: ctx.cookie });

  it('starts with the default bands, named, and renames one with translations; its id stays', async () => {
    const bands = (await api('/api/mall')).body.ageBands as { id: string; name: string }[];
    expect(bands.map((b) => b.id)).toEqual(['under-18', '18-24', '25-34', '35-44', '45-54', '55-64', '65+']);
    expect(bands.at(-1)).toEqual({ id: '65+', name: '65 and over' });

    const renamed = await api(`/api/mall/ageBands/${encodeURIComponent('65+')}`, { method: 'PUT', body: { name: '65 or older', names: { pl: '65 lat i więcej' } } });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toEqual({ id: '65+', name: '65 or older', names: { pl: '65 lat i więcej' } });
    expect((await api('/api/mall')).body.ageBands.at(-1)).toEqual(renamed.body);
  });

  it('adds a band shoppers may then choose, and refuses a band the mall does not have, naming the field', async () => {
    const added = await api('/api/mall/ageBands', { body: { name: '75+' } });
    expect(added.body).toEqual({ id: '75', name: '75+' });
    const kiosk = await ctx.hub.socket({ token: (await ctx.hub.pair('kiosk', 'entrance', 'Kiosk', ctx.cookie)).token });
    const greeting = await enrolByTap(kiosk, testCard(1), { ageBand: '75' });
    expect(greeting.passId).toHaveLength(22);
    expect(ctx.hub.services.shoppers.get(greeting.passId)?.ageBand).toBe('75');

    const tap = await request<any>(kiosk, 'checkin:tap', { visitId: randomUUID(), card: testCard(2) });
    const refused = await request<any>(kiosk, 'shopper:enrol', enrolBody(tap.data.enrolTicket, { ageBand: '99-120' }));
    expect(refused.ok).toBe(false);
    expect(refused.field).toBe('ageBand');
    expect(refused.error).toMatch(/unknown age band "99-120"/);
  });

  it('refuses to remove a band a segment uses (409 naming it) and a duplicate name, changing nothing', async () => {
    const segment = await api('/api/segments', {
      body: { id: 'custom:young', name: 'Young adults', match: 'all', conditions: [{ kind: 'profile', field: 'ageBand', anyOf: ['18-24'] }] },
    });
    expect(segment.status).toBe(201);
    const before = await snapshotFiles(ctx.hub.dataRoot);
    const used = await api('/api/mall/ageBands/18-24', { method: 'DELETE' });
    expect(used.status).toBe(409);
    expect(used.body.error).toContain('1 segment (Young adults)');
    const duplicate = await api('/api/mall/ageBands/25-34', { method: 'PUT', body: { name: '65 OR OLDER' } });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.field).toBe('name');
    expect(await snapshotFiles(ctx.hub.dataRoot)).toEqual(before);
    expect((await api('/api/mall/ageBands/35-44', { method: 'DELETE' })).status).toBe(200);
  });
});
