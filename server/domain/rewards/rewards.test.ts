import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reward, RewardProgress } from '#shared/schemas/rewards.ts';
import type { TapResult } from '#shared/schemas/shoppers.ts';
import { testCard } from '#server/testing/cards.ts';
import { enrolByTap } from '#server/testing/enrol.ts';
import { snapshotFiles } from '#server/testing/files.ts';
import { request, startTestHub, type ClientSocket, type TestHub } from '#server/testing/test-hub.ts';

/** Switches the kiosks' recommend question on (it is off by default). */
async function askAtKiosks(hub: TestHub, operator: string): Promise<void> {
  const res = await hub.api('/api/loyalty/settings', { method: 'PUT', cookie: operator, body: { shopRewardsNeedApproval: true, kioskFeedback: true, feedbackEmailAfterMinutes: null, feedbackEveryDays: 30 } });
  expect(res.status).toBe(200);
}

type Ack<T> = { ok: true; data: T } | { ok: false; error: string; field?: string };
const DAY = 86400_000;

describe('rewards: stamp cards earned by honest visits, redeemed once at the till', () => {
  let hub: TestHub;
  let operator: string;
  let bean: string;
  let kiosk: ClientSocket;
  let clock = Date.parse('2026-11-02T10:00:00Z');
  let coffee: Reward;
  const card = testCard(41);
  let passId: string;

  beforeAll(async () => {
    hub = await startTestHub({ k: 2 }, undefined, { now: () => clock });
    operator = await hub.login();
    bean = await hub.login('bean-there', 'atrium-demo');
    await askAtKiosks(hub, operator);
    kiosk = await hub.socket({ token: (await hub.pair('kiosk', 'food-court', undefined, operator)).token });
  });
  afterAll(() => hub.stop());

  const tap = async (c = card) => {
    const ack = await request<Ack<TapResult>>(kiosk, 'checkin:tap', { visitId: randomUUID(), card: c });
    if (!ack.ok || ack.data.status !== 'welcome') throw new Error(JSON.stringify(ack));
    return ack.data.shopper;
  };
  const redeem = (body: Record<string, unknown>, cookie = bean) => hub.api('/api/till/rewards/redeem', { cookie, body });

  it('an operator makes a mall-wide stamp card redeemed at one shop; a shop’s own waits for approval', async () => {
    const res = await hub.api('/api/rewards', {
      cookie: operator,
      body: { name: 'a free coffee', kind: 'stamps', counts: 'mall', tenantId: 'bean-there', stamps: { visits: 3, periodDays: 30 }, validDays: 14, onRedeem: 'reset' },
    });
    expect(res.status).toBe(200);
    coffee = res.body as Reward;
    expect(coffee).toMatchObject({ status: 'active', owner: 'mall', shop: 'Bean There Coffee' });
    const own = await hub.api('/api/rewards', { cookie: bean, body: { name: 'a cake', kind: 'stamps', counts: 'shop', tenantId: 'threadline', stamps: { visits: 5, periodDays: 60 } } });
    expect(own.status).toBe(200);
    // The shop's own, whatever shop the body names, and pending until an operator approves it.
    expect(own.body).toMatchObject({ owner: 'shop', tenantId: 'bean-there', status: 'pending' });
    const approved = await hub.api(`/api/rewards/${(own.body as Reward).id}/approve`, { method: 'POST', cookie: operator });
    expect(approved.body).toMatchObject({ status: 'active' });
  });

  it('refuses a bad reward naming the field, and writes nothing', async () => {
    await hub.store.flush();
    const before = await snapshotFiles(join(hub.dataRoot, 'demo'));
    const zero = await hub.api('/api/rewards', { cookie: operator, body: { name: 'x', kind: 'stamps', counts: 'mall', stamps: { visits: 0, periodDays: 30 } } });
    expect(zero).toMatchObject({ status: 400, body: { field: 'stamps.visits' } });
    const negative = await hub.api('/api/rewards', { cookie: operator, body: { name: 'x', kind: 'stamps', counts: 'mall', stamps: { visits: -2, periodDays: 30 } } });
    expect(negative).toMatchObject({ status: 400, body: { field: 'stamps.visits' } });
    const dear = await hub.api('/api/rewards', {
      cookie: operator,
      body: { name: 'x', kind: 'points', counts: 'mall', points: { perVisit: 10, periodDays: 30, catalogue: [{ id: 'mug', name: 'Mug', points: 50 }, { id: 'bike', name: 'Bike', points: 301 }] } },
    });
    expect(dear).toMatchObject({ status: 400, body: { field: 'points.catalogue.1.points' } });
    expect((dear.body as { error: string }).error).toMatch(/300 points/);
    const noShop = await hub.api('/api/rewards', { cookie: operator, body: { name: 'x', kind: 'stamps', counts: 'mall', tenantId: 'nowhere', stamps: { visits: 2, periodDays: 30 } } });
    expect(noShop).toMatchObject({ status: 400, body: { field: 'tenantId' } });
    await hub.store.flush();
    expect(await snapshotFiles(join(hub.dataRoot, 'demo'))).toEqual(before);
  });

  it('three visits on three days earn it; a resting card and a retry earn nothing', async () => {
    passId = (await enrolByTap(kiosk, card)).passId;
    // The joining visit is the first stamp; taps during the same visit add none.
    clock += 60_000;
    const resting = await tap();
    expect(resting.rewards?.[0]).toMatchObject<Partial<RewardProgress>>({ name: 'a free coffee', shop: 'Bean There Coffee', stamps: { have: 1, need: 3 }, ready: [] });
    expect(resting.askFeedback).toBeUndefined();
    clock += DAY;
    const second = await tap();
    expect(second.rewards?.[0]).toMatchObject({ stamps: { have: 2, need: 3 } });
    expect(second.askFeedback).toBe(true);
    clock += DAY;
    const third = await tap();
    expect(third.rewards?.[0]).toMatchObject({ stamps: { have: 0, need: 3 }, ready: [{ expiresAt: new Date(clock + 14 * DAY).toISOString() }] });
    // The pass page shows the same.
    const pass = await hub.api(`/api/pass/${passId}/rewards`);
    expect(pass.body).toMatchObject([{ rewardId: coffee.id, ready: [expect.anything()] }]);
  });

  it('the till redeems it once; a second redemption is refused; a retry is answered as before', async () => {
    const id = randomUUID();
    const first = await redeem({ redemptionId: id, passId, rewardId: coffee.id });
    expect(first).toMatchObject({ status: 200, body: { redeemed: true, replayed: false, reward: 'a free coffee' } });
    expect((await redeem({ redemptionId: id, passId, rewardId: coffee.id })).body).toMatchObject({ redeemed: true, replayed: true });
    const again = await redeem({ redemptionId: randomUUID(), passId, rewardId: coffee.id });
    expect(again).toMatchObject({ status: 409, body: { field: 'rewardId' } });
    // Another shop cannot redeem Bean There's reward; the same id for another pass is refused.
    const invite = await hub.api('/api/users', { cookie: operator, body: { username: 'thread', role: 'tenant', tenantId: 'threadline' } });
    const token = String((invite.body as { link: string }).link).split('#invite=')[1];
    expect((await hub.api('/api/auth/accept-invite', { body: { token, password: 'threadline secret' } })).status).toBe(200);
    const threads = await hub.login('thread', 'threadline secret');
    expect(await redeem({ redemptionId: randomUUID(), passId, rewardId: coffee.id }, threads)).toMatchObject({ status: 404, body: { field: 'rewardId' } });
    const other = (await enrolByTap(kiosk, testCard(42))).passId;
    expect(await redeem({ redemptionId: id, passId: other, rewardId: coffee.id })).toMatchObject({ status: 409, body: { field: 'redemptionId' } });
    const audit = await hub.api(`/api/audit?from=${new Date(clock - DAY).toISOString().slice(0, 10)}&to=${new Date(clock + DAY).toISOString().slice(0, 10)}`, { cookie: operator });
    expect(JSON.stringify(audit.body)).toContain('reward.redeem');
  });

  it('an earned reward past its time is refused as expired', async () => {
    clock += DAY;
    await tap();
    clock += DAY;
    await tap();
    clock += DAY;
    expect((await tap()).rewards?.[0]?.ready).toHaveLength(1);
    clock += 15 * DAY;
    const late = await redeem({ redemptionId: randomUUID(), passId, rewardId: coffee.id });
    expect(late).toMatchObject({ status: 409, body: { field: 'rewardId' } });
    expect((late.body as { error: string }).error).toMatch(/expired/);
  });

  it('the report counts earned and redeemed rewards, hiding cells under K', async () => {
    const from = '2026-11-01';
    const to = '2026-12-31';
    const report = await hub.api(`/api/reports/rewards?from=${from}&to=${to}`, { cookie: operator });
    expect(report.status).toBe(200);
    const row = (report.body as { rewards: { id: string; earned: unknown; redeemed: unknown }[] }).rewards.find((r) => r.id === coffee.id);
    // One shopper earned and redeemed it: below K = 2, so neither is shown.
    expect(row).toMatchObject({ earned: { value: null, suppressed: true }, redeemed: { value: null, suppressed: true } });
    expect((await hub.api(`/api/reports/rewards?from=${to}&to=${from}`, { cookie: operator })).body).toMatchObject({ field: 'to' });
  });

  it('a shop’s points scheme: points for visits to the shop, an item redeemed for its points, refusals naming the field', async () => {
    const made = await hub.api('/api/rewards', {
      cookie: operator,
      body: { name: 'Bean club', kind: 'points', counts: 'shop', tenantId: 'bean-there', points: { perVisit: 10, periodDays: 30, catalogue: [{ id: 'muffin', name: 'A muffin', points: 20 }] } },
    });
    expect(made.status).toBe(200);
    const club = made.body as Reward;
    const member = (await enrolByTap(kiosk, testCard(43))).passId;
    const scan = () => hub.api('/api/till/visits', { cookie: bean, body: { visitId: randomUUID(), passId: member } });
    await scan();
    // The same visit to the shop scanned again: no more points.
    await scan();
    expect(await redeem({ redemptionId: randomUUID(), passId: member, rewardId: club.id })).toMatchObject({ status: 400, body: { field: 'itemId' } });
    expect(await redeem({ redemptionId: randomUUID(), passId: member, rewardId: club.id, itemId: 'muffin' })).toMatchObject({ status: 409, body: { field: 'itemId' } });
    clock += DAY;
    await scan();
    const clubOf = async () => ((await hub.api(`/api/pass/${member}/rewards`)).body as RewardProgress[]).find((r) => r.rewardId === club.id);
    expect(await clubOf()).toMatchObject({ points: { balance: 20 } });
    expect(await redeem({ redemptionId: randomUUID(), passId: member, rewardId: club.id, itemId: 'cake' })).toMatchObject({ status: 404, body: { field: 'itemId' } });
    expect(await redeem({ redemptionId: randomUUID(), passId: member, rewardId: club.id, itemId: 'muffin' })).toMatchObject({ status: 200, body: { item: 'A muffin' } });
    expect(await clubOf()).toMatchObject({ points: { balance: 0 } });
  });

  it('erasing the pass drops its stamp cards; the counts stay', async () => {
    const visitor = hub.services.shoppers.get(passId)!.visitor!;
    expect(Object.keys(hub.services.rewards.data.cards).some((k) => k.endsWith(`|${visitor}`))).toBe(true);
    expect((await hub.api(`/api/pass/${passId}/erase`, { body: { confirm: 'erase' } })).status).toBe(200);
    await expect.poll(() => Object.keys(hub.services.rewards.data.cards).some((k) => k.endsWith(`|${visitor}`))).toBe(false);
    expect(Object.values(hub.services.rewards.data.redemptions).length).toBeGreaterThan(0);
    expect((await hub.api(`/api/pass/${passId}/rewards`)).status).toBe(404);
  });
});

