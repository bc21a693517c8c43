import { constants, publicEncrypt, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolByTap } from '#server/testing/enrol.ts';
import { testCard } from '#server/testing/cards.ts';
import { testHubForBlock } from '#server/testing/operator-hub.ts';
import { request, startTestHub, type ClientSocket, type TestHub } from '#server/testing/test-hub.ts';

const CONSENTS = { analytics: true, marketing_email: false, marketing_sms: false };

/** Joins a card at a kiosk socket; returns the pass id. */
const join = async (kiosk: ClientSocket, card: string): Promise<string> => (await enrolByTap(kiosk, card, { consents: CONSENTS })).passId;

describe('one arrival, one visit: reads while the shopper is here are not new visits', () => {
  let hub: TestHub;
  let kiosk: ClientSocket;
  let kioskToken: string;
  let kioskId: string;
  let foodCourt: ClientSocket;
  beforeAll(async () => {
    hub = await startTestHub({ k: 2, timezone: 'UTC' });
    const paired = await hub.pair('kiosk', 'entrance');
    kioskToken = paired.token;
    kioskId = paired.device.id;
    kiosk = await hub.socket({ token: kioskToken });
    foodCourt = await hub.socket({ token: (await hub.pair('kiosk', 'food-court')).token });
  });
  afterAll(() => hub.stop());

  const pass = async (passId: string) => (await hub.api(`/api/pass/${passId}`)).body;

  it('a card tapped again and again, resting on the reader, is one visit at every touchpoint', async () => {
    const card = testCard(101);
    const passId = await join(kiosk, card);
    // The wedge / socket tap, three times in a row: the greeting's visit number does not climb.
    for (let i = 0; i < 3; i++) {
      const tap = await request<any>(kiosk, 'checkin:tap', { visitId: randomUUID(), card });
      expect(tap.data).toMatchObject({ status: 'welcome', shopper: { visitCount: 1 } });
    }
    // The pass QR, the reader bridge and an offline replay of a sealed tap from a moment ago.
    expect((await request<any>(kiosk, 'checkin:pass', { visitId: randomUUID(), passId })).data.shopper.visitCount).toBe(1);
    const bridged = await hub.api(`/api/kiosks/${kioskId}/tap`, { token: kioskToken, body: { card } });
    expect(bridged.body.status).toBe('welcome');
    const { spki } = (await hub.api('/api/kiosk/offline-key', { token: kioskToken })).body;
    const key = { key: Buffer.from(spki, 'base64'), format: 'der' as const, type: 'spki' as const, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' };
    const sealed = publicEncrypt(key, Buffer.from(card)).toString('base64');
    const replay = await request<any>(kiosk, 'checkin:sealed', { visitId: randomUUID(), at: new Date(Date.now() - 30_000).toISOString(), sealed });
    expect(replay.data.shopper.visitCount).toBe(1);
    const view = await pass(passId);
    expect(view.visitCount).toBe(1);
    expect(view.recentVisits).toHaveLength(1);
    // Today's check-ins on the dashboard count the one arrival.
    const dash = await hub.api('/api/dashboard', { cookie: await hub.login() });
    expect(dash.body.checkins.today.reduce((a: number, b: number) => a + b, 0)).toBe(1);
  });

  it('a read in another zone is a visit to that zone, once per arrival there, not a second mall visit', async () => {
    const card = testCard(102);
    const passId = await join(kiosk, card);
    for (let i = 0; i < 2; i++) {
      const there = await request<any>(foodCourt, 'checkin:tap', { visitId: randomUUID(), card });
      expect(there.data.shopper.visitCount).toBe(1);
    }
    const view = await pass(passId);
    expect(view.visitCount).toBe(1);
    expect(view.recentVisits.map((v: any) => v.zone).sort()).toEqual(['Food court', 'Main entrance']);
  });

  it('a till scan is a visit to the shop once per arrival there, and is no second mall visit', async () => {
    const passId = await join(kiosk, testCard(103));
    const bean = await hub.login('bean-there', 'atrium-demo');
    const first = await hub.api('/api/till/visits', { cookie: bean, body: { visitId: randomUUID(), passId } });
    expect(first.body).toMatchObject({ recorded: true });
    const again = await hub.api('/api/till/visits', { cookie: bean, body: { visitId: randomUUID(), passId } });
    expect(again.body).toMatchObject({ recorded: false });
    expect((await pass(passId)).visitCount).toBe(1);
  });

  it('segments follow: three quick taps leave a new member new, not returning', async () => {
    const card = testCard(104);
    const passId = await join(kiosk, card);
    for (let i = 0; i < 5; i++) await request<any>(kiosk, 'checkin:tap', { visitId: randomUUID(), card });
    const shopper = hub.services.shoppers.get(passId)!;
    const keys = hub.services.presence.counts();
    expect(shopper.visitCount).toBe(1);
    expect(shopper.recentVisits).toHaveLength(1);
    expect(keys.mall.get('returning') ?? 0).toBe(0);
  });
});

describe('the visit window: a read after the shopper was away begins a new visit', () => {
  // A window of 0.6 s, so "away" can be waited for.
  const hub = testHubForBlock({ k: 2, timezone: 'UTC', visitWindowMinutes: 0.01 });

  it('counts the next arrival once the window has passed', async () => {
    const kiosk = await hub().socket({ token: (await hub().pair('kiosk', 'entrance')).token });
    const card = testCard(105);
    await join(kiosk, card);
    expect((await request<any>(kiosk, 'checkin:tap', { visitId: randomUUID(), card })).data.shopper.visitCount).toBe(1);
    await new Promise((r) => setTimeout(r, 800));
    expect((await request<any>(kiosk, 'checkin:tap', { visitId: randomUUID(), card })).data.shopper.visitCount).toBe(2);
    expect((await request<any>(kiosk, 'checkin:tap', { visitId: randomUUID(), card })).data.shopper.visitCount).toBe(2);
  });

  it('records a check-in replayed across UTC midnight once, whatever time its retry carries (issue 14)', async () => {
    const paired = await hub().pair('kiosk', 'entrance');
    const kiosk = await hub().socket({ token: paired.token });
    const card = testCard(106);
    const passId = await join(kiosk, card);
    const away = () => new Promise((r) => setTimeout(r, 800));
    const count = async () => (await hub().api(`/api/pass/${passId}`)).body.visitCount;
    const midnight = Date.parse(new Date().toISOString().slice(0, 10) + 'T00:00:00Z');
    const before = new Date(midnight - 10_000).toISOString();
    const after = new Date(midnight + 2_000).toISOString();

    // A pass scan stamped 23:59:50, retried stamped 00:00:02 the next day.
    await away();
    const v1 = randomUUID();
    expect((await request<any>(kiosk, 'checkin:pass', { visitId: v1, passId, at: before })).data.duplicate).toBe(false);
    expect((await request<any>(kiosk, 'checkin:pass', { visitId: v1, passId, at: after })).data.duplicate).toBe(true);
    expect(await count()).toBe(2);

    // A sealed card tap from the offline queue, the same.
    const { spki } = (await hub().api('/api/kiosk/offline-key', { token: paired.token })).body;
    const key = { key: Buffer.from(spki, 'base64'), format: 'der' as const, type: 'spki' as const, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' };
    const sealed = () => publicEncrypt(key, Buffer.from(card)).toString('base64');
    const v2 = randomUUID();
    const yesterday = (t: number) => new Date(t - 86400_000).toISOString();
    expect((await request<any>(kiosk, 'checkin:sealed', { visitId: v2, at: yesterday(midnight - 10_000), sealed: sealed() })).data.duplicate).toBe(false);
    expect((await request<any>(kiosk, 'checkin:sealed', { visitId: v2, at: yesterday(midnight + 2_000), sealed: sealed() })).data.duplicate).toBe(true);
    expect(await count()).toBe(3);

    // First sent with no time (the hub()'s clock), then retried carrying another day's time.
    await away();
    const v3 = randomUUID();
    expect((await request<any>(kiosk, 'checkin:pass', { visitId: v3, passId })).data.duplicate).toBe(false);
    expect(await count()).toBe(4);
    expect((await request<any>(kiosk, 'checkin:pass', { visitId: v3, passId, at: yesterday(Date.now()) })).data.duplicate).toBe(true);
    expect(await count()).toBe(4);
  });
});
