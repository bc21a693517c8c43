import { beforeAll, describe, expect, it } from 'vitest';
import type { KioskStatus, OpsUpdate } from '#shared/schemas/ops.ts';
import type { ScreenStatus } from '#shared/schemas/screens.ts';
import { operatorHub, testHubForBlock } from '../testing/operator-hub.ts';
import { enrolShopper, pairMany } from '../testing/signage.ts';
import { request, type ClientSocket } from '../testing/test-hub.ts';

const beat = { uptimeMs: 1000, heapUsedBytes: null, currentItem: 'welcome', lastPaintAt: null, appVersion: '2.4.1' };

/** Collects every `ops:update` an operator's socket receives; `until` waits for one that passes. */
function watch(s: ClientSocket) {
  const seen: OpsUpdate[] = [];
  const waiting: { test: (u: OpsUpdate) => boolean; resolve: (u: OpsUpdate) => void }[] = [];
  s.on('ops:update', (u) => {
    seen.push(u);
    for (const w of [...waiting]) if (w.test(u)) waiting.splice(waiting.indexOf(w), 1) && w.resolve(u);
  });
  return {
    seen,
    until: (test: (u: OpsUpdate) => boolean) => new Promise<OpsUpdate>((resolve) => waiting.push({ test, resolve })),
  };
}
const screenIn = (u: OpsUpdate, id: string): ScreenStatus | undefined => u.screens.find((s) => s.screenId === id);
const kioskIn = (u: OpsUpdate, id: string): KioskStatus | undefined => u.kiosks.find((k) => k.kioskId === id);