describe('one-question feedback at the kiosk', () => {
  let hub: TestHub;
  let operator: string;
  let kiosk: ClientSocket;
  let clock = Date.parse('2026-11-02T10:00:00Z');

  beforeAll(async () => {
    hub = await startTestHub({ k: 2 }, undefined, { now: () => clock });
    operator = await hub.login();
    // Off until an operator switches it on.
    expect((await hub.api('/api/loyalty/settings', { cookie: operator })).body).toMatchObject({ kioskFeedback: false });
    await askAtKiosks(hub, operator);
    kiosk = await hub.socket({ token: (await hub.pair('kiosk', 'food-court', undefined, operator)).token });
  });
  afterAll(() => hub.stop());

  /** A shopper joins, and is welcomed back a day later: the question is about that second visit. */
  async function welcomedBack(n: number) {
    const { passId } = await enrolByTap(kiosk, testCard(n), { language: 'kk' });
    const again = await request<Ack<TapResult>>(kiosk, 'checkin:tap', { visitId: randomUUID(), card: testCard(n) });
    // Tapped again within the visit of joining: no new visit, no question.
    expect(again.ok && again.data.status === 'welcome' && again.data.shopper.askFeedback).toBeFalsy();
    clock += DAY;
    const visitId = randomUUID();
    const back = await request<Ack<TapResult>>(kiosk, 'checkin:tap', { visitId, card: testCard(n) });
    expect(back.ok && back.data.status === 'welcome' && back.data.shopper.askFeedback).toBe(true);
    return { visitId, passId };
  }

  const nps = async () => (await hub.api('/api/reports/nps?from=2026-11-01&to=2026-11-30', { cookie: operator })).body as { byZone: { zoneId: string; cell: unknown }[]; total: unknown };

  it('refuses 11, "ten" and visits not asked about, naming the field, writing nothing; then takes one answer per visit', async () => {
    const { visitId, passId } = await welcomedBack(1);
    // The visit's own followers (its reward row) are written after the ack: let them land first.
    await hub.services.rewards.written();
    await hub.store.flush();
    const before = await snapshotFiles(join(hub.dataRoot, 'demo'));
    expect(await request(kiosk, 'feedback:score', { visitId, passId, score: 11 })).toMatchObject({ ok: false, field: 'score' });
    expect(await request(kiosk, 'feedback:score', { visitId, passId, score: 'ten' })).toMatchObject({ ok: false, field: 'score' });
    expect(await request(kiosk, 'feedback:score', { visitId, passId, score: 7.5 })).toMatchObject({ ok: false, field: 'score' });
    expect(await request(kiosk, 'feedback:score', { visitId: randomUUID(), passId, score: 9 })).toMatchObject({ ok: false, field: 'visitId' });
    await hub.store.flush();
    expect(await snapshotFiles(join(hub.dataRoot, 'demo'))).toEqual(before);
    expect(await request(kiosk, 'feedback:score', { visitId, passId, score: 10 })).toEqual({ ok: true, data: {} });
    expect(await request(kiosk, 'feedback:score', { visitId, passId, score: 10 })).toMatchObject({ ok: false, field: 'visitId' });
  });

  it('NPS by zone is hidden below K answers and shown from K on', async () => {
    expect((await nps()).byZone).toEqual([{ zoneId: 'food-court', zone: expect.any(String), cell: { answers: null, nps: null, comments: null, suppressed: true } }]);
    const second = await welcomedBack(2);
    expect(await request(kiosk, 'feedback:score', { ...second, score: 3 })).toEqual({ ok: true, data: {} });
    // One promoter (10), one detractor (3): NPS 0 over 2 answers.
    expect((await nps()).byZone).toEqual([{ zoneId: 'food-court', zone: expect.any(String), cell: { answers: 2, nps: 0, comments: 0, suppressed: false } }]);
  });
});
