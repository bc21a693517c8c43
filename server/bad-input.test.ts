import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { testCard } from './testing/cards.ts';
import { enrolBody as validEnrolBody } from './testing/enrol.ts';
import { snapshotFiles } from './testing/files.ts';
import { operatorHub, testHubForBlock } from './testing/operator-hub.ts';
import { request, startTestHub, type ClientSocket, type TestHub } from './testing/test-hub.ts';

type Ack = { ok: true; data: any } | { ok: false; error: string; field?: string };

/** A clean JSON error: `{error, field?}`, nothing else, no stack trace or file path. */
function expectError(res: { status: number; body: any }, status: number, field?: string): void {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(typeof res.body).toBe('object');
  expect(typeof res.body.error).toBe('string');
  expect(Object.keys(res.body).every((k) => k === 'error' || k === 'field')).toBe(true);
  expect(JSON.stringify(res.body)).not.toMatch(/\bat .+:\d+|node_modules|\.ts\b|Error:/);
  if (field) expect(res.body.field).toBe(field);
}

function expectRefused(ack: Ack, field?: string): asserts ack is Extract<Ack, { ok: false }> {
  expect(ack.ok, JSON.stringify(ack)).toBe(false);
  if (ack.ok) return;
  expect(typeof ack.error).toBe('string');
  expect(ack.error).not.toMatch(/\bat .+:\d+|node_modules|\.ts\b/);
  if (field) expect(ack.field).toBe(field);
}

/** A valid enrol body with `extra` laid over it as it is (a whole `consents` replaces the valid one), to send bad values. */
const enrolBody = (enrolTicket: string, extra: Record<string, unknown> = {}) => ({ ...validEnrolBody(enrolTicket), ...extra });

