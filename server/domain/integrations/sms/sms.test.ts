import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { localSmsc } from '#server/testing/smsc.ts';
import { enrolByTap, enrolBody } from '#server/testing/enrol.ts';
import { request, startTestHub, type ClientSocket, type TestHub } from '#server/testing/test-hub.ts';
import { SMS_WORDS } from '#shared/sms/words.ts';

const settings = (port: number, extra: Record<string, unknown> = {}) => ({
  host: '127.0.0.1',
  port,
  tls: false,
  systemId: 'atrium',
  password: 'secret1',
  bind: 'transceiver',
  sourceAddr: 'Galeria',
  perSecond: 20,
  stopKeyword: 'stop',
  ...extra,
});

/** The log as the panel reads it. */
const smsLog = async (hub: TestHub, cookie: string) => (await hub.api('/api/settings/sms-log', { cookie })).body as any[];

describe('SMS over SMPP, against a local SMS centre', () => {
  let hub: TestHub;
  let cookie: string;
  let kiosk: ClientSocket;
  let smsc: Awaited<ReturnType<typeof localSmsc>>;
  let card = 4000;

  beforeAll(async () => {
    hub = await startTestHub({ testOnlyAllowLoopbackOutbound: true, smsRetrySeconds: [0.3], smsTimeoutMs: 500 });
    cookie = await hub.login();
    kiosk = await hub.socket({ token: (await hub.pair('kiosk', 'entrance', 'Kiosk', cookie)).token });
    smsc = await localSmsc();
  });
  afterAll(async () => {
    kiosk.disconnect();
    await hub.stop();
    await smsc.close();
  });

  const join = (phone: string, language: 'pl' | 'en' = 'pl', firstName = 'Zofia') =>
    enrolByTap(kiosk, `04A1B2C3D4${(card++).toString(16).toUpperCase().padStart(4, '0')}`, { language, firstName, phone, consents: { marketing_sms: true } });

  it('keeps the settings without ever showing the password, and refuses bad ones naming the field', async () => {
    expect((await hub.api('/api/settings/smpp/test', { cookie, body: { to: '+48601234567' } })).status).toBe(503);
    const bad = async (body: unknown) => (await hub.api('/api/settings/smpp', { cookie, body })).body;
    expect(await bad(settings(smsc.port, { port: 0 }))).toMatchObject({ field: 'port' });
    expect(await bad(settings(smsc.port, { sourceAddr: 'A sender name too long' }))).toMatchObject({ field: 'sourceAddr' });
    expect(await bad(settings(smsc.port, { stopKeyword: 'two words' }))).toMatchObject({ field: 'stopKeyword' });
    expect(await bad(settings(smsc.port, { bind: 'receiver' }))).toMatchObject({ field: 'bind' });
    expect(await bad(settings(smsc.port, { host: '169.254.169.254' }))).toMatchObject({ field: 'host' });
    expect((await hub.api('/api/settings/smpp', { cookie })).body).toBeNull();

    expect((await hub.api('/api/settings/smpp', { cookie, body: settings(smsc.port) })).status).toBe(200);
    const view = (await hub.api('/api/settings/smpp', { cookie })).body;
    expect(view).toMatchObject({ host: '127.0.0.1', systemId: 'atrium', stopKeyword: 'STOP', passwordSet: true });
    expect(JSON.stringify(view)).not.toContain('secret1');
    // The receiving session is bound at once, so a STOP can come in before anything is sent.
    await vi.waitFor(() => expect(smsc.listening()).toBe(true));
  });

  it('sends a test text, and refuses a number that is not E.164, naming the field', async () => {
    for (const to of ['601234567', '+48 123', 'not a number', '+44 20 7946 0958' /* a London landline */]) {
      const res = await hub.api('/api/settings/smpp/test', { cookie, body: { to } });
      expect(res.status, to).toBe(400);
      expect(res.body).toMatchObject({ field: 'to' });
    }
    expect(smsc.parts).toHaveLength(0);
    expect((await hub.api('/api/settings/smpp/test', { cookie, body: { to: '+48 601 234 567' } })).body).toEqual({ ok: true });
    expect(smsc.parts.at(-1)).toMatchObject({ to: '48601234567', from: 'Galeria', dataCoding: 0, text: `${hub.services.mall.record.name}: SMS from your Atrium hub works.` });
    expect((await smsLog(hub, cookie))[0]).toMatchObject({ kind: 'test', status: 'sent', parts: 1, encoding: 'gsm7' });
  });

  it('a Polish shopper who joins with SMS consent gets the welcome text in Polish: UCS-2, concatenated, with delivery receipts', async () => {
    const before = smsc.parts.length;
    const { passId } = await join('+48 601 234 567');
    await vi.waitFor(() => expect(smsc.parts.length).toBeGreaterThan(before + 1));
    const parts = smsc.parts.slice(before);
    const expected = SMS_WORDS.pl.welcome({ mall: hub.services.mall.record.name, name: 'Zofia', url: `${hub.url}/pass/${passId}`, stop: 'STOP' });
    // ą ę ł ś ż are not in the GSM 7-bit alphabet: UCS-2, 67 characters a part beside the UDH.
    expect(parts.every((p) => p.dataCoding === 8 && (p.esmClass & 0x40) === 0x40 && p.registeredDelivery === 1 && p.to === '48601234567')).toBe(true);
    expect(parts.map((p) => p.concat)).toEqual(parts.map((_, i) => ({ ref: parts[0].concat!.ref, total: parts.length, seq: i + 1 })));
    expect(parts.map((p) => p.text).join('')).toBe(expected);
    expect(Math.max(...parts.map((p) => p.text.length))).toBeLessThanOrEqual(67);
    // The stored number is E.164.
    expect(hub.store.shoppers.get(passId)!.phone).toBe('+48601234567');

    const [entry] = await smsLog(hub, cookie);
    expect(entry).toMatchObject({ kind: 'welcome', status: 'sent', attempts: 1, parts: parts.length, encoding: 'ucs2', receipt: null });
    expect(JSON.stringify(await smsLog(hub, cookie))).not.toMatch(/601|48601234567|pass\//);
    for (const p of parts) expect(await smsc.receipt(p.messageId)).toEqual([0]);
    await vi.waitFor(async () => expect((await smsLog(hub, cookie))[0]).toMatchObject({ kind: 'welcome', receipt: 'delivered' }));
  });

  it('a STOP reply withdraws marketing_sms in the ledger (channel sms); the pass shows it, and the number is gone', async () => {
    const { passId } = await join('+48 602 345 678');
    await vi.waitFor(async () => expect((await smsLog(hub, cookie))[0]).toMatchObject({ kind: 'welcome', status: 'sent' }));
    expect(await smsc.reply('48602345678', ' Stop ')).toEqual([0]);
    await vi.waitFor(() => expect(hub.store.shoppers.get(passId)!.consent.marketing_sms).toBe(false));
    const pass = (await hub.api(`/api/pass/${passId}`)).body;
    expect(pass.consents.marketing_sms).toBe(false);
    expect(pass.phone).toBeUndefined();
    expect(pass.receipts[0]).toMatchObject({ place: 'sms', purposes: [{ purpose: 'marketing_sms', granted: false }] });
    expect((await smsLog(hub, cookie))[0]).toMatchObject({ kind: 'stop', status: 'withdrawn', lastError: null });
    // Any other reply is not a withdrawal.
    const { passId: other } = await join('+48 603 456 789', 'en', 'Ann');
    await vi.waitFor(async () => expect((await smsLog(hub, cookie))[0]).toMatchObject({ kind: 'welcome', status: 'sent' }));
    expect(await smsc.reply('48603456789', 'Thanks, see you')).toEqual([0]);
    expect(hub.store.shoppers.get(other)!.consent.marketing_sms).toBe(true);
  });

  it('a STOP from a number no shopper has is logged naming source_addr, and changes nothing', async () => {
    const ledgers = JSON.stringify([...hub.store.shoppers.values()].map((s) => [s.id, s.consent]));
    expect(await smsc.reply('48609999999', 'STOP')).toEqual([0]);
    await vi.waitFor(async () => expect((await smsLog(hub, cookie))[0]).toMatchObject({ kind: 'stop', status: 'ignored', lastError: 'source_addr: no shopper has this number' }));
    expect(await smsc.reply('GALERIA', 'STOP')).toEqual([0]);
    await vi.waitFor(async () => expect((await smsLog(hub, cookie))[0]).toMatchObject({ kind: 'stop', status: 'ignored', lastError: 'source_addr: not a phone number' }));
    expect(JSON.stringify([...hub.store.shoppers.values()].map((s) => [s.id, s.consent]))).toBe(ledgers);
  });

  it('refuses to join with a number that is not a mobile number, naming phone, and keeps nothing', async () => {
    const count = hub.store.shoppers.size;
    for (const phone of ['+48 123', '12', '+44 20 7946 0958']) {
      const tap = await request<any>(kiosk, 'checkin:tap', { visitId: randomUUID(), card: `04FFEE${(card++).toString(16).toUpperCase().padStart(8, '0')}` });
      const ack = await request<any>(kiosk, 'shopper:enrol', enrolBody(tap.data.enrolTicket, { phone, consents: { marketing_sms: true } }));
      expect(ack, phone).toMatchObject({ ok: false, field: 'phone' });
    }
    expect(hub.store.shoppers.size).toBe(count);
  });
});

describe('SMS when the SMS centre misbehaves', () => {
  let hub: TestHub;
  let cookie: string;
  beforeAll(async () => {
    hub = await startTestHub({ testOnlyAllowLoopbackOutbound: true, smsRetrySeconds: [0.3], smsTimeoutMs: 400 });
    cookie = await hub.login();
  });
  afterAll(() => hub.stop());

  it('a refused bind is reported in our words, logged as failed, and the hub carries on', async () => {
    const smsc = await localSmsc({ password: 'other' });
    await hub.api('/api/settings/smpp', { cookie, body: settings(smsc.port) });
    const res = await hub.api('/api/settings/smpp/test', { cookie, body: { to: '+48601234567' } });
    expect(res.status).toBe(502);
    expect(res.body.error).toMatch(/refused the sign-in \(bind\)/);
    expect((await smsLog(hub, cookie))[0]).toMatchObject({ kind: 'test', status: 'failed', lastError: expect.stringMatching(/bind/) });
    expect(smsc.parts).toHaveLength(0);
    expect((await hub.api('/api/health')).status).toBe(200);
    await smsc.close();
  });

  it('an SMS centre that never answers the bind times out, named, and nothing is left half-sent', async () => {
    const smsc = await localSmsc({ silent: true });
    await hub.api('/api/settings/smpp', { cookie, body: settings(smsc.port) });
    const res = await hub.api('/api/settings/smpp/test', { cookie, body: { to: '+48601234567' } });
    expect(res.status).toBe(502);
    expect(res.body.error).toMatch(/did not answer in time \(the sign-in \(bind\)\)/);
    expect((await smsLog(hub, cookie)).filter((e) => e.status === 'pending')).toEqual([]);
    await smsc.close();
  });

  it('a welcome text is retried after the retry schedule when the bind is refused, then sent', async () => {
    const smsc = await localSmsc({ refuseBinds: 2 });
    await hub.api('/api/settings/smpp', { cookie, body: settings(smsc.port) });
    const kiosk = await hub.socket({ token: (await hub.pair('kiosk', 'entrance', 'Kiosk', cookie)).token });
    await enrolByTap(kiosk, '04C0FFEE010203', { language: 'hu', firstName: 'Ödön', phone: '+36 30 123 4567', consents: { marketing_sms: true } });
    await vi.waitFor(() => expect(smsc.parts.length).toBeGreaterThan(0), { timeout: 4000 });
    const [entry] = await smsLog(hub, cookie);
    expect(entry).toMatchObject({ kind: 'welcome', status: 'sent', encoding: 'ucs2' });
    expect(entry.attempts).toBeGreaterThanOrEqual(2);
    expect(smsc.binds.filter((b) => b.endsWith('refused'))).toHaveLength(2);
    kiosk.disconnect();
    await smsc.close();
  });
});

describe('SMS bound as transmitter, with a receiver for replies', () => {
  let hub: TestHub;
  let cookie: string;
  beforeAll(async () => {
    hub = await startTestHub({ testOnlyAllowLoopbackOutbound: true, smsTimeoutMs: 2000 });
    cookie = await hub.login();
  });
  afterAll(() => hub.stop());

  it('sends on the transmitter session and takes STOP on the receiver one', async () => {
    const smsc = await localSmsc();
    await hub.api('/api/settings/smpp', { cookie, body: settings(smsc.port, { bind: 'transmitter', sourceAddr: '+48500100200', stopKeyword: 'KONIEC' }) });
    await vi.waitFor(() => expect(smsc.binds).toContain('receiver:ok'));
    const kiosk = await hub.socket({ token: (await hub.pair('kiosk', 'entrance', 'Kiosk', cookie)).token });
    const { passId } = await enrolByTap(kiosk, '04D0D0D0D0D001', { language: 'kk', phone: '+7 701 123 4567', consents: { marketing_sms: true } });
    await vi.waitFor(() => expect(smsc.parts.length).toBeGreaterThan(0));
    expect(smsc.binds).toContain('transmitter:ok');
    expect(smsc.parts.every((p) => p.from === '48500100200' && p.to === '77011234567' && p.dataCoding === 8)).toBe(true);
    // STOP is not this mall's word; KONIEC is.
    expect(await smsc.reply('77011234567', 'STOP')).toEqual([0]);
    expect(hub.store.shoppers.get(passId)!.consent.marketing_sms).toBe(true);
    expect(await smsc.reply('77011234567', 'koniec')).toEqual([0]);
    await vi.waitFor(() => expect(hub.store.shoppers.get(passId)!.consent.marketing_sms).toBe(false));
    kiosk.disconnect();
    await smsc.close();
  });
});
