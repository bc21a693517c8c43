import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListPage } from '#shared/schemas/list.ts';
import type { ScreenStatus } from '#shared/schemas/screens.ts';
import type { DomainError } from '#server/domain/core/errors.ts';
import { screenPage } from '#server/domain/devices/screen-list.ts';
import { request, startTestHub, type ClientSocket, type TestHub } from '#server/testing/test-hub.ts';
import { pairMany } from '#server/testing/signage.ts';

/**
 * GET /api/screens/page: the panel's Screens list, filtered, searched, sorted and paged on the hub
 * with each screen's live status. Twelve screens: three connected (two current, one on an old
 * build), one of them in a portrait window, one turned 90°, two in the group "Lobby".
 */
describe('the Screens list, one page at a time', () => {
  let hub: TestHub;
  let cookie: string;
  let dist: string;
  const ids: Record<string, string> = {};
  const sockets: ClientSocket[] = [];

  const page = async (query: string) => {
    const res = await hub.api(`/api/screens/page?${query}`, { cookie });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as ListPage<ScreenStatus>;
  };
  const names = (p: ListPage<ScreenStatus>) => p.rows.map((s) => s.name);

  beforeAll(async () => {
    dist = await mkdtemp(join(tmpdir(), 'atrium-dist-'));
    await writeFile(join(dist, 'build.json'), JSON.stringify({ build: 'B2' }));
    hub = await startTestHub({ distDir: dist });
    cookie = await hub.login();
    const paired = [
      ...(await pairMany(hub.services, 'screen', 'entrance', 5)),
      ...(await pairMany(hub.services, 'screen', 'food-court', 4)),
      ...(await pairMany(hub.services, 'screen', 'fashion', 3)),
    ];
    // Names out of zone order, so sorting by name and by zone differ.
    for (const [i, p] of paired.entries()) {
      const name = `Screen ${String(12 - i).padStart(2, '0')}`;
      await hub.services.devices.update(p.device.id, { name });
      ids[name] = p.device.id;
    }
    const tokenOf = (name: string) => paired.find((p) => p.device.id === ids[name])!.token;
    const beat = async (name: string, appVersion: string, viewport?: { width: number; height: number }) => {
      const socket = await hub.socket({ token: tokenOf(name) });
      sockets.push(socket);
      expect(await request(socket, 'screen:heartbeat', { uptimeMs: 1000, heapUsedBytes: null, currentItem: null, lastPaintAt: null, appVersion, ...(viewport ? { viewport } : {}) })).toMatchObject({ ok: true });
    };
    await beat('Screen 12', 'B2'); // entrance, online
    await beat('Screen 05', 'B2', { width: 1080, height: 1920 }); // food court, online, a portrait window
    await beat('Screen 02', 'B1'); // fashion, online on an old build: stale
    await hub.services.devices.update(ids['Screen 11'], { rotation: 90 }); // entrance, offline, turned: portrait
    const group = await hub.api('/api/screen-groups', { cookie, body: { name: 'Lobby', screens: [ids['Screen 12'], ids['Screen 01']] } });
    expect(group.status).toBe(201);
    ids.lobby = group.body.id;
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await hub.stop();
    await rm(dist, { recursive: true, force: true });
  });

  it('gives one page, offline first then by name, with the live status mapped for the panel, and the total', async () => {
    const first = await page('pageSize=5');
    expect(first).toMatchObject({ total: 12, page: 0, pageSize: 5 });
    expect(names(first)).toEqual(['Screen 01', 'Screen 03', 'Screen 04', 'Screen 06', 'Screen 07']);
    const second = await page('pageSize=5&page=1');
    // The stale screen (online, old build) comes after the offline ones and before the current ones.
    expect(names(second)).toEqual(['Screen 08', 'Screen 09', 'Screen 10', 'Screen 11', 'Screen 02']);
    expect(second.rows[4]).toMatchObject({ online: true, outdated: true, heartbeat: { appVersion: 'B1' } });
    expect(names(await page('pageSize=5&page=2'))).toEqual(['Screen 05', 'Screen 12']);
    // The wire shape, not the storage record: no token hash, no pairing fields.
    expect(Object.keys(second.rows[4]).sort()).toEqual(
      ['screenId', 'name', 'zoneId', 'rotation', 'online', 'lastHeartbeatAt', 'heartbeat', 'delivered', 'rendered', 'showingTitle', 'latencyMs', 'cache', 'lastVideoStall', 'outdated'].sort(),
    );
    // Past the end: the last page, saying so.
    expect(await page('pageSize=5&page=9')).toMatchObject({ page: 2, total: 12 });
  });

  it('filters by zone, group, state and orientation', async () => {
    expect(names(await page('zone=fashion'))).toEqual(['Screen 01', 'Screen 03', 'Screen 02']);
    expect(names(await page(`group=${ids.lobby}`))).toEqual(['Screen 01', 'Screen 12']);
    expect(names(await page('status=online&sort=name'))).toEqual(['Screen 05', 'Screen 12']);
    expect(names(await page('status=stale'))).toEqual(['Screen 02']);
    expect((await page('status=offline')).total).toBe(9);
    expect(names(await page('orientation=portrait&sort=name'))).toEqual(['Screen 05', 'Screen 11']);
    expect((await page('orientation=landscape')).total).toBe(10);
    expect(names(await page('zone=entrance&status=online'))).toEqual(['Screen 12']);
  });

  it('searches every word in the name, the zone name and the group names', async () => {
    expect(names(await page('q=screen%2007'))).toEqual(['Screen 07']);
    expect(names(await page('q=FASHION%20wing&sort=name'))).toEqual(['Screen 01', 'Screen 02', 'Screen 03']);
    expect(names(await page('q=lobby&sort=name'))).toEqual(['Screen 01', 'Screen 12']);
    expect((await page('q=lobby%20food')).total).toBe(0);
  });

  it('sorts by any column either way: name, zone, state, last seen', async () => {
    expect(names(await page('sort=name&dir=descending&pageSize=3'))).toEqual(['Screen 12', 'Screen 11', 'Screen 10']);
    // Zones by their names: Fashion wing, Food court, Main entrance; ties by screen name.
    expect(names(await page('sort=zone&pageSize=4'))).toEqual(['Screen 01', 'Screen 02', 'Screen 03', 'Screen 04']);
    expect(names(await page('sort=status&dir=descending&pageSize=4'))).toEqual(['Screen 05', 'Screen 12', 'Screen 02', 'Screen 01']);
    // Last seen: never-seen screens sort as the oldest.
    const seen = await page('sort=lastSeen&dir=descending&pageSize=3');
    expect(names(seen).sort()).toEqual(['Screen 02', 'Screen 05', 'Screen 12']);
    expect(seen.rows.every((s) => s.lastHeartbeatAt !== null)).toBe(true);
    expect((await page('sort=lastSeen&pageSize=1')).rows[0].lastHeartbeatAt).toBeNull();
  });

  it('refuses a bad request by its field', async () => {
    const bad = async (query: string, status = 400) => {
      const res = await hub.api(`/api/screens/page?${query}`, { cookie });
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      return res.body.field;
    };
    expect(await bad('pageSize=500')).toBe('pageSize');
    expect(await bad('page=-1')).toBe('page');
    expect(await bad('sort=colour')).toBe('sort');
    expect(await bad('dir=up')).toBe('dir');
    expect(await bad('status=asleep')).toBe('status');
    expect(await bad('orientation=diagonal')).toBe('orientation');
    expect(await bad('zone=nowhere')).toBe('zone');
    expect(await bad('group=nope')).toBe('group');
    expect(await bad('colour=red')).toBe('colour');
  });

  it('is for operators only: refused at the door, and by the list itself', async () => {
    expect((await hub.api('/api/screens/page')).status).toBe(401);
    const shop = await hub.login('bean-there', 'atrium-demo');
    expect((await hub.api('/api/screens/page', { cookie: shop })).status).toBe(403);
    const screen = await hub.api('/api/screens/page', { token: (await pairMany(hub.services, 'screen', 'tech', 1))[0].token });
    expect(screen.status).toBe(403);
    const query = { page: 0, pageSize: 50 };
    const refusal = (who: Parameters<typeof screenPage>[1]) => {
      try {
        screenPage(hub.services, who, query);
        return null;
      } catch (e) {
        return (e as DomainError).kind;
      }
    };
    expect(refusal({ role: 'editor', username: 'ed' })).toBe('forbidden');
    expect(refusal({ role: 'tenant', username: 'bean-there', tenantId: 'bean-there' })).toBe('forbidden');
    expect(refusal(null)).toBe('forbidden');
    expect(screenPage(hub.services, { role: 'operator', username: 'olga' }, query).total).toBe(13);
  });
});
