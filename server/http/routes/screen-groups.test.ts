import { describe, expect, it } from 'vitest';
import type { Playlist } from '#shared/schemas/promotions.ts';
import type { ScreenIdentify } from '#shared/schemas/devices.ts';
import { operatorHub } from '#server/testing/operator-hub.ts';
import { pairMany } from '#server/testing/signage.ts';
import { request, type ClientSocket } from '#server/testing/test-hub.ts';

const TICKER = { template: 'main-ticker', regions: { ticker: [{ kind: 'ticker', source: 'text', items: ['Late opening Thursday'] }] } };

async function playlistOf(socket: ClientSocket): Promise<Playlist> {
  const ack = await request<{ ok: true; data: Playlist }>(socket, 'playlist:get', {});
  return ack.data;
}

describe('screen layouts and groups', () => {
  const mall = operatorHub();

  it('a screen plays its own layout, pushed live; null follows its group again', async () => {
    const { hub, cookie } = mall;
    const [s] = await pairMany(hub.services, 'screen', 'food-court', 1);
    const socket = await hub.socket({ token: s.token });
    expect((await playlistOf(socket)).layout).toEqual({ template: 'full', regions: {} });
    const pushed = new Promise<Playlist>((r) => socket.on('playlist:update', r));
    const set = await hub.api(`/api/screens/${s.device.id}/layout`, { method: 'PUT', body: { layout: TICKER }, cookie });
    expect(set).toMatchObject({ status: 200, body: { source: 'screen', layout: TICKER } });
    expect((await pushed).layout).toEqual(TICKER);
    expect((await hub.api(`/api/screens/${s.device.id}/layout`, { cookie })).body).toMatchObject({ source: 'screen', own: TICKER });
    await hub.api(`/api/screens/${s.device.id}/layout`, { method: 'PUT', body: { layout: null }, cookie });
    expect((await hub.api(`/api/screens/${s.device.id}/layout`, { cookie })).body).toMatchObject({ source: 'default', own: null });
  });

  it('a layout naming a region its template lacks, or a widget that does not fit, is a 400 naming the field; nothing is stored', async () => {
    const { hub, cookie } = mall;
    const [s] = await pairMany(hub.services, 'screen', 'food-court', 1);
    const path = `/api/screens/${s.device.id}/layout`;
    const noSidebar = await hub.api(path, { method: 'PUT', body: { layout: { template: 'main-ticker', regions: { sidebar: [{ kind: 'clock' }] } } }, cookie });
    expect(noSidebar).toMatchObject({ status: 400, body: { field: 'layout.regions.sidebar' } });
    expect(noSidebar.body.error).toContain('no region "sidebar"');
    const main = await hub.api(path, { method: 'PUT', body: { layout: { template: 'full', regions: { main: [{ kind: 'clock' }] } } }, cookie });
    expect(main).toMatchObject({ status: 400, body: { field: 'layout.regions.main' } });
    const misfit = await hub.api(path, { method: 'PUT', body: { layout: { template: 'main-ticker', regions: { ticker: [{ kind: 'web-page', url: 'https://example.com' }] } } }, cookie });
    expect(misfit).toMatchObject({ status: 400, body: { field: 'layout.regions.ticker.0.kind' } });
    const emptyTicker = await hub.api(path, { method: 'PUT', body: { layout: { template: 'main-ticker', regions: { ticker: [{ kind: 'ticker', source: 'text', items: [] }] } } }, cookie });
    expect(emptyTicker).toMatchObject({ status: 400, body: { field: 'layout.regions.ticker.0.items' } });
    expect((await hub.api(path, { cookie })).body).toMatchObject({ source: 'default', own: null });
  });

  it('a web page widget refuses javascript:, private and local addresses by name; the screen page frames only the given origin', async () => {
    const { hub, cookie } = mall;
    const [s] = await pairMany(hub.services, 'screen', 'entrance', 1);
    const path = `/api/screens/${s.device.id}/layout`;
    const page = (url: string) => ({ layout: { template: 'main-sidebar', regions: { sidebar: [{ kind: 'web-page', url }] } } });
    for (const url of ['javascript:alert(1)', 'http://10.0.0.5/', 'http://192.168.1.20:8080/menu', 'http://127.0.0.1:8080/', 'http://[::1]/', 'http://169.254.169.254/', 'https://router.local/', 'http://localhost:3000/', 'file:///etc/passwd']) {
      const res = await hub.api(path, { method: 'PUT', body: page(url), cookie });
      expect(res, url).toMatchObject({ status: 400, body: { field: 'layout.regions.sidebar.0.url' } });
    }
    expect((await hub.api(path, { cookie })).body.own).toBeNull();
    expect((await hub.api('/screen')).headers.get('content-security-policy')).not.toContain('weather.example.com');
    expect((await hub.api(path, { method: 'PUT', body: page('https://weather.example.com/today?city=1'), cookie })).status).toBe(200);
    const csp = (await hub.api('/screen')).headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/frame-src 'self' https:\/\/weather\.example\.com;/);
    // Only the pages that draw layouts frame it.
    expect((await hub.api('/kiosk')).headers.get('content-security-policy')).toMatch(/frame-src 'self' ?;/);
  });

  it('a group gives its screens a layout, promotions target it, and reload and identify reach all its screens', async () => {
    const { hub, cookie } = mall;
    const [a, b, other] = await pairMany(hub.services, 'screen', 'entrance', 3);
    const sockets = await Promise.all([a, b, other].map((s) => hub.socket({ token: s.token })));
    const identified: string[] = [];
    sockets.forEach((sock, i) => sock.on('screen:identify', (w: ScreenIdentify) => identified.push(`${i}:${w.name}`)));
    const made = await hub.api('/api/screen-groups', { body: { name: 'Entrances', screens: [a.device.id, b.device.id], layout: TICKER }, cookie });
    expect(made.status).toBe(201);
    const group = made.body.id as string;
    expect((await hub.api('/api/screen-groups', { body: { name: 'entrances' }, cookie })).body).toMatchObject({ field: 'name' });
    expect((await hub.api('/api/screen-groups', { body: { name: 'Nowhere', screens: ['no-such-screen'] }, cookie })).body).toMatchObject({ field: 'screens.0' });

    const promo = await hub.api('/api/promotions', { body: { title: 'Doors open late', groups: [group], schedule: { from: '2026-01-01' } }, cookie });
    expect(promo.status).toBe(201);
    expect((await hub.api('/api/promotions', { body: { title: 'Lost', groups: ['nope'], schedule: { from: '2026-01-01' } }, cookie })).body).toMatchObject({ field: 'groups.0' });
    await expect.poll(async () => (await playlistOf(sockets[0])).items.map((i) => i.title)).toContain('Doors open late');
    const [pa, pb, po] = await Promise.all(sockets.map(playlistOf));
    expect(pa.layout).toEqual(TICKER);
    expect(pb.items.map((i) => i.title)).toContain('Doors open late');
    expect(po.layout.template).toBe('full');
    expect(po.items.map((i) => i.title)).not.toContain('Doors open late');

    expect((await hub.api(`/api/screen-groups/${group}/identify`, { body: {}, cookie })).body).toEqual({ screens: 2 });
    await expect.poll(() => identified.sort()).toEqual([`0:${a.device.name}`, `1:${b.device.name}`]);

    const refused = await hub.api(`/api/screen-groups/${group}`, { method: 'DELETE', cookie });
    expect(refused).toMatchObject({ status: 409, body: { field: 'id' } });
    expect(refused.body.error).toContain('Doors open late');
    await hub.api(`/api/promotions/${promo.body.id}/archive`, { body: {}, cookie });
    expect((await hub.api(`/api/screen-groups/${group}`, { method: 'DELETE', cookie })).status).toBe(200);
    expect((await hub.api('/api/screen-groups', { cookie })).body.map((g: { id: string }) => g.id)).not.toContain(group);
  });
});