describe('the operators’ live board over Socket.io', () => {
  const mall = operatorHub({ k: 2 });
  let operator: ClientSocket;
  let board: ReturnType<typeof watch>;
  let screen: { token: string; device: { id: string } };
  let kiosk: { token: string; device: { id: string; name: string } };
  beforeAll(async () => {
    const { hub, cookie } = mall;
    [screen] = await pairMany(hub.services, 'screen', 'food-court', 1);
    [kiosk] = await pairMany(hub.services, 'kiosk', 'entrance', 1);
    operator = await hub.socket({}, cookie);
    board = watch(operator);
  });

  it('an operator asks once for the whole board', async () => {
    const ack = await request<{ ok: true; data: OpsUpdate }>(operator, 'ops:get', {});
    expect(ack.ok).toBe(true);
    expect(ack.data.full).toBe(true);
    expect(screenIn(ack.data, screen.device.id)).toMatchObject({ online: false, lastHeartbeatAt: null });
    expect(kioskIn(ack.data, kiosk.device.id)).toMatchObject({ online: false, queued: null, lastSeenAt: null });
    expect(ack.data.totals).toEqual({ screens: { online: 0, offline: 1 }, kiosks: { online: 0, offline: 1, queued: 0 } });
    expect(ack.data.segments?.names).toMatchObject({ all: 'Everyone present', 'interest:coffee': 'Likes Coffee' });
  });

  it('a screen coming online and going dark is pushed, with its heartbeat, without polling', async () => {
    const { hub } = mall;
    const display = await hub.socket({ token: screen.token });
    const online = board.until((u) => screenIn(u, screen.device.id)?.online === true);
    expect(await request(display, 'screen:heartbeat', beat)).toEqual({ ok: true, data: {} });
    const up = await online;
    expect(up.full).toBe(false);
    expect(screenIn(up, screen.device.id)).toMatchObject({ heartbeat: { appVersion: '2.4.1', currentItem: 'welcome' }, lastHeartbeatAt: expect.any(String) });
    expect(up.totals?.screens).toEqual({ online: 1, offline: 0 });

    const dark = board.until((u) => screenIn(u, screen.device.id)?.online === false);
    display.close();
    const down = await dark;
    expect(down.totals?.screens).toEqual({ online: 0, offline: 1 });
    // Only the screen that changed travels; the kiosk did not change, so it is not in the update.
    expect(down.kiosks).toEqual([]);
  });

  it('a kiosk’s queue length is pushed as it reports it; offline, the last length stands', async () => {
    const { hub, cookie } = mall;
    const connected = board.until((u) => kioskIn(u, kiosk.device.id)?.online === true);
    const k = await hub.socket({ token: kiosk.token });
    await connected;
    const three = board.until((u) => kioskIn(u, kiosk.device.id)?.queued === 3);
    expect(await request(k, 'kiosk:status', { queued: 3 })).toEqual({ ok: true, data: {} });
    expect((await three).totals?.kiosks).toEqual({ online: 1, offline: 0, queued: 3 });

    const gone = board.until((u) => kioskIn(u, kiosk.device.id)?.online === false);
    k.close();
    const last = kioskIn(await gone, kiosk.device.id)!;
    expect(last).toMatchObject({ online: false, queued: 3, name: kiosk.device.name, zoneId: 'entrance' });
    expect(Date.parse(last.lastSeenAt!)).not.toBeNaN();
    expect((await hub.api('/api/dashboard', { cookie })).body.kiosks).toEqual({ online: 0, offline: 1, queued: 3 });
    expect(kioskIn((await hub.api('/api/ops/status', { cookie })).body, kiosk.device.id)).toMatchObject({ queued: 3, online: false });
  });

  it('a bad queue report is refused naming the field and changes nothing', async () => {
    const { hub } = mall;
    const k = await hub.socket({ token: kiosk.token });
    for (const bad of [{ queued: -1 }, { queued: 1.5 }, { queued: '4' }, {}, { queued: 2, extra: true }]) {
      expect(await request(k, 'kiosk:status', bad), JSON.stringify(bad)).toMatchObject({ ok: false, field: expect.stringMatching(/^(queued|extra|)$/) });
    }
    expect(await request(k, 'kiosk:status', { queued: -1 })).toMatchObject({ ok: false, field: 'queued' });
    expect(hub.services.kioskHealth.of(kiosk.device.id).queued).toBe(3);
    k.close();
  });

  it('tenants get no board: not pushed to them, and refused when they ask', async () => {
    const { hub } = mall;
    const tenant = await hub.socket({}, await hub.login('bean-there', 'atrium-demo'));
    const got: OpsUpdate[] = [];
    tenant.on('ops:update', (u) => got.push(u));
    expect(await request(tenant, 'ops:get', {})).toEqual({ ok: false, error: 'not allowed for your role' });
    // A change the operator is sure to see; by then the tenant's socket would have had it too.
    const k = await hub.socket({ token: kiosk.token });
    await request(k, 'kiosk:status', { queued: 7 });
    await board.until((u) => kioskIn(u, kiosk.device.id)?.queued === 7);
    expect(got).toEqual([]);
    k.close();
  });

  it('a revoked kiosk leaves the board', async () => {
    const { hub, cookie } = mall;
    const removed = board.until((u) => u.removed.includes(kiosk.device.id));
    expect((await hub.api(`/api/devices/${kiosk.device.id}/revoke`, { method: 'POST', cookie })).status).toBe(200);
    expect((await removed).totals?.kiosks).toEqual({ online: 0, offline: 0, queued: 0 });
  });

  it('today’s check-ins by hour are pushed as they happen, the same as the dashboard’s', async () => {
    const { hub, cookie } = mall;
    const total = (u: { hours: number[] }) => u.hours.reduce((a, b) => a + b, 0);
    // The hub reads the day's visits on first use; until then the board has no counts.
    await expect.poll(async () => (await request<{ ok: true; data: OpsUpdate }>(operator, 'ops:get', {})).data.checkins).toBeDefined();
    const before = (await request<{ ok: true; data: OpsUpdate }>(operator, 'ops:get', {})).data.checkins!;
    const [k] = await pairMany(hub.services, 'kiosk', 'food-court', 1);
    const pushed = board.until((u) => !!u.checkins && total(u.checkins) === total(before) + 2);
    const socket = await hub.socket({ token: k.token });
    for (let i = 0; i < 2; i++) expect((await enrolShopper(socket)).ok).toBe(true);
    const { checkins } = await pushed;
    expect(checkins!.day).toBe(before.day);
    const dashboard = (await hub.api('/api/dashboard', { cookie })).body;
    expect(dashboard.checkins).toMatchObject({ day: checkins!.day, today: checkins!.hours });
    socket.close();
  });
});

describe('coalescing', () => {
  const hub = testHubForBlock({ statusTickMs: 1000 });

  it('forty screens heartbeating at once reach an operator as one or two updates, not forty', async () => {
    const operator = await hub().socket({}, await hub().login());
    const board = watch(operator);
    const paired = board.until((u) => u.totals?.screens.offline === 40);
    const screens = await pairMany(hub().services, 'screen', 'food-court', 40);
    const sockets = await Promise.all(screens.map((s) => hub().socket({ token: s.token })));
    await paired;
    const before = board.seen.length;
    const allUp = board.until((u) => u.totals?.screens.online === 40);
    await Promise.all(sockets.map((s) => request(s, 'screen:heartbeat', beat)));
    await allUp;
    const updates = board.seen.slice(before);
    expect(updates.length).toBeLessThanOrEqual(2);
    expect(new Set(updates.flatMap((u) => u.screens.map((s) => s.screenId)))).toEqual(new Set(screens.map((s) => s.device.id)));
  });
});
