import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceHello, MallHoursNow } from '#shared/schemas/devices.ts';
import { DEFAULT_OPENING_HOURS } from '#shared/schemas/setup.ts';
import { enrolBody } from '#server/testing/enrol.ts';
import { newCardUid, pairMany } from '#server/testing/signage.ts';
import { request, startTestHub, type TestHub } from '#server/testing/test-hub.ts';

const SETTINGS = { timezone: 'Europe/Warsaw', locale: 'pl-PL', defaultLanguage: 'en', k: 2, openingHours: DEFAULT_OPENING_HOURS };

describe('kiosks outside opening hours (test clock)', () => {
  let hub: TestHub | undefined;
  afterEach(() => hub?.stop());

  it('are told the mall is closed and when it opens; the hub refuses check-in, pass scans and joining; opening lets them in again', async () => {
    // Monday 30 November 2026, 03:00 in Warsaw: closed until 09:00 (08:00 UTC).
    let now = Date.parse('2026-11-30T02:00:00Z');
    hub = await startTestHub({}, undefined, { now: () => now });
    const cookie = await hub.login();
    expect((await hub.api('/api/mall/settings', { method: 'PUT', body: SETTINGS, cookie })).status).toBe(200);
    const [k] = await pairMany(hub.services, 'kiosk', 'entrance', 1);
    const hours: MallHoursNow[] = [];
    let hello: Promise<DeviceHello> = Promise.resolve(null as unknown as DeviceHello);
    const kiosk = await hub.socket({ token: k.token }, undefined, (s) => {
      hello = new Promise((r) => s.once('device:hello', r));
      s.on('mall:hours', (h) => hours.push(h));
    });
    expect((await hello).hours).toEqual({ open: false, opensAt: '2026-11-30T08:00:00.000Z', opensDay: 'today', timeZone: 'Europe/Warsaw', locale: 'pl-PL' });

    const visits = () => hub!.services.shoppers.count;
    const before = visits();
    const tap = await request<{ ok: false; error: string; field: string }>(kiosk, 'checkin:tap', { visitId: randomUUID(), card: newCardUid() });
    expect(tap).toMatchObject({ ok: false, field: 'openingHours' });
    expect(tap.error).toContain('2026-11-30T08:00:00.000Z');
    const scan = await request(kiosk, 'checkin:pass', { visitId: randomUUID(), passId: 'AAAAAAAAAAAAAAAAAAAAAA' });
    expect(scan).toMatchObject({ ok: false, field: 'openingHours' });
    const join = await request(kiosk, 'join:start', {});
    expect(join).toMatchObject({ ok: false, field: 'openingHours' });
    const enrol = await request(kiosk, 'shopper:enrol', enrolBody('x'.repeat(32)));
    expect(enrol).toMatchObject({ ok: false, field: 'openingHours' });
    // The reader bridge's live tap is refused the same way.
    const bridge = await hub.api(`/api/kiosks/${k.device.id}/tap`, { body: { card: newCardUid(), visitId: randomUUID() }, token: k.token });
    expect(bridge).toMatchObject({ status: 409, body: { field: 'openingHours' } });
    // Atrium's bridge stamps every read with the time it was made, live ones too.
    const stamped = await hub.api(`/api/kiosks/${k.device.id}/tap`, { body: { card: newCardUid(), visitId: randomUUID(), at: new Date(now).toISOString() }, token: k.token });
    expect(stamped).toMatchObject({ status: 409, body: { field: 'openingHours' } });
    expect(visits()).toEqual(before);
    // A read the bridge kept while the hub was away was made back then, when the mall may have been open: recorded.
    const kept = await hub.api(`/api/kiosks/${k.device.id}/tap`, { body: { card: newCardUid(), visitId: randomUUID(), at: new Date(now - 3_600_000).toISOString(), kept: true }, token: k.token });
    expect(kept).toMatchObject({ status: 200, body: { status: 'unknown' } });
    // So is one from a bridge too old to say `kept`: its time is long past.
    const older = await hub.api(`/api/kiosks/${k.device.id}/tap`, { body: { card: newCardUid(), visitId: randomUUID(), at: new Date(now - 600_000).toISOString() }, token: k.token });
    expect(older).toMatchObject({ status: 200, body: { status: 'unknown' } });

    // 09:00: open. The schedule check finds it (here asked for at once): kiosks hear it, and a tap is taken.
    now = Date.parse('2026-11-30T08:00:00Z');
    hub.services.bus.emit('promotions.changed');
    await expect.poll(() => hours.at(-1)).toMatchObject({ open: true, opensAt: null });
    const open = await request<{ ok: true; data: { status: string } }>(kiosk, 'checkin:tap', { visitId: randomUUID(), card: newCardUid() });
    expect(open).toMatchObject({ ok: true, data: { status: 'unknown' } });
    const joined = await request(kiosk, 'shopper:enrol', enrolBody((open.data as unknown as { enrolTicket: string }).enrolTicket));
    expect(joined).toMatchObject({ ok: true });

    // 21:00: closed again, reopening tomorrow at 09:00.
    now = Date.parse('2026-11-30T20:00:00Z');
    hub.services.bus.emit('promotions.changed');
    await expect.poll(() => hours.at(-1)).toMatchObject({ open: false, opensAt: '2026-12-01T08:00:00.000Z', opensDay: 'tomorrow' });
  });
});
