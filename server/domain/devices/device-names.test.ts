import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { operatorHub } from '#server/testing/operator-hub.ts';

/**
 * Two screens both called "Entrance screen" make proof of play list two rows nobody can tell
 * apart: a name is unique per kind in the mall, whatever its case, on pairing and on renaming.
 */
describe('device names are unique per kind in a mall', () => {
  const mall = operatorHub();

  it('pairing a second screen under a taken name (any case) is refused with 409 naming `name`, and nothing is paired', async () => {
    const { hub, cookie } = mall;
    const name = `Entrance screen ${randomUUID().slice(0, 6)}`;
    await hub.pair('screen', 'entrance', name, cookie);
    const before = (await hub.api('/api/devices', { cookie })).body.length;
    await expect(hub.pair('screen', 'food-court', `  ${name.toUpperCase()} `, cookie)).rejects.toThrow(/pairing failed: 409 .*"field":"name"/);
    expect((await hub.api('/api/devices', { cookie })).body.length).toBe(before);
    // A kiosk may share a screen's name: the kinds are listed apart.
    await expect(hub.pair('kiosk', 'entrance', name, cookie)).resolves.toBeTruthy();
  });

  it('renaming onto another device’s name is refused with 409 naming `name`; keeping one’s own name (new case) is fine', async () => {
    const { hub, cookie } = mall;
    const a = await hub.pair('kiosk', 'entrance', `Kiosk A ${randomUUID().slice(0, 6)}`, cookie);
    const b = await hub.pair('kiosk', 'entrance', `Kiosk B ${randomUUID().slice(0, 6)}`, cookie);
    const clash = await hub.api(`/api/devices/${b.device.id}/settings`, { body: { name: a.device.name.toLowerCase() }, cookie });
    expect(clash.status).toBe(409);
    expect(clash.body).toMatchObject({ field: 'name' });
    expect(clash.body.error ?? clash.body.message).toMatch(/already called/);
    const list = (await hub.api('/api/devices', { cookie })).body as { id: string; name: string }[];
    expect(list.find((d) => d.id === b.device.id)?.name).toBe(b.device.name);
    const own = await hub.api(`/api/devices/${a.device.id}/settings`, { body: { name: a.device.name.toUpperCase() }, cookie });
    expect(own.status).toBe(200);
  });

  it('a revoked device frees its name', async () => {
    const { hub, cookie } = mall;
    const name = `Old kiosk ${randomUUID().slice(0, 6)}`;
    const old = await hub.pair('kiosk', 'entrance', name, cookie);
    expect((await hub.api(`/api/devices/${old.device.id}/revoke`, { method: 'POST', cookie })).status).toBe(200);
    await expect(hub.pair('kiosk', 'entrance', name, cookie)).resolves.toBeTruthy();
  });
});
