import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NpsReport } from '#shared/schemas/feedback.ts';
import { testCard } from '#server/testing/cards.ts';
import { enrolByTap } from '#server/testing/enrol.ts';
import { smtpSink } from '#server/testing/smtp-sink.ts';
import { request, startTestHub, type ClientSocket, type TestHub } from '#server/testing/test-hub.ts';

const DAY = 86400_000;

/** A mail's raw source with quoted-printable soft breaks and `=3D` undone, enough to read its links. */
const plain = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');

describe('post-visit feedback email: a while after a visit, consented shoppers only, at most once per N days', () => {
  let hub: TestHub;
  let operator: string;
  let kiosk: ClientSocket;
  let sink: Awaited<ReturnType<typeof smtpSink>>;
  let clock = Date.parse('2026-11-02T10:00:00Z');
  let emailed: string;
  let silent: string;
  const feedbackMails = () => sink.mails.filter((m) => /recommend|polecisz/i.test(plain(m.raw)) && m.raw.includes('feedback='));

  beforeAll(async () => {
    sink = await smtpSink();
    hub = await startTestHub({ k: 2, testOnlyAllowLoopbackOutbound: true }, undefined, { now: () => clock });
    operator = await hub.login();
    await hub.api('/api/settings/smtp', { cookie: operator, body: { host: '127.0.0.1', port: sink.port, secure: false, user: 'atrium', password: 'smtp-secret', from: 'mall@galleria.example' } });
    const settings = await hub.api('/api/loyalty/settings', { method: 'PUT', cookie: operator, body: { shopRewardsNeedApproval: true, kioskFeedback: true, feedbackEmailAfterMinutes: 30, feedbackEveryDays: 7 } });
    expect(settings.status).toBe(200);
    kiosk = await hub.socket({ token: (await hub.pair('kiosk', 'food-court', undefined, operator)).token });
    emailed = (await enrolByTap(kiosk, testCard(1), { language: 'pl', email: 'ola@example.org', consents: { analytics: true, marketing_email: true } })).passId;
    silent = (await enrolByTap(kiosk, testCard(2), { consents: { analytics: true } })).passId;
  });
  afterAll(async () => {
    await hub.stop();
    await sink.close();
  });

  it('refuses bad settings naming the field', async () => {
    const bad = await hub.api('/api/loyalty/settings', { method: 'PUT', cookie: operator, body: { shopRewardsNeedApproval: true, kioskFeedback: true, feedbackEmailAfterMinutes: -5, feedbackEveryDays: 7 } });
    expect(bad).toMatchObject({ status: 400, body: { field: 'feedbackEmailAfterMinutes' } });
  });

  it('nothing is due before its time; then one email, in the shopper’s language, to the consented shopper only', async () => {
    clock += 29 * 60_000;
    expect(await hub.services.feedback.tick()).toBe(0);
    clock += 2 * 60_000;
    expect(await hub.services.feedback.tick()).toBe(1);
    await expect.poll(() => feedbackMails().length).toBe(1);
    const mail = feedbackMails()[0]!;
    expect(mail.to).toEqual(['ola@example.org']);
    expect(plain(mail.raw)).toContain('Jak bardzo prawdopodobne');
    expect(plain(mail.raw)).toMatch(new RegExp(`/pass/${emailed}\\?feedback=[A-Za-z0-9_-]+&score=10`));
    expect(JSON.stringify(sink.mails.map((m) => m.to))).not.toContain(silent);
  });

  it('the one-tap link answers once; a bad score or another pass is refused naming the field', async () => {
    const token = /feedback=([A-Za-z0-9_-]+)&score=/.exec(plain(feedbackMails()[0]!.raw))![1]!;
    expect(await hub.api(`/api/pass/${emailed}/feedback`, { body: { token, score: 11 } })).toMatchObject({ status: 400, body: { field: 'score' } });
    expect(await hub.api(`/api/pass/${emailed}/feedback`, { body: { token, score: 'ten' } })).toMatchObject({ status: 400, body: { field: 'score' } });
    expect(await hub.api(`/api/pass/${silent}/feedback`, { body: { token, score: 9 } })).toMatchObject({ status: 404, body: { field: 'token' } });
    expect((await hub.api(`/api/pass/${emailed}/feedback`, { body: { token, score: 9 } })).status).toBe(200);
    expect(await hub.api(`/api/pass/${emailed}/feedback`, { body: { token, score: 9 } })).toMatchObject({ status: 404, body: { field: 'token' } });
    const nps = (await hub.api('/api/reports/nps?from=2026-11-01&to=2026-11-30', { cookie: operator })).body as NpsReport;
    // One answer: below K, so not shown.
    expect(nps.byChannel).toEqual([{ channel: 'link', cell: { answers: null, nps: null, comments: null, suppressed: true } }]);
  });

  it('a visit within the N days sends no second one; after them it does', async () => {
    clock += 2 * DAY;
    await request(kiosk, 'checkin:tap', { visitId: randomUUID(), card: testCard(1) });
    clock += 60 * 60_000;
    expect(await hub.services.feedback.tick()).toBe(0);
    clock += 6 * DAY;
    await request(kiosk, 'checkin:tap', { visitId: randomUUID(), card: testCard(1) });
    clock += 31 * 60_000;
    expect(await hub.services.feedback.tick()).toBe(1);
    await expect.poll(() => feedbackMails().length).toBe(2);
  });
});
