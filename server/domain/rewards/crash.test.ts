import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RewardProgress } from '#shared/schemas/rewards.ts';
import { RECOVERED_DETAIL } from '#server/domain/accounts/audit.ts';
import { testCard } from '#server/testing/cards.ts';
import { answeredWithin, auditDayFile, auditLinesOnDisk, crashHubEach, cutJournalAfterVisit, jamNextWrite, sleep } from '#server/testing/crash.ts';
import { enrolByTap, pairKiosk } from '#server/testing/enrol.ts';
import { hubClient, request, type ClientSocket, type HubClient } from '#server/testing/test-hub.ts';

type Ack = { ok: true; data: any } | { ok: false; error: string; field?: string };

// Starts the hub as a process three times; allow for a busy machine.
describe('loyalty after a crash between the visit and its stamp (hub as a real process, kill -9)', { timeout: 120_000 }, () => {
  const crash = crashHubEach('loyalty-crash');

  const tap = async (kiosk: ClientSocket, card: string, visitId = randomUUID()) => {
    const ack = await request<Ack>(kiosk, 'checkin:tap', { visitId, card });
    expect(ack).toMatchObject({ ok: true, data: { status: 'welcome' } });
    return ack as { ok: true; data: any };
  };
  const stamps = async (client: HubClient, passId: string): Promise<number | undefined> => {
    const res = await client.api(`/api/pass/${passId}/rewards`);
    expect(res.status).toBe(200);
    return (res.body as RewardProgress[]).find((r) => r.name === 'a free coffee')?.stamps?.have;
  };

  it('a visit stored whose rewards frame a crash lost still earns its stamp, once, after the restart', async () => {
    const { hub, mallDir } = crash;
    await hub.start();
    const cookie = await hub.login();
    const made = await hub.api('/api/rewards', cookie, { name: 'a free coffee', kind: 'stamps', counts: 'mall', stamps: { visits: 5, periodDays: 30 }, validDays: 14, onRedeem: 'reset' });
    expect(made.status).toBe(200);
    let client = hubClient(hub.url);
    const { token, kiosk: paired } = await pairKiosk(client, cookie);
    let kiosk = paired;
    const card = testCard(77);
    const { passId } = await enrolByTap(kiosk, card);
    await tap(kiosk, card);
    const before = (await stamps(client, passId)) ?? 0;
    expect(before).toBeGreaterThan(0);

    // The visit is stored (its own frame), so the kiosk is answered with the new stamp; the
    // stamp's frame (cards, report row, note as applied) follows in the next append. A crash
    // between the two: the frames after the visit's are cut away. The stamp shown must be there
    // after the restart. (A checkpoint, every 5 s, may move the frames into the files first: then
    // tap again.)
    let lostVisitId = randomUUID();
    let shown = before;
    let cut = false;
    for (let attempt = 0; attempt < 3 && !cut; attempt++) {
      lostVisitId = randomUUID();
      const answer = await tap(kiosk, card, lostVisitId);
      shown++;
      expect(answer.data.shopper.rewards.find((r: RewardProgress) => r.name === 'a free coffee')?.stamps?.have).toBe(shown);
      await sleep(300);
      client.closeSockets();
      await hub.kill();
      cut = await cutJournalAfterVisit(mallDir, lostVisitId);
      if (!cut) {
        await hub.start();
        client = hubClient(hub.url);
        kiosk = await client.socket({ token });
      }
    }
    expect(cut).toBe(true);

    await hub.start();
    client = hubClient(hub.url);
    expect(await stamps(client, passId)).toBe(shown);
    // The kiosk's retry of that tap is a duplicate: no second stamp.
    kiosk = await client.socket({ token });
    expect((await tap(kiosk, card, lostVisitId)).data.duplicate).toBe(true);
    expect(await stamps(client, passId)).toBe(shown);
    client.closeSockets();

    // Starting again (after another crash) applies nothing twice.
    await hub.kill();
    await hub.start();
    client = hubClient(hub.url);
    expect(await stamps(client, passId)).toBe(shown);
    kiosk = await client.socket({ token });
    await tap(kiosk, card);
    expect(await stamps(client, passId)).toBe(shown + 1);
    client.closeSockets();
  });

  it('a visit whose feedback frame a crash lost still gets its feedback message queued, once', async () => {
    const { hub, mallDir } = crash;
    await hub.start();
    const cookie = await hub.login();
    let client = hubClient(hub.url);
    const { token, kiosk: paired } = await pairKiosk(client, cookie);
    let kiosk = paired;
    const settings = await hub.api('/api/loyalty/settings', cookie, { shopRewardsNeedApproval: true, kioskFeedback: false, feedbackEmailAfterMinutes: 30, feedbackEveryDays: 30 }, 'PUT');
    expect(settings.status).toBe(200);
    const feedbackFile = join(mallDir, 'feedback.json');
    const pendingFor = async (passId: string) => (JSON.parse(await readFile(feedbackFile, 'utf8')) as { pending: { shopperId: string }[] }).pending.filter((p) => p.shopperId === passId).length;

    // The joining visit is stored (its frame); the frame that queues its message follows in the
    // next append. A crash between the two: the frames after the visit's are cut away. (A
    // checkpoint may move them into the files first: then join another shopper.)
    let passId = '';
    let visitId = '';
    let cut = false;
    for (let attempt = 0; attempt < 3 && !cut; attempt++) {
      visitId = randomUUID();
      passId = (await enrolByTap(kiosk, testCard(78 + attempt * 100), { visitId, email: 'ola@example.com', consents: { marketing_email: true } })).passId;
      await sleep(300);
      client.closeSockets();
      await hub.kill();
      cut = await cutJournalAfterVisit(mallDir, visitId);
      if (!cut) {
        await hub.start();
        client = hubClient(hub.url);
        kiosk = await client.socket({ token });
      }
    }
    expect(cut).toBe(true);

    await hub.start();
    // Start-up followed the stored visit again, and wrote the file.
    expect(await pendingFor(passId)).toBe(1);
    client = hubClient(hub.url);
    kiosk = await client.socket({ token });
    client.closeSockets();
    await hub.kill();
    await hub.start();
    expect(await pendingFor(passId)).toBe(1);
  });

  it('a reward redeemed at the till before its audit line was written still gets the line (mount.ts: carried with the redemption)', async () => {
    const { hub, mallDir } = crash;
    await hub.start();
    const cookie = await hub.login();
    const made = await hub.api('/api/rewards', cookie, { name: 'a free coffee', kind: 'stamps', counts: 'mall', tenantId: 'bean-there', stamps: { visits: 2, periodDays: 30 }, validDays: 14, onRedeem: 'reset' });
    expect(made.status).toBe(200);
    let client = hubClient(hub.url);
    const { kiosk } = await pairKiosk(client, cookie);
    const card = testCard(79);
    // Joining and one more visit: the card's two stamps, a coffee ready.
    const { passId } = await enrolByTap(kiosk, card);
    await tap(kiosk, card);
    let bean = await client.login('bean-there', 'atrium-demo');
    const redeemLines = () => auditLinesOnDisk(mallDir, 'reward.redeem');

    // The redemption is journaled (its frame carries the audit line); the audit log's write hangs. Crash there.
    jamNextWrite(auditDayFile(mallDir));
    const body = { redemptionId: randomUUID(), passId, rewardId: made.body.id };
    expect(await answeredWithin(() => client.api('/api/till/rewards/redeem', { cookie: bean, body }))).toBe(false);
    client.closeSockets();
    await hub.kill();
    const journal = join(mallDir, 'journal');
    const journaled = (await Promise.all((await readdir(journal)).map((f) => readFile(join(journal, f), 'utf8')))).join('');
    expect(journaled).toContain(body.redemptionId);
    expect(await redeemLines()).toHaveLength(0);

    await hub.start();
    expect(await redeemLines()).toMatchObject([{ target: made.body.id, detail: RECOVERED_DETAIL }]);
    // The till's retry is answered as before; its line says it was a replay.
    client = hubClient(hub.url);
    bean = await client.login('bean-there', 'atrium-demo');
    expect((await client.api('/api/till/rewards/redeem', { cookie: bean, body })).body).toMatchObject({ redeemed: true, replayed: true });
    expect((await redeemLines()).map((l) => l.detail)).toEqual([RECOVERED_DETAIL, 'replayed']);
    await hub.kill();
    await hub.start();
    expect(await redeemLines()).toHaveLength(2);
    const today = new Date().toISOString().slice(0, 10);
    const audit = await hub.api(`/api/audit?from=${today}&to=${today}`, cookie);
    expect(JSON.stringify(audit.body)).toContain('reward.redeem');
  });
});