describe('HTTP bad input', () => {
  const mall = operatorHub();

  it('malformed JSON is a 400', async () => {
    const { hub, cookie } = mall;
    expectError(await hub.api('/api/auth/login', { raw: '{"username": "operator", "password": ' }), 400);
    expectError(await hub.api('/api/devices/pair', { raw: "{code: 'ABCDEF'}", cookie }), 400);
    expect((await hub.api('/api/auth/login', { raw: '{' })).body.error).toBe('malformed JSON');
  });

  it.each(['"operator"', 'null', '42', 'true'])('a JSON body that is not an object (%s) is a 400', async (raw) => {
    const { hub } = mall;
    expectError(await hub.api('/api/auth/login', { raw }), 400);
  });

  it('a missing body is a 400', async () => {
    const { hub, cookie } = mall;
    const res = await hub.api('/api/auth/login', { method: 'POST' });
    expectError(res, 400);
    expect(res.body.error).toBe('expected a JSON body');
    expectError(await hub.api('/api/devices/pair', { method: 'POST', cookie }), 400);
  });

  it('a body that is not sent as JSON is not read, and is a 400', async () => {
    const { hub } = mall;
    expectError(await hub.api('/api/auth/login', { raw: '{"username":"operator","password":"atrium-demo"}', contentType: 'text/plain' }), 400);
    expectError(await hub.api('/api/auth/login', { raw: 'username=operator&password=atrium-demo', contentType: 'application/x-www-form-urlencoded' }), 400);
  });

  it('an unsupported charset is a 415', async () => {
    const { hub } = mall;
    expectError(await hub.api('/api/auth/login', { raw: '{"username":"a","password":"b"}', contentType: 'application/json; charset=latin9' }), 415);
  });

  it.each([
    [{ username: 5, password: 'x' }, 'username'],
    [{ username: 'operator', password: ['atrium-demo'] }, 'password'],
    [{ username: 'operator' }, 'password'],
    [{ username: '', password: 'x' }, 'username'],
    [{ username: 'x'.repeat(101), password: 'x' }, 'username'],
  ])('login with a wrong type or value is a 400 naming the field (%j)', async (body, field) => {
    const { hub } = mall;
    expectError(await hub.api('/api/auth/login', { body }), 400, field);
  });

  it.each([
    [{ code: 123456, name: 'Kiosk', zoneId: 'entrance' }, 'code'],
    [{ code: 'ABC', name: 'Kiosk', zoneId: 'entrance' }, 'code'],
    [{ code: 'ABCDE0', name: 'Kiosk', zoneId: 'entrance' }, 'code'],
    [{ code: 'ABCDEF', name: '', zoneId: 'entrance' }, 'name'],
    [{ code: 'ABCDEF', name: 'Kiosk', zoneId: 'the entrance!' }, 'zoneId'],
    [{ code: 'ABCDEF', name: { first: 'x' }, zoneId: 'entrance' }, 'name'],
  ])('pairing with a wrong type or value is a 400 naming the field (%j)', async (body, field) => {
    const { hub, cookie } = mall;
    expectError(await hub.api('/api/devices/pair', { body, cookie }), 400, field);
  });

  it('unknown fields are refused by name', async () => {
    const { hub, cookie } = mall;
    const login = await hub.api('/api/auth/login', { body: { username: 'operator', password: 'atrium-demo', role: 'operator' } });
    expectError(login, 400, 'role');
    expect(login.body.error).toContain('role');
    expectError(await hub.api('/api/devices/pair', { body: { code: 'ABCDEF', name: 'K', zoneId: 'entrance', token: 't' }, cookie }), 400, 'token');
    expectError(await hub.api('/api/auth/login', { raw: '{"__proto__":{"admin":true},"username":"operator","password":"atrium-demo"}' }), 400, '__proto__');
  });

  it('an oversized body is a 413', async () => {
    const { hub } = mall;
    const big = JSON.stringify({ username: 'operator', password: 'x'.repeat(33 * 1024) });
    const res = await hub.api('/api/auth/login', { raw: big });
    expectError(res, 413);
    expect(res.body.error).toBe('request body too large');
  });

  it('an unknown API route, or a known one with the wrong method, is a JSON 404', async () => {
    const { hub, cookie } = mall;
    expectError(await hub.api('/api/nothing-here'), 404);
    expectError(await hub.api('/api/nothing-here', { body: {}, cookie }), 404);
    expectError(await hub.api('/api/health', { method: 'DELETE' }), 404);
    expectError(await hub.api('/api/auth/login'), 404);
  });

  it('a bad path parameter is a 4xx naming it, never a 500', async () => {
    const { hub, cookie } = mall;
    expectError(await hub.api(`/api/devices/${'x'.repeat(65)}/revoke`, { method: 'POST', cookie }), 400, 'id');
    expectError(await hub.api('/api/devices/no-such-device/revoke', { method: 'POST', cookie }), 404, 'id');
    // Broken percent-encoding cannot even be decoded.
    expectError(await hub.api('/api/devices/%E0%A4%A/revoke', { method: 'POST', cookie }), 400);
  });

  it('none of the refused requests above wrote anything', async () => {
    const { hub, cookie } = mall;
    const before = await snapshotFiles(join(hub.dataRoot, 'demo'));
    expectError(await hub.api('/api/devices/pair', { body: { code: 'ABCDEF', name: 'K', zoneId: 'nowhere', extra: 1 }, cookie }), 400, 'extra');
    expectError(await hub.api('/api/devices/pair', { raw: '{"code":', cookie }), 400);
    expectError(await hub.api('/api/auth/login', { body: { username: 'operator', password: 'atrium-demo', x: 1 } }), 400, 'x');
    await hub.store.flush();
    expect(await snapshotFiles(join(hub.dataRoot, 'demo'))).toEqual(before);
    expect((await hub.api('/api/devices', { cookie })).body).toEqual([]);
  });
});

