import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Device } from '#shared/schemas/devices.ts';
import type { ScreenStatus } from '#shared/schemas/screens.ts';
import { startTestHub, type TestHub } from '#server/testing/test-hub.ts';

/** Screens turned before rotation existed stored `orientation: 'portrait'` (a quarter turn). */
describe('screens stored with the old orientation', () => {
  let hub: TestHub | undefined;
  let dataRoot = '';
  afterEach(async () => {
    await hub?.stop();
    hub = undefined;
    await rm(dataRoot, { recursive: true, force: true });
  });

  it("keep facing the way they did: 'portrait' reads as 90°, 'landscape' as 0°; turning one stores only its rotation", async () => {
    dataRoot = await mkdtemp(join(tmpdir(), 'atrium-rotation-'));
    hub = await startTestHub({}, dataRoot);
    const cookie = await hub.login();
    const tall = await hub.pair('screen', 'entrance', 'Tall', cookie);
    const wide = await hub.pair('screen', 'entrance', 'Wide', cookie);
    await hub.stop();
    hub = undefined;

    // Rewrite the stored devices as an older hub wrote them.
    const file = join(dataRoot, 'demo', 'devices.json');
    const stored = JSON.parse(await readFile(file, 'utf8')) as { devices: Record<string, unknown>[] };
    for (const d of stored.devices) {
      delete d.rotation;
      if (d.id === tall.device.id) d.orientation = 'portrait';
      if (d.id === wide.device.id) d.orientation = 'landscape';
    }
    await writeFile(file, JSON.stringify(stored));

    hub = await startTestHub({}, dataRoot);
    const cookie2 = await hub.login();
    const status = (await hub.api('/api/screens/status', { cookie: cookie2 })).body as ScreenStatus[];
    expect(status.find((s) => s.screenId === tall.device.id)?.rotation).toBe(90);
    expect(status.find((s) => s.screenId === wide.device.id)?.rotation).toBe(0);
    const hellos: Device[] = [];
    await hub.socket({ token: tall.token }, undefined, (s) => s.on('device:hello', (d) => hellos.push(d)));
    await expect.poll(() => hellos.at(-1)?.rotation).toBe(90);

    expect((await hub.api(`/api/devices/${tall.device.id}/settings`, { body: { rotation: 180 }, cookie: cookie2 })).status).toBe(200);
    await hub.stop();
    hub = undefined;
    const after = (JSON.parse(await readFile(file, 'utf8')) as { devices: Record<string, unknown>[] }).devices.find((d) => d.id === tall.device.id)!;
    expect(after.rotation).toBe(180);
    expect(after).not.toHaveProperty('orientation');
  });
});
