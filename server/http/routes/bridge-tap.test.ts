import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sealCard } from '#shared/card-seal.ts';
import type { ReaderNotice } from '#shared/schemas/pass.ts';
import { enrolBody } from '#server/testing/enrol.ts';
import { operatorHub } from '#server/testing/operator-hub.ts';
import { request } from '#server/testing/test-hub.ts';

const CONSENTS = { analytics: true, marketing_email: false, marketing_sms: false };

describe('the reader bridge hands the hub a sealed card and speaks to its kiosk’s screen', () => {
  const mall = operatorHub();

  it('a sealed PAN from the bridge is the same shopper as the same PAN typed by a wedge; its replay is recorded once', async () => {
    const { hub } = mall;
    // Joined by the wedge at the entrance; the bridge reads the card at the food court (a zone visit of its own).
    const entrance = await hub.socket({ token: (await hub.pair('kiosk', 'entrance')).token });
    const wedge = await request<any>(entrance, 'checkin:tap', { visitId: randomUUID(), card: '4111 1111 1111 1111' });
    const joined = await request<any>(entrance, 'shopper:enrol', enrolBody(wedge.data.enrolTicket, { consents: CONSENTS }));
    const k = await hub.pair('kiosk', 'food-court');
    const socket = await hub.socket({ token: k.token });
    const tapped: unknown[] = [];
    socket.on('kiosk:tap', (r) => tapped.push(r));

    const { spki } = (await hub.api('/api/kiosk/offline-key', { token: k.token })).body;
    const visitId = randomUUID();
    const body = { sealed: await sealCard('pan:4111111111111111', spki), visitId, at: new Date().toISOString() };
    const first = await hub.api(`/api/kiosks/${k.device.id}/tap`, { token: k.token, body });
    expect(first).toMatchObject({ status: 200, body: { status: 'welcome', duplicate: false, delivered: true } });
    await expect.poll(() => tapped.length).toBe(1);
    const again = await hub.api(`/api/kiosks/${k.device.id}/tap`, { token: k.token, body });
    expect(again).toMatchObject({ status: 200, body: { status: 'welcome', duplicate: true } });
    const view = (await hub.api(`/api/shoppers/${joined.data.passId}`, { cookie: mall.cookie })).body;
    expect(view.pass.recentVisits.filter((v: { id: string }) => v.id === visitId)).toHaveLength(1);
  });

  it('a read the bridge kept while the hub was away is recorded at its time but does not greet on the kiosk now', async () => {
    const { hub } = mall;
    const k = await hub.pair('kiosk', 'entrance');
    const socket = await hub.socket({ token: k.token });
    const tapped: unknown[] = [];
    socket.on('kiosk:tap', (r) => tapped.push(r));
    const { spki } = (await hub.api('/api/kiosk/offline-key', { token: k.token })).body;
    const at = new Date(Date.now() - 60_000).toISOString();
    const kept = { sealed: await sealCard('uid:04A1B2C3D4E5F6', spki), visitId: randomUUID(), at, kept: true };
    expect(await hub.api(`/api/kiosks/${k.device.id}/tap`, { token: k.token, body: kept })).toMatchObject({ status: 200, body: { status: 'unknown' } });
    // A live read right after does greet: had the kept one been pushed, it would have come first.
    const live = { sealed: await sealCard('uid:04A1B2C3D4E5F7', spki), visitId: randomUUID(), at: new Date().toISOString() };
    expect((await hub.api(`/api/kiosks/${k.device.id}/tap`, { token: k.token, body: live })).status).toBe(200);
    await expect.poll(() => tapped.length).toBe(1);
    expect(tapped).toHaveLength(1);
  });

  it('bad bridge taps are refused naming the field, and nothing is recorded', async () => {
    const { hub } = mall;
    const k = await hub.pair('kiosk', 'entrance');
    const at = `/api/kiosks/${k.device.id}/tap`;
    const { spki } = (await hub.api('/api/kiosk/offline-key', { token: k.token })).body;
    for (const [body, field] of [
      [{}, 'card'],
      [{ card: '4111111111111111', sealed: await sealCard('pan:4111111111111111', spki) }, 'card'],
      [{ sealed: 'not base64 at all!' }, 'sealed'],
      [{ sealed: 'A'.repeat(344) }, 'sealed'],
      [{ sealed: await sealCard('pan:4111111111111111', spki), at: 'yesterday' }, 'at'],
      [{ sealed: await sealCard('pan:4111111111111111', spki), kept: 'yes' }, 'kept'],
    ] as const) {
      expect(await hub.api(at, { token: k.token, body }), JSON.stringify(body).slice(0, 40)).toMatchObject({ status: 400, body: { field } });
    }
    // A wrong kiosk token is refused before anything is opened.
    expect((await hub.api(at, { token: 'x'.repeat(43), body: { sealed: await sealCard('pan:4111111111111111', spki) } })).status).toBe(401);
  });

  it('"a card is being read" and "tap again" reach only that kiosk’s screen', async () => {
    const { hub } = mall;
    const k = await hub.pair('kiosk', 'entrance');
    const other = await hub.pair('kiosk', 'entrance');
    const socket = await hub.socket({ token: k.token });
    const otherSocket = await hub.socket({ token: other.token });
    const heard: ReaderNotice[] = [];
    const overheard: ReaderNotice[] = [];
    socket.on('kiosk:reader', (n) => heard.push(n));
    otherSocket.on('kiosk:reader', (n) => overheard.push(n));
    expect(await hub.api(`/api/kiosks/${k.device.id}/reader`, { token: k.token, body: { state: 'reading' } })).toMatchObject({ status: 200, body: { delivered: true } });
    expect(await hub.api(`/api/kiosks/${k.device.id}/reader`, { token: k.token, body: { state: 'retry' } })).toMatchObject({ status: 200 });
    await expect.poll(() => heard).toEqual([{ state: 'reading' }, { state: 'retry' }]);
    expect(await hub.api(`/api/kiosks/${k.device.id}/reader`, { token: k.token, body: { state: 'card 4111' } })).toMatchObject({ status: 400, body: { field: 'state' } });
    expect(await hub.api(`/api/kiosks/${k.device.id}/reader`, { token: other.token, body: { state: 'reading' } })).toMatchObject({ status: 403, body: { field: 'id' } });
    // A round trip on the other socket: anything sent to it would have arrived by now.
    await request<any>(otherSocket, 'presence:get', {});
    expect(overheard).toEqual([]);
  });
});