describe('socket bad input', () => {
  let hub: TestHub;
  let kiosk: ClientSocket;
  let otherKiosk: ClientSocket;
  let nextCard = 1;
  const mallDir = () => join(hub.dataRoot, 'demo');
  let cookie: string;
  const health = async () => (await hub.api('/api/health', { cookie })).body.counts;

  beforeAll(async () => {
    // Window 0: every check-in with a later time is a visit; these tests are about replays and races.
    hub = await startTestHub({ visitWindowMinutes: 0 });
    cookie = await hub.login();
    kiosk = await hub.socket({ token: (await hub.pair('kiosk', 'entrance', 'Kiosk A', cookie)).token });
    otherKiosk = await hub.socket({ token: (await hub.pair('kiosk', 'tech', 'Kiosk B', cookie)).token });
  });
  afterAll(() => hub.stop());

  const tap = (card: string, extra: Record<string, unknown> = {}, s = kiosk) => request<Ack>(s, 'checkin:tap', { visitId: randomUUID(), card, ...extra });

  async function ticketFor(card: string, s = kiosk): Promise<string> {
    const ack = await tap(card, {}, s);
    if (!ack.ok || ack.data.status !== 'unknown') throw new Error(`expected an unknown card, got ${JSON.stringify(ack)}`);
    return ack.data.enrolTicket;
  }

  async function enrolled(): Promise<{ card: string; passId: string }> {
    const card = testCard(nextCard++);
    const ack = await request<Ack>(kiosk, 'shopper:enrol', enrolBody(await ticketFor(card)));
    if (!ack.ok) throw new Error(`enrol failed: ${JSON.stringify(ack)}`);
    return { card, passId: ack.data.passId };
  }

  it.each([
    [{ visitId: 'not-a-uuid', card: '4111111111111111' }, 'visitId'],
    [{ visitId: randomUUID(), card: 4111111111111111 }, 'card'],
    [{ visitId: randomUUID(), card: '' }, 'card'],
    [{ visitId: randomUUID(), card: '4'.repeat(201) }, 'card'],
    [{ visitId: randomUUID(), card: '4111111111111111', at: 'yesterday' }, 'at'],
    [{ visitId: randomUUID() }, 'card'],
    [{ visitId: randomUUID(), card: '4111111111111111', shopperName: 'Ann' }, 'shopperName'],
    [JSON.parse(`{"visitId":"${randomUUID()}","card":"4111111111111111","__proto__":{"admin":true}}`), '__proto__'],
  ])('checkin:tap with a wrong type or unknown field is refused naming the field (%j)', async (payload, field) => {
    expectRefused(await request<Ack>(kiosk, 'checkin:tap', payload), field);
  });

  it.each([['a string'], [null], [[1, 2]], [42]])('a payload that is not an object (%j) is refused', async (payload) => {
    expectRefused(await request<Ack>(kiosk, 'checkin:tap', payload));
  });

  it('an event sent with no payload, only an ack, is refused', async () => {
    const ack = await new Promise<Ack>((resolve) => (kiosk as unknown as { emit: (...a: unknown[]) => void }).emit('checkin:tap', resolve));
    expectRefused(ack);
  });

  it('an unknown event gets an error ack', async () => {
    const ack = await request<Ack>(kiosk, 'shopper:delete-everyone', {});
    expectRefused(ack);
    expect(ack.error).toContain('unknown event');
  });

  it('an event sent without an ack does no harm and the socket still answers', async () => {
    (kiosk as unknown as { emit: (...a: unknown[]) => void }).emit('checkin:tap', { visitId: 'x' });
    (kiosk as unknown as { emit: (...a: unknown[]) => void }).emit('no-such-event');
    const ack = await request<Ack>(kiosk, 'presence:get', {});
    expect(ack.ok).toBe(true);
  });

  it.each([
    ['a number that fails the Luhn check', '4111111111111112'],
    ['letters', 'hello kiosk'],
    ['a UID of the wrong length', 'DE:AD:BE'],
    ['a swipe with a bad PAN', '%B4111111111111112^DOE/JOHN^2912101?'],
    ['markup', '<img src=x onerror=alert(1)>'],
  ])('a card that cannot be read (%s) is refused naming `card`, without echoing it, and nothing is written', async (_what, card) => {
    await hub.store.flush();
    const files = await snapshotFiles(mallDir());
    const counts = await health();
    const ack = await tap(card);
    expectRefused(ack, 'card');
    expect(ack.error).not.toContain(card);
    await hub.store.flush();
    expect(await snapshotFiles(mallDir())).toEqual(files);
    expect(await health()).toEqual(counts);
  });

  it('a check-in dated in the future or too far back is refused naming `at`', async () => {
    const { card } = await enrolled();
    expectRefused(await tap(card, { at: new Date(Date.now() + 3600_000).toISOString() }), 'at');
    expectRefused(await tap(card, { at: new Date(Date.now() - 8 * 86400_000).toISOString() }), 'at');
  });

  it('a replayed visit id is recorded once and answered as a duplicate', async () => {
    const { card } = await enrolled(); // visit 1
    const visitId = randomUUID();
    const first = await tap(card, { visitId });
    expect(first).toMatchObject({ ok: true, data: { status: 'welcome', duplicate: false, shopper: { visitCount: 2 } } });
    const countsAfterFirst = await health();
    const replay = await tap(card, { visitId });
    expect(replay).toMatchObject({ ok: true, data: { status: 'welcome', duplicate: true, shopper: { visitCount: 2 } } });
    expect(await health()).toEqual(countsAfterFirst);
    const next = await tap(card);
    expect(next).toMatchObject({ ok: true, data: { duplicate: false, shopper: { visitCount: 3 } } });
  });

  it('a visit id sent twice at once (a retry racing the original) is recorded once', async () => {
    const { card, passId } = await enrolled(); // visit 1
    const visitCountBefore = (await health()).visits;
    const visitId = randomUUID();
    const [a, b] = await Promise.all([tap(card, { visitId }), request<Ack>(kiosk, 'checkin:pass', { visitId, passId })]);
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect([a.data.duplicate, b.data.duplicate].sort()).toEqual([false, true]);
    expect((await health()).visits).toBe(visitCountBefore + 1);
    const next = await tap(card);
    expect(next).toMatchObject({ ok: true, data: { shopper: { visitCount: 3 } } });
  });

  it('checkin:pass refuses a malformed or unknown pass id naming `passId`', async () => {
    expectRefused(await request<Ack>(kiosk, 'checkin:pass', { visitId: randomUUID(), passId: 'short' }), 'passId');
    expectRefused(await request<Ack>(kiosk, 'checkin:pass', { visitId: randomUUID(), passId: 'A'.repeat(22) }), 'passId');
  });

  it('enrolment with an unknown ticket is refused naming `enrolTicket`', async () => {
    expectRefused(await request<Ack>(kiosk, 'shopper:enrol', enrolBody('x'.repeat(32))), 'enrolTicket');
    expectRefused(await request<Ack>(kiosk, 'shopper:enrol', enrolBody('short')), 'enrolTicket');
  });

  it('enrolment with an expired ticket is refused', async () => {
    const ticket = await ticketFor(testCard(nextCard++));
    // The hub's clock moves 6 minutes on once the request is sent: the client in this same process
    // checks its heartbeat against Date.now when it emits, so the clock must still be right then.
    const sent = request<Ack>(kiosk, 'shopper:enrol', enrolBody(ticket));
    const realNow = Date.now.bind(Date);
    const spy = vi.spyOn(Date, 'now').mockImplementation(() => realNow() + 6 * 60_000);
    try {
      expectRefused(await sent, 'enrolTicket');
    } finally {
      spy.mockRestore();
    }
    // Expired is gone: it does not come back when the clock does.
    expectRefused(await request<Ack>(kiosk, 'shopper:enrol', enrolBody(ticket)), 'enrolTicket');
  });

  it('a ticket only works at the kiosk the card was tapped on', async () => {
    const ticket = await ticketFor(testCard(nextCard++));
    expectRefused(await request<Ack>(otherKiosk, 'shopper:enrol', enrolBody(ticket)), 'enrolTicket');
  });

  it.each([
    [{ consentTextVersion: '2020-01-v0' }, 'consentTextVersion'],
    [{ membership: false }, 'membership'],
    [{ language: 'xx' }, 'language'],
    [{ consents: { analytics: true, marketing_email: false } }, 'consents.marketing_sms'],
    [{ consents: { analytics: 'yes', marketing_email: false, marketing_sms: false } }, 'consents.analytics'],
    [{ consents: { analytics: true, marketing_email: false, marketing_sms: false, marketing_fax: true } }, 'consents.marketing_fax'],
    [{ firstName: 'x'.repeat(41) }, 'firstName'],
    [{ email: 'a@b.c' }, 'email'],
    [{ interests: ['not-one-of-the-malls'] }, 'interests.0'],
    [{ interests: 'coffee' }, 'interests'],
    [{ homeArea: 'atlantis' }, 'homeArea'],
    [{ ageBand: '200+' }, 'ageBand'],
    [{ visitId: 7 }, 'visitId'],
  ])('enrolment with %j is refused naming the field, writes nothing, and leaves the ticket usable', async (extra, field) => {
    const card = testCard(nextCard++);
    const ticket = await ticketFor(card);
    await hub.store.flush();
    const files = await snapshotFiles(mallDir());
    expectRefused(await request<Ack>(kiosk, 'shopper:enrol', enrolBody(ticket, extra)), field);
    await hub.store.flush();
    expect(await snapshotFiles(mallDir())).toEqual(files);
    const ok = await request<Ack>(kiosk, 'shopper:enrol', enrolBody(ticket));
    expect(ok).toMatchObject({ ok: true, data: { visitCount: 1 } });
  });

  it('a ticket joins once: using it again is refused', async () => {
    const ticket = await ticketFor(testCard(nextCard++));
    expect((await request<Ack>(kiosk, 'shopper:enrol', enrolBody(ticket))).ok).toBe(true);
    const shoppers = (await health()).shoppers;
    expectRefused(await request<Ack>(kiosk, 'shopper:enrol', enrolBody(ticket)), 'enrolTicket');
    expect((await health()).shoppers).toBe(shoppers);
  });

  it('one card joins once, even with two tickets enrolled at the same moment', async () => {
    const card = testCard(nextCard++);
    const [t1, t2] = [await ticketFor(card), await ticketFor(card)];
    const shoppers = (await health()).shoppers;
    const acks = await Promise.all([request<Ack>(kiosk, 'shopper:enrol', enrolBody(t1)), request<Ack>(kiosk, 'shopper:enrol', enrolBody(t2))]);
    expect(acks.filter((a) => a.ok)).toHaveLength(1);
    expectRefused(acks.find((a) => !a.ok)!, 'enrolTicket');
    expect((await health()).shoppers).toBe(shoppers + 1);
    expect(await tap(card)).toMatchObject({ ok: true, data: { status: 'welcome', shopper: { visitCount: 2 } } });
  });
});

