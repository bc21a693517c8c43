import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { enrolBody, type EnrolChoices } from '#server/testing/enrol.ts';
import { testCard } from '#server/testing/cards.ts';
import { operatorHub } from '#server/testing/operator-hub.ts';
import { request } from '#server/testing/test-hub.ts';

/** Every id naming one of the mall's lists is checked where it comes in: a 400 naming the field and the value. */
describe('references to the mall’s lists are validated at the boundary', () => {
  const mall = operatorHub({ k: 2 });
  const refused = (res: { status: number; body: any }, field: string, value: string) => {
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.field).toBe(field);
    expect(res.body.error).toContain(value);
  };
  const segment = (conditions: unknown[], id = `custom:s-${Math.floor(Math.random() * 1e9)}`) =>
    mall.hub.api('/api/segments', { body: { id, name: 'Test', match: 'all', conditions }, cookie: mall.cookie });
  const profile = (field: string, ...anyOf: string[]) => ({ kind: 'profile', field, anyOf });

  it('a custom segment naming an interest by its display name is refused, by its id saved', async () => {
    refused(await segment([profile('interests', 'Eating out')]), 'conditions.0.anyOf.0', 'Eating out');
    expect((await segment([profile('interests', 'food')])).status).toBe(201);
  });

  it('unknown areas, age bands, languages and zones in a segment rule are refused, in a save, an edit and a preview', async () => {
    refused(await segment([profile('homeArea', 'Riverside')]), 'conditions.0.anyOf.0', 'Riverside');
    refused(await segment([profile('ageBand', '25-34', '30-40')]), 'conditions.0.anyOf.1', '30-40');
    refused(await segment([profile('language', 'English')]), 'conditions.0.anyOf.0', 'English');
    refused(await segment([{ kind: 'zoneVisited', zoneId: 'nowhere' }]), 'conditions.0.zoneId', 'nowhere');
    const saved = await segment([profile('language', 'en')], 'custom:speakers');
    expect(saved.status).toBe(201);
    const edit = await mall.hub.api('/api/segments/custom:speakers', { method: 'PUT', body: { name: 'Speakers', match: 'all', conditions: [profile('interests', 'Eating out')] }, cookie: mall.cookie });
    refused(edit, 'conditions.0.anyOf.0', 'Eating out');
    const preview = await mall.hub.api('/api/segments/preview', { body: { match: 'all', conditions: [profile('interests', 'Eating out')] }, cookie: mall.cookie });
    refused(preview, 'conditions.0.anyOf.0', 'Eating out');
  });

  it('a promotion targeting an unknown age band or language segment is refused', async () => {
    const promotion = (segments: string[]) => mall.hub.api('/api/promotions', { body: { title: 'T', segments, schedule: { from: '2026-01-01' } }, cookie: mall.cookie });
    refused(await promotion(['age:30-40']), 'segments.0', 'age:30-40');
    refused(await promotion(['lang:xx']), 'segments.0', 'lang:xx');
    refused(await promotion(['interest:Eating out'.replace(' ', '-')]), 'segments.0', 'interest:Eating-out');
    expect((await promotion(['age:25-34', 'lang:cy', 'interest:food'])).status).toBe(201);
  });

  it('joining with an interest or home area not on the mall’s lists is refused naming the value', async () => {
    const kiosk = await mall.hub.socket({ token: (await mall.hub.pair('kiosk', 'entrance', undefined, mall.cookie)).token });
    const ticket = async () => (await request<any>(kiosk, 'checkin:tap', { visitId: randomUUID(), card: testCard(777) })).data.enrolTicket;
    const body = async (extra: EnrolChoices) => enrolBody(await ticket(), extra);
    const a = await request<any>(kiosk, 'shopper:enrol', await body({ interests: ['coffee', 'eating-out'] }));
    expect(a).toMatchObject({ ok: false, field: 'interests.1' });
    expect(a.error).toContain('eating-out');
    const b = await request<any>(kiosk, 'shopper:enrol', await body({ homeArea: 'atlantis' }));
    expect(b).toMatchObject({ ok: false, field: 'homeArea' });
    expect(b.error).toContain('atlantis');
  });
});
