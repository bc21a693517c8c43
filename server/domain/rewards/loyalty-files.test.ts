/**
 * rewards.json holds a card per shopper per reward, and feedback.json every answer of the
 * reporting horizon: both grow with the mall for years. A visit journals what it changed in them
 * (rewards: the cards, its report row and its note as applied, in one frame; feedback: its note
 * and the message it queued) instead of rewriting the whole file, which is brought up to date at
 * the journal's checkpoints. Before, every visit rewrote both files: at 200,000 members with two
 * rewards, ~40 MB per check-in. Through a real hub on a temporary folder.
 */
import { randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Reward, RewardProgress } from '#shared/schemas/rewards.ts';
import type { RewardsFileRecord } from '#server/storage/records.ts';
import { testCard } from '#server/testing/cards.ts';
import { enrolByTap } from '#server/testing/enrol.ts';
import { tempFolderEach } from '#server/testing/files.ts';
import { request, startTestHub, type ClientSocket, type TestHub } from '#server/testing/test-hub.ts';

type Ack = { ok: true; data: { status: string; shopper: { rewards: RewardProgress[] } } } | { ok: false; error: string };

describe('the loyalty files and a visit', () => {
  const tmp = tempFolderEach('atrium-loyalty-files-');
  let hub: TestHub | undefined;
  afterEach(async () => {
    await hub?.stop();
    hub = undefined;
  });

  const clock = { now: Date.parse('2026-11-02T10:00:00Z') };
  async function start() {
    // Checkpoints only when asked for: the test sees what a visit writes by itself.
    hub = await startTestHub({ k: 2, visitWindowMinutes: 0, checkpointSeconds: 600 }, tmp(), { now: () => clock.now });
    const operator = await hub.login();
    const kiosk = await hub.socket({ token: (await hub.pair('kiosk', 'food-court', undefined, operator)).token });
    return { hub, operator, kiosk };
  }
  const tap = async (kiosk: ClientSocket, card: string) => {
    // A stamp per visit at its own time (a card keeps one stamp per moment).
    clock.now += 60_000;
    const ack = await request<Ack>(kiosk, 'checkin:tap', { visitId: randomUUID(), card });
    if (!ack.ok || ack.data.status !== 'welcome') throw new Error(JSON.stringify(ack));
    return ack.data.shopper.rewards?.find((r) => r.name === 'a free coffee')?.stamps?.have;
  };
  /** A write replaces the file (temp file and rename): a new file, written at a new time. */
  const versionOf = async (name: string) => {
    const s = await stat(join(tmp(), 'demo', name));
    return `${s.ino}@${s.mtimeMs}`;
  };
  const stampsOf = async (h: TestHub, passId: string) => {
    const res = await h.api(`/api/pass/${passId}/rewards`);
    expect(res.status).toBe(200);
    return (res.body as RewardProgress[]).find((r) => r.name === 'a free coffee')?.stamps?.have;
  };

  it('a visit journals its card and does not rewrite rewards.json; the stamps are all there after a restart and a checkpoint', async () => {
    let { hub: h, operator, kiosk } = await start();
    const made = await h.api('/api/rewards', { cookie: operator, body: { name: 'a free coffee', kind: 'stamps', counts: 'mall', stamps: { visits: 50, periodDays: 30 }, validDays: 14, onRedeem: 'reset' } });
    expect(made.status).toBe(200);
    const cards = Array.from({ length: 12 }, (_, i) => testCard(601 + i));
    const passes: string[] = [];
    for (const c of cards) passes.push((await enrolByTap(kiosk, c)).passId);
    await h.services.rewards.written();
    const version = () => versionOf('rewards.json');
    const before = await version();
    // 36 visits by 12 card holders: each answered with its new stamp.
    for (let round = 2; round <= 4; round++) for (const c of cards) expect(await tap(kiosk, c)).toBe(round);
    await h.services.rewards.written();
    // Not one rewrite of the file (before: one per visit, or per group of visits under load).
    expect(await version()).toBe(before);
    const onDisk = JSON.parse(await readFile(join(tmp(), 'demo', 'rewards.json'), 'utf8')) as RewardsFileRecord;
    expect(Object.values(onDisk.cards).every((c) => c.stamps.length <= 1)).toBe(true);

    // The journal holds them until a checkpoint, which writes the file once with every card.
    await h.store.journal.checkpoint();
    expect(await version()).not.toBe(before);
    const checkpointed = JSON.parse(await readFile(join(tmp(), 'demo', 'rewards.json'), 'utf8')) as RewardsFileRecord;
    expect(Object.values(checkpointed.cards).map((c) => c.stamps.length)).toEqual(cards.map(() => 4));
    await h.stop();
    ({ hub: h, operator, kiosk } = await start());
    for (const p of passes) expect(await stampsOf(h, p)).toBe(4);
    expect(await tap(kiosk, cards[0])).toBe(5);
    expect((made.body as Reward).id).toBeTruthy();
  });

  it('a redemption and its card are one change: a retry is a replay, and both survive a restart', async () => {
    let { hub: h, operator, kiosk } = await start();
    const made = await h.api('/api/rewards', { cookie: operator, body: { name: 'a free coffee', kind: 'stamps', counts: 'mall', tenantId: 'bean-there', stamps: { visits: 2, periodDays: 30 }, validDays: 14, onRedeem: 'reset' } });
    expect(made.status).toBe(200);
    const card = testCard(631);
    const { passId } = await enrolByTap(kiosk, card);
    // Two visits: the coffee is ready, the card starts again.
    expect(await tap(kiosk, card)).toBe(0);
    let bean = await h.login('bean-there', 'atrium-demo');
    const body = { redemptionId: randomUUID(), passId, rewardId: (made.body as Reward).id };
    const [first, retry] = await Promise.all([
      h.api('/api/till/rewards/redeem', { cookie: bean, body }),
      h.api('/api/till/rewards/redeem', { cookie: bean, body }),
    ]);
    expect([first.body, retry.body]).toEqual(expect.arrayContaining([expect.objectContaining({ redeemed: true, replayed: false }), expect.objectContaining({ redeemed: true, replayed: true })]));
    expect(await stampsOf(h, passId)).toBe(0);
    await h.stop();
    ({ hub: h } = await start());
    bean = await h.login('bean-there', 'atrium-demo');
    expect(await stampsOf(h, passId)).toBe(0);
    expect((await h.api('/api/till/rewards/redeem', { cookie: bean, body })).body).toMatchObject({ redeemed: true, replayed: true });
    const other = await h.api('/api/till/rewards/redeem', { cookie: bean, body: { ...body, redemptionId: randomUUID() } });
    expect(other.status).toBe(409);
  });

  it('a visit queues its feedback message through the journal and does not rewrite feedback.json; the message is there after a restart', async () => {
    let { hub: h, operator, kiosk } = await start();
    const settings = await h.api('/api/loyalty/settings', { method: 'PUT', cookie: operator, body: { shopRewardsNeedApproval: true, kioskFeedback: false, feedbackEmailAfterMinutes: 30, feedbackEveryDays: 30 } });
    expect(settings.status).toBe(200);
    const cards = Array.from({ length: 6 }, (_, i) => testCard(641 + i));
    const passes: string[] = [];
    for (const c of cards) passes.push((await enrolByTap(kiosk, c, { email: 'ola@example.com', consents: { marketing_email: true } })).passId);
    await h.services.feedback.written();
    await h.store.journal.checkpoint();
    const before = await versionOf('feedback.json');
    const pendingOnDisk = async () => (JSON.parse(await readFile(join(tmp(), 'demo', 'feedback.json'), 'utf8')) as { pending: { shopperId: string }[] }).pending.map((p) => p.shopperId).sort();
    // The joins queued one message each; 18 more visits queue none (one waits already) and write nothing.
    expect(await pendingOnDisk()).toEqual([...passes].sort());
    for (let i = 0; i < 3; i++) for (const c of cards) await tap(kiosk, c);
    await h.services.feedback.written();
    expect(await versionOf('feedback.json')).toBe(before);

    // A new shopper's visit queues a message: journaled, in the file after a restart.
    const late = (await enrolByTap(kiosk, testCard(651), { email: 'ola@example.com', consents: { marketing_email: true } })).passId;
    await h.services.feedback.written();
    expect(await versionOf('feedback.json')).toBe(before);
    await h.stop();
    ({ hub: h } = await start());
    expect(await pendingOnDisk()).toEqual([...passes, late].sort());
  });
});