describe('rate limits', () => {
  const hub = testHubForBlock();

  it('a wrong pairing code is a 404 naming `code`; too many are a 429', async () => {
    const cookie = await hub().login();
    const wrong = () => hub().api('/api/devices/pair', { body: { code: 'ZZZZZZ', name: 'Kiosk', zoneId: 'entrance' }, cookie });
    for (let i = 0; i < 10; i++) expectError(await wrong(), 404, 'code');
    expectError(await wrong(), 429);
    expectError(await wrong(), 429);
    expect((await hub().api('/api/devices', { cookie })).body).toEqual([]);
  });

  it('too many pairing requests from one address are refused', async () => {
    const offered: ClientSocket[] = [];
    let refused = 0;
    for (let i = 0; i < 22; i++) {
      let outcome!: Promise<'offer' | 'disconnect'>;
      const s = await hub().socket({ pair: 'screen' }, undefined, (s) => {
        outcome = new Promise((resolve) => {
          s.once('pairing:offer', () => resolve('offer'));
          s.once('disconnect', () => resolve('disconnect'));
        });
      });
      if ((await outcome) === 'offer') offered.push(s);
      else refused++;
    }
    expect(offered.length).toBe(20);
    expect(refused).toBe(2);
  });

  it('successful sign-ins are not rationed: a whole shop floor can sign in from one address', async () => {
    for (let i = 0; i < 30; i++) {
      expect((await hub().api('/api/auth/login', { body: { username: 'operator', password: 'atrium-demo' } })).status).toBe(200);
    }
  });

  it('repeated wrong passwords lock the user out from that address with a 429, even for the right password', async () => {
    const attempt = (password: string) => hub().api('/api/auth/login', { body: { username: 'bean-there', password } });
    for (let i = 0; i < 5; i++) expectError(await attempt(`guess-${i}`), 401);
    expectError(await attempt('guess-9'), 429);
    expectError(await attempt('atrium-demo'), 429);
    // Another user is not locked out by them.
    expect((await hub().api('/api/auth/login', { body: { username: 'operator', password: 'atrium-demo' } })).status).toBe(200);
  });
});
