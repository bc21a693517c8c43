import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { localSmsc } from '#server/testing/smsc.ts';
import { testCard } from '#server/testing/cards.ts';
import { enrolByTap } from '#server/testing/enrol.ts';
import { smtpSink } from '#server/testing/smtp-sink.ts';
import { startTestHub, type ClientSocket, type TestHub } from '#server/testing/test-hub.ts';
import { SMS_WORDS } from '#shared/sms/words.ts';

/**
 * The post-visit feedback message by text (issue 19): `feedback.due` (domain/rewards/feedback.ts)
 * reaches a shopper who granted marketing_sms and gave a number, in their language, with a link
 * the pass page answers; a shopper the email channel reaches gets the email only.
 */
describe('post-visit feedback by SMS', () => {
  let hub: TestHub;
  let operator: string;
  let kiosk: ClientSocket;
  let smsc: Awaited<ReturnType<typeof localSmsc>>;
  let sink: Awaited<ReturnType<typeof smtpSink>>;
  let clock = Date.parse('2026-11-02T10:00:00Z');

  beforeAll(async () => {
    smsc = await localSmsc();
    sink = await smtpSink();
    hub = await startTestHub({ k: 2, testOnlyAllowLoopbackOutbound: true, smsRetrySeconds: [0.3], smsTimeoutMs: 500 }, undefined, { now: () => clock });
    operator = await hub.login();
    expect((await hub.api('/api/settings/smpp', { cookie: operator, body: { host: '127.0.0.1', port: smsc.port, tls: false, systemId: 'atrium', password: 'secret1', bind: 'transceiver', sourceAddr: 'Galeria', perSecond: 20, stopKeyword: 'stop' } })).status).toBe(200);
    await hub.api('/api/settings/smtp', { cookie: operator, body: { host: '127.0.0.1', port: sink.port, secure: false, user: 'atrium', password: 'smtp-secret', from: 'mall@galleria.example' } });
    expect((await hub.api('/api/loyalty/settings', { method: 'PUT', cookie: operator, body: { shopRewardsNeedApproval: true, kioskFeedback: false, feedbackEmailAfterMinutes: 30, feedbackEveryDays: 7 } })).status).toBe(200);
    kiosk = await hub.socket({ token: (await hub.pair('kiosk', 'food-court', undefined, operator)).token });
  });
  afterAll(async () => {
    kiosk.disconnect();
    await hub.stop();
    await smsc.close();
    await sink.close();
  });

  it('a visit brings a feedback text in Polish (UCS-2) whose link the pass answers once; a mailable shopper gets email only', async () => {
    const texted = (await enrolByTap(kiosk, testCard(11), { language: 'pl', phone: '+48 603 456 789', consents: { analytics: true, marketing_sms: true } })).passId;
    const mailed = (await enrolByTap(kiosk, testCard(12), { language: 'pl', phone: '+48 604 567 890', email: 'ola@example.org', consents: { analytics: true, marketing_sms: true, marketing_email: true } })).passId;
    // The welcome texts of both joins first.
    const smsLog = async () => (await hub.api('/api/settings/sms-log', { cookie: operator })).body as { kind: string; status: string }[];
    await vi.waitFor(async () => expect((await smsLog()).filter((e) => e.kind === 'welcome' && e.status === 'sent')).toHaveLength(2));
    const before = smsc.parts.length;
    clock += 31 * 60_000;
    expect(await hub.services.feedback.tick()).toBe(2);
    await vi.waitFor(() => expect(smsc.parts.slice(before).length).toBeGreaterThan(1));
    await new Promise((r) => setTimeout(r, 300));
    const parts = smsc.parts.slice(before);
    expect(new Set(parts.map((p) => p.to))).toEqual(new Set(['48603456789']));
    expect(parts.every((p) => p.dataCoding === 8)).toBe(true);
    const text = parts.map((p) => p.text).join('');
    const token = new RegExp(`/pass/${texted}\\?feedback=([A-Za-z0-9_-]+)`).exec(text)?.[1];
    expect(token).toBeTruthy();
    expect(text).toBe(SMS_WORDS.pl.feedback({ mall: hub.services.mall.record.name, url: `${hub.url}/pass/${texted}?feedback=${token}`, stop: 'STOP' }));
    await vi.waitFor(() => expect(sink.mails.some((m) => m.to.includes('ola@example.org'))).toBe(true));
    expect(mailed).toBeTruthy();

    expect((await hub.api(`/api/pass/${texted}/feedback`, { body: { token, score: 8 } })).status).toBe(200);
    expect(await hub.api(`/api/pass/${texted}/feedback`, { body: { token, score: 8 } })).toMatchObject({ status: 404, body: { field: 'token' } });
    const log = await smsLog();
    expect(log.filter((e) => e.kind === 'feedback')).toHaveLength(1);
  });
});
