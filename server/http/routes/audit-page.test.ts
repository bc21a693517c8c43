import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '#shared/schemas/audit.ts';
import type { ListPage } from '#shared/schemas/list.ts';
import { operatorHub } from '#server/testing/operator-hub.ts';

const today = () => new Date().toISOString().slice(0, 10);

/** GET /api/audit/page: the panel's audit list, searched, sorted and paged on the hub. */
describe('the audit log, one page at a time', () => {
  const mall = operatorHub();
  const page = async (query: string) => {
    const res = await mall.hub.api(`/api/audit/page?from=${today()}&to=${today()}${query}`, { cookie: mall.cookie });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as ListPage<AuditEntry>;
  };

  beforeAll(async () => {
    // 130 changes by three operators, in order, beside whatever signing in wrote.
    for (let i = 0; i < 130; i++) {
      await mall.hub.services.audit.record({ actor: `user:${['olga', 'ben', 'aisha'][i % 3]}`, action: 'screen.rename', target: `screen-${String(i).padStart(3, '0')}`, detail: i === 77 ? 'renamed to Fountain north' : undefined });
    }
  });

  it('gives one page, newest first, and how many match in all', async () => {
    const first = await page('&action=screen.&pageSize=50');
    expect(first).toMatchObject({ total: 130, page: 0, pageSize: 50 });
    expect(first.rows).toHaveLength(50);
    expect(first.rows[0].target).toBe('screen-129');
    const last = await page('&action=screen.&pageSize=50&page=2');
    expect(last.rows.map((e) => e.target)).toEqual(Array.from({ length: 30 }, (_, i) => `screen-${String(29 - i).padStart(3, '0')}`));
    // Past the end: the last page, saying so.
    expect(await page('&action=screen.&pageSize=50&page=9')).toMatchObject({ page: 2, total: 130 });
  });

  it('searches every word in who, action, target and detail', async () => {
    const found = await page('&q=FOUNTAIN%20north');
    expect(found.total).toBe(1);
    expect(found.rows[0]).toMatchObject({ target: 'screen-077', actor: 'user:aisha' });
    expect((await page('&q=aisha%20screen-1')).total).toBe(10); // screen-100 to 129 whose index % 3 is 2
  });

  it('sorts by a column either way, ties kept newest first', async () => {
    const byActor = await page('&action=screen.&sort=actor&dir=ascending&pageSize=200');
    expect(byActor.rows.map((e) => e.actor)).toEqual([...byActor.rows.map((e) => e.actor)].sort());
    expect(byActor.rows[0]).toMatchObject({ actor: 'user:aisha', target: 'screen-128' });
    const oldest = await page('&action=screen.&sort=at&dir=ascending&pageSize=1');
    expect(oldest.rows[0].target).toBe('screen-000');
    const byTarget = await page('&action=screen.&sort=target&dir=descending&pageSize=3');
    expect(byTarget.rows.map((e) => e.target)).toEqual(['screen-129', 'screen-128', 'screen-127']);
  });

  it('refuses a bad request by its field, and a shop', async () => {
    const bad = async (query: string) => (await mall.hub.api(`/api/audit/page?from=${today()}&to=${today()}${query}`, { cookie: mall.cookie })).body;
    expect(await bad('&pageSize=500')).toMatchObject({ field: 'pageSize' });
    expect(await bad('&sort=detail')).toMatchObject({ field: 'sort' });
    expect(await bad('&page=-1')).toMatchObject({ field: 'page' });
    expect(await bad('&dir=up')).toMatchObject({ field: 'dir' });
    expect((await mall.hub.api(`/api/audit/page?from=${today()}&to=2000-01-01`, { cookie: mall.cookie })).body).toMatchObject({ field: 'to' });
    const shop = await mall.hub.login('bean-there', 'atrium-demo');
    expect((await mall.hub.api(`/api/audit/page?from=${today()}&to=${today()}`, { cookie: shop })).status).toBe(403);
  });
});
