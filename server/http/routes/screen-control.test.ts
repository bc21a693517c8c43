import { describe, expect, it } from 'vitest';
import type { Device, ScreenIdentify } from '#shared/schemas/devices.ts';
import type { ScreenReload, ScreenStatus } from '#shared/schemas/screens.ts';
import { operatorHub } from '#server/testing/operator-hub.ts';
import { pairMany } from '#server/testing/signage.ts';

describe('screen control from the panel', () => {
  const mall = operatorHub();

  it('identify and reload reach the named screen only, and are audited', async () => {
    const { hub, cookie } = mall;
    const [a, b] = await pairMany(hub.services, 'screen', 'food-court', 2);
    const got = { a: [] as string[], b: [] as string[] };
    for (const [key, s] of [['a', a], ['b', b]] as const) {
      const socket = await hub.socket({ token: s.token });
      socket.on('screen:identify', (w: ScreenIdentify) => got[key].push(`identify ${w.name}`));
      socket.on('screen:reload', (_r: ScreenReload) => got[key].push('reload'));
    }
    expect((await hub.api(`/api/screens/${a.device.id}/identify`, { body: {}, cookie })).status).toBe(200);
    expect((await hub.api(`/api/screens/${a.device.id}/reload`, { body: {}, cookie })).status).toBe(200);
    await expect.poll(() => got.a).toEqual([`identify ${a.device.name}`, 'reload']);
    expect(got.b).toEqual([]);
    const today = new Date().toISOString().slice(0, 10);
    const audit = await hub.api(`/api/audit?from=${today}&to=${today}`, { cookie });
    const actions = (audit.body as { action: string; target?: string }[]).filter((e) => e.target === a.device.id).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['screen.identify', 'screen.reload']));
  });

  it('an unknown or revoked screen is 404 naming the id', async () => {
    const { hub, cookie } = mall;
    const res = await hub.api('/api/screens/nope/identify', { body: {}, cookie });
    expect(res).toMatchObject({ status: 404, body: { field: 'id' } });
  });

  it('rename, move and turn a screen: stored, shown in status, and told to the screen', async () => {
    const { hub, cookie } = mall;
    const [s] = await pairMany(hub.services, 'screen', 'entrance', 1);
    const socket = await hub.socket({ token: s.token });
    const hellos: Device[] = [];
    socket.on('device:hello', (d) => hellos.push(d));
    const res = await hub.api(`/api/devices/${s.device.id}/settings`, { body: { name: 'Atrium north', zoneId: 'fashion', rotation: 270 }, cookie });
    expect(res).toMatchObject({ status: 200, body: { name: 'Atrium north', zoneId: 'fashion', rotation: 270 } });
    await expect.poll(() => hellos.at(-1)).toMatchObject({ name: 'Atrium north', zoneId: 'fashion', rotation: 270 });
    const status = (await hub.api('/api/screens/status', { cookie })).body as ScreenStatus[];
    expect(status.find((x) => x.screenId === s.device.id)).toMatchObject({ name: 'Atrium north', zoneId: 'fashion', rotation: 270 });
  });

  it('bad settings are refused naming the field', async () => {
    const { hub, cookie } = mall;
    const [s] = await pairMany(hub.services, 'screen', 'entrance', 1);
    const [k] = await pairMany(hub.services, 'kiosk', 'entrance', 1);
    const at = (id: string) => `/api/devices/${id}/settings`;
    expect(await hub.api(at(s.device.id), { body: { name: '' }, cookie })).toMatchObject({ status: 400, body: { field: 'name' } });
    expect(await hub.api(at(s.device.id), { body: { rotation: 45 }, cookie })).toMatchObject({ status: 400, body: { field: 'rotation' } });
    expect(await hub.api(at(s.device.id), { body: { rotation: '90' }, cookie })).toMatchObject({ status: 400, body: { field: 'rotation' } });
    // The old name is not an alias: a strict body names it as unknown.
    expect(await hub.api(at(s.device.id), { body: { orientation: 'portrait' }, cookie })).toMatchObject({ status: 400 });
    expect(await hub.api(at(s.device.id), { body: {}, cookie })).toMatchObject({ status: 400 });
    expect(await hub.api(at(s.device.id), { body: { zoneId: 'no-such-zone' }, cookie })).toMatchObject({ status: 404, body: { field: 'zoneId' } });
    expect(await hub.api(at(k.device.id), { body: { rotation: 90 }, cookie })).toMatchObject({ status: 400, body: { field: 'rotation' } });
    expect(await hub.api(at('nope'), { body: { name: 'x' }, cookie })).toMatchObject({ status: 404, body: { field: 'id' } });
  });

  it('kiosk settings: idle timeout and languages are stored and told to the kiosk; bad ones name the field', async () => {
    const { hub, cookie } = mall;
    const [k] = await pairMany(hub.services, 'kiosk', 'entrance', 1);
    const socket = await hub.socket({ token: k.token });
    const hellos: Device[] = [];
    socket.on('device:hello', (d) => hellos.push(d));
    const at = `/api/devices/${k.device.id}/settings`;
    const res = await hub.api(at, { body: { idleSeconds: 90, languages: ['en', 'cy'] }, cookie });
    expect(res).toMatchObject({ status: 200, body: { kiosk: { idleSeconds: 90, languages: ['en', 'cy'] } } });
    await expect.poll(() => hellos.at(-1)?.kiosk).toMatchObject({ idleSeconds: 90, languages: ['en', 'cy'] });
    expect(await hub.api(at, { body: { idleSeconds: 5 }, cookie })).toMatchObject({ status: 400, body: { field: 'idleSeconds' } });
    expect(await hub.api(at, { body: { languages: [] }, cookie })).toMatchObject({ status: 400, body: { field: 'languages' } });
    expect(await hub.api(at, { body: { languages: ['xx'] }, cookie })).toMatchObject({ status: 400, body: { field: 'languages.0' } });
    const [s] = await pairMany(hub.services, 'screen', 'entrance', 1);
    expect(await hub.api(`/api/devices/${s.device.id}/settings`, { body: { idleSeconds: 60 }, cookie })).toMatchObject({ status: 400, body: { field: 'idleSeconds' } });
  });
});
