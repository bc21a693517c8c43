import { constants, publicEncrypt, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { READER_DEFAULTS } from '#shared/cards.ts';
import type { Device } from '#shared/schemas/devices.ts';
import { ReaderSettings } from '#shared/schemas/reader.ts';
import { enrolBody } from '#server/testing/enrol.ts';
import { operatorHub } from '#server/testing/operator-hub.ts';
import { request } from '#server/testing/test-hub.ts';

const CONSENTS = { analytics: true, marketing_email: false, marketing_sms: false };

describe('one card, one token: each kiosk reads cards with the reader settings set for it in the panel', () => {
  const mall = operatorHub();

  it('the zod defaults and the kiosk’s zod-free defaults agree', () => {
    expect(ReaderSettings.parse({})).toEqual(READER_DEFAULTS);
  });

  it('a card enrolled at kiosk A is known at kiosk B, whose reader prints its bytes reversed, on every path', async () => {
    const { hub, cookie } = mall;
    const a = await hub.pair('kiosk', 'entrance');
    const b = await hub.pair('kiosk', 'food-court');
    const atA = await hub.socket({ token: a.token });
    const atB = await hub.socket({ token: b.token });
    const hellos: Device[] = [];
    atB.on('device:hello', (d) => hellos.push(d));

    const tap = await request<any>(atA, 'checkin:tap', { visitId: randomUUID(), card: '1EA68671' });
    expect(tap.data.status).toBe('unknown');
    const enrolled = await request<any>(atA, 'shopper:enrol', enrolBody(tap.data.enrolTicket, { consents: CONSENTS }));
    expect(enrolled.ok).toBe(true);

    // Before the operator says how B's reader prints: a stranger, as reported.
    expect((await request<any>(atB, 'checkin:tap', { visitId: randomUUID(), card: '7186A61E' })).data.status).toBe('unknown');

    const set = await hub.api(`/api/devices/${b.device.id}/settings`, { body: { reader: { byteOrder: 'reversed' } }, cookie });
    expect(set).toMatchObject({ status: 200, body: { kiosk: { reader: { ...READER_DEFAULTS, byteOrder: 'reversed' } } } });
    await expect.poll(() => hellos.at(-1)?.kiosk?.reader.byteOrder).toBe('reversed');

    // The wedge (socket), in hex and in decimal (0x7186A61E = 1904649758).
    for (const card of ['7186A61E', '71:86:a6:1e', '1904649758']) {
      expect((await request<any>(atB, 'checkin:tap', { visitId: randomUUID(), card })).data, card).toMatchObject({ status: 'welcome' });
    }
    // The reader bridge with no per-tap format: the kiosk's settings apply.
    const bridged = await hub.api(`/api/kiosks/${b.device.id}/tap`, { token: b.token, body: { card: '7186A61E' } });
    expect(bridged.body).toMatchObject({ status: 'welcome' });
    // An offline tap replayed later.
    const { spki } = (await hub.api('/api/kiosk/offline-key', { token: b.token })).body;
    const key = { key: Buffer.from(spki, 'base64'), format: 'der' as const, type: 'spki' as const, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' };
    const sealed = publicEncrypt(key, Buffer.from('1904649758')).toString('base64');
    expect((await request<any>(atB, 'checkin:sealed', { visitId: randomUUID(), at: new Date().toISOString(), sealed })).data).toMatchObject({ status: 'welcome' });
    // A kiosk that read the wedge itself sends the canonical form: taken as it is, not reversed again.
    expect((await request<any>(atB, 'checkin:tap', { visitId: randomUUID(), card: 'uid:1EA68671' })).data).toMatchObject({ status: 'welcome' });
    // Kiosk A, as delivered, still reads it the right way round.
    expect((await request<any>(atA, 'checkin:tap', { visitId: randomUUID(), card: '1EA68671' })).data).toMatchObject({ status: 'welcome' });
  });

  it('prefix, suffix and decimal width from the panel; bad reader settings name the field and change nothing', async () => {
    const { hub, cookie } = mall;
    const k = await hub.pair('kiosk', 'entrance');
    const at = `/api/devices/${k.device.id}/settings`;
    const reader = { format: 'decimal', decimalBytes: 7, prefix: '[', suffix: ']' };
    expect(await hub.api(at, { body: { reader }, cookie })).toMatchObject({ status: 200, body: { kiosk: { reader } } });
    const socket = await hub.socket({ token: k.token });
    // A 7-byte UID 00000000ABCDEF printed in decimal with its leading zero bytes dropped: 11259375.
    const tap = await request<any>(socket, 'checkin:tap', { visitId: randomUUID(), card: '[11259375]' });
    await request<any>(socket, 'shopper:enrol', enrolBody(tap.data.enrolTicket, { consents: CONSENTS }));
    expect((await request<any>(socket, 'checkin:tap', { visitId: randomUUID(), card: 'uid:00000000ABCDEF' })).data).toMatchObject({ status: 'welcome' });

    for (const [body, field] of [
      [{ reader: { byteOrder: 'backwards' } }, 'reader.byteOrder'],
      [{ reader: { decimalBytes: 5 } }, 'reader.decimalBytes'],
      [{ reader: { prefix: 'a b' } }, 'reader.prefix'],
      [{ reader: { slow: 'yes' } }, 'reader.slow'],
      [{ reader: { colour: 'red' } }, 'reader.colour'],
    ] as const) {
      expect(await hub.api(at, { body, cookie }), JSON.stringify(body)).toMatchObject({ status: 400, body: { field } });
    }
    expect((await hub.api('/api/devices', { cookie })).body.find((d: Device) => d.id === k.device.id).kiosk.reader).toMatchObject(reader);
    const screen = await hub.pair('screen', 'entrance');
    expect(await hub.api(`/api/devices/${screen.device.id}/settings`, { body: { reader: {} }, cookie })).toMatchObject({ status: 400, body: { field: 'reader' } });
  });
});
