import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceHello } from '#shared/schemas/devices.ts';
import { request, startTestHub, type TestHub } from '#server/testing/test-hub.ts';

describe("devices and the hub's build", () => {
  let hub: TestHub;
  let dist: string;
  let cookie: string;
  beforeAll(async () => {
    dist = await mkdtemp(join(tmpdir(), 'atrium-dist-'));
    await writeFile(join(dist, 'build.json'), JSON.stringify({ build: 'B2' }));
    hub = await startTestHub({ distDir: dist });
    cookie = await hub.login();
  });
  afterAll(async () => {
    await hub.stop();
    await rm(dist, { recursive: true, force: true });
  });

  const hello = async (token: string) => {
    let said!: Promise<DeviceHello>;
    const socket = await hub.socket({ token }, undefined, (s) => (said = new Promise((r) => s.once('device:hello', r))));
    return { socket, hello: await said };
  };

  it('tells each device the build it serves, read again when build.json changes', async () => {
    const screen = await hub.pair('screen', 'entrance', 'Screen', cookie);
    expect((await hello(screen.token)).hello.hubBuild).toBe('B2');
    await writeFile(join(dist, 'build.json'), JSON.stringify({ build: 'B3' }));
    const later = new Date(Date.now() + 5000);
    await utimes(join(dist, 'build.json'), later, later);
    expect((await hello(screen.token)).hello.hubBuild).toBe('B3');
    await writeFile(join(dist, 'build.json'), JSON.stringify({ build: 'B2' }));
    const later2 = new Date(Date.now() + 10_000);
    await utimes(join(dist, 'build.json'), later2, later2);
  });

  it("marks screens and kiosks that report another build than the hub's as outdated", async () => {
    const screen = await hub.pair('screen', 'entrance', 'Old screen', cookie);
    const kiosk = await hub.pair('kiosk', 'entrance', 'Old kiosk', cookie);
    const s = (await hello(screen.token)).socket;
    const k = (await hello(kiosk.token)).socket;
    const beat = (appVersion: string) => request(s, 'screen:heartbeat', { uptimeMs: 1, heapUsedBytes: null, currentItem: null, lastPaintAt: null, appVersion });
    const screenRow = async () => ((await hub.api('/api/screens/status', { cookie })).body as { screenId: string; outdated: boolean }[]).find((x) => x.screenId === screen.device.id)!;
    const kioskRow = async () => (await request<any>(await hub.socket({}, cookie), 'ops:get', {})).data.kiosks.find((x: { kioskId: string }) => x.kioskId === kiosk.device.id);

    await beat('B1');
    expect((await screenRow()).outdated).toBe(true);
    await beat('B2');
    expect((await screenRow()).outdated).toBe(false);

    expect(await request(k, 'kiosk:status', { queued: 0, build: 'B1' })).toEqual({ ok: true, data: {} });
    expect(await kioskRow()).toMatchObject({ build: 'B1', outdated: true });
    await request(k, 'kiosk:status', { queued: 0, build: 'B2' });
    expect(await kioskRow()).toMatchObject({ build: 'B2', outdated: false });
    // A kiosk from before builds were reported says nothing of it: not marked.
    await request(k, 'kiosk:status', { queued: 2 });
    expect(await kioskRow()).toMatchObject({ queued: 2, build: 'B2' });
    expect(await request(k, 'kiosk:status', { queued: 0, build: '' })).toMatchObject({ ok: false, field: 'build' });
  });
});
