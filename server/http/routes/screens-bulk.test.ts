import { describe, expect, it } from 'vitest';
import type { ScreenBulkResult } from '#shared/schemas/screen-list.ts';
import type { DomainError } from '#server/domain/core/errors.ts';
import { runScreenBulk } from '#server/domain/devices/screen-bulk.ts';
import { operatorHub } from '#server/testing/operator-hub.ts';
import { pairMany } from '#server/testing/signage.ts';

/** POST /api/screens/bulk: reload, move and revoke many screens on the hub, by id or by the list's filter. */
describe('bulk actions over screens', () => {
  const mall = operatorHub();
  const bulk = async (body: unknown) => mall.hub.api('/api/screens/bulk', { cookie: mall.cookie, body });
  const zoneOf = (id: string) => mall.hub.services.devices.get(id)?.zoneId;

  it('reloads every screen a filter matches but the ones unticked, without naming them one by one', async () => {
    const { hub } = mall;
    const screens = await pairMany(hub.services, 'screen', 'tech', 4);
    const heard: string[] = [];
    for (const s of screens) (await hub.socket({ token: s.token })).on('screen:reload', () => heard.push(s.device.id));
    const skip = screens[1].device.id;
    const res = await bulk({ action: 'reload', target: { filter: { zone: 'tech' }, except: [skip] } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ done: 3, failed: [] });
    await expect.poll(() => heard.length).toBe(3);
    expect(heard).not.toContain(skip);
    // Audited once, saying what and how many.
    const today = new Date().toISOString().slice(0, 10);
    const audit = (await hub.api(`/api/audit?from=${today}&to=${today}&action=screen.bulk`, { cookie: mall.cookie })).body as { detail?: string }[];
    expect(audit[0].detail).toBe('reload: 3 screens matching {"zone":"tech"}');
  });

  it('moves the matching screens, says where each came from so it can be undone, and refuses when the count changed', async () => {
    const { hub } = mall;
    const [a, b] = await pairMany(hub.services, 'screen', 'fashion', 2);
    const [c] = await pairMany(hub.services, 'screen', 'food-court', 1);
    const target = { filter: { q: 'screen' }, expect: 1 };
    // More screens match than the panel said: nothing moves.
    const refused = await bulk({ action: 'move', zoneId: 'entrance', target: { filter: { zone: 'fashion' }, expect: 3 } });
    expect(refused).toMatchObject({ status: 409, body: { field: 'target.expect' } });
    expect([zoneOf(a.device.id), zoneOf(b.device.id)]).toEqual(['fashion', 'fashion']);
    expect((await bulk({ action: 'move', zoneId: 'entrance', target })).status).toBe(409);

    const moved = await bulk({ action: 'move', zoneId: 'entrance', target: { filter: { zone: 'fashion' }, expect: 2 } });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const out = moved.body as ScreenBulkResult;
    expect(out.done).toBe(2);
    expect(out.movedFrom?.fashion?.sort()).toEqual([a.device.id, b.device.id].sort());
    expect([zoneOf(a.device.id), zoneOf(b.device.id), zoneOf(c.device.id)]).toEqual(['entrance', 'entrance', 'food-court']);
    // Undo: back by id.
    expect((await bulk({ action: 'move', zoneId: 'fashion', target: { ids: out.movedFrom!.fashion } })).status).toBe(200);
    expect([zoneOf(a.device.id), zoneOf(b.device.id)]).toEqual(['fashion', 'fashion']);
  });

  it('revokes the ticked screens, and names each id that is no live screen', async () => {
    const { hub } = mall;
    const [a, b] = await pairMany(hub.services, 'screen', 'entrance', 2);
    const res = await bulk({ action: 'revoke', target: { ids: [a.device.id, 'no-such-screen'] } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ done: 1, failed: [{ screenId: 'no-such-screen', name: 'no-such-screen', error: 'no such screen' }] });
    expect(hub.services.devices.get(a.device.id)?.revokedAt).toBeTruthy();
    expect(hub.services.devices.get(b.device.id)?.revokedAt).toBeUndefined();
    const again = await bulk({ action: 'revoke', target: { ids: [a.device.id] } });
    expect(again.body).toMatchObject({ done: 0, failed: [{ screenId: a.device.id, error: 'already revoked' }] });
  });

  it('refuses bad input by its field, changing nothing', async () => {
    const { hub } = mall;
    const [s] = await pairMany(hub.services, 'screen', 'tech', 1);
    const field = async (body: unknown, status = 400) => {
      const res = await bulk(body);
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      return res.body.field;
    };
    expect(await field({ action: 'explode', target: { ids: [s.device.id] } })).toBe('action');
    expect(await field({ action: 'reload', target: {} })).toBe('target.ids');
    expect(await field({ action: 'reload', target: { ids: [s.device.id], filter: {} } })).toBe('target.ids');
    expect(await field({ action: 'reload', target: { ids: [] } })).toBe('target.ids');
    expect(await field({ action: 'reload', target: { ids: [s.device.id], except: [] } })).toBe('target.except');
    expect(await field({ action: 'reload', target: { filter: { status: 'asleep' } } })).toBe('target.filter.status');
    expect(await field({ action: 'reload', target: { filter: { zone: 'nowhere' } } })).toBe('target.filter.zone');
    expect(await field({ action: 'move', target: { ids: [s.device.id] } })).toBe('zoneId');
    expect(await field({ action: 'move', zoneId: 'nowhere', target: { ids: [s.device.id] } }, 404)).toBe('zoneId');
    expect(zoneOf(s.device.id)).toBe('tech');
  });

  it('is for operators only: refused at the door, and by the action itself', async () => {
    const { hub } = mall;
    const body = { action: 'reload', target: { filter: {} } };
    expect((await hub.api('/api/screens/bulk', { body })).status).toBe(401);
    const shop = await hub.login('bean-there', 'atrium-demo');
    expect((await hub.api('/api/screens/bulk', { cookie: shop, body })).status).toBe(403);
    const refusal = await runScreenBulk(hub.services, { role: 'editor', username: 'ed' }, { action: 'reload', target: { filter: {} } }).then(
      () => null,
      (e: DomainError) => e.kind,
    );
    expect(refusal).toBe('forbidden');
  });
});
