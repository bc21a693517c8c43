import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMENT_MAX, type NpsReport } from '#shared/schemas/feedback.ts';
import type { FeedbackFileRecord } from '#server/storage/records.ts';
import { testCard } from '#server/testing/cards.ts';
import { enrolByTap } from '#server/testing/enrol.ts';
import { snapshotFiles } from '#server/testing/files.ts';
import { startTestHub, type ClientSocket, type TestHub } from '#server/testing/test-hub.ts';

const DAY = 86400_000;
const TEXT = 'The toilets on level 2 were closed all afternoon';

describe('feedback comments: optional after a link’s score, counted for operators, never shown, erased and trimmed', () => {
  let hub: TestHub;
  let operator: string;
  let kiosk: ClientSocket;
  let clock = Date.parse('2026-11-02T10:00:00Z');
  const due: { shopperId: string; token: string }[] = [];
  let ola: string;
  let ben: string;
  const tokenOf = (passId: string) => due.find((d) => d.shopperId === passId)!.token;
  const file = async () => JSON.parse(await readFile(join(hub.dataRoot, 'demo', 'feedback.json'), 'utf8')) as FeedbackFileRecord;
  const commentOn = (passId: string, body: unknown) => hub.api(`/api/pass/${passId}/feedback/comment`, { body });
  const report = async () => (await hub.api('/api/reports/nps?from=2026-11-02&to=2026-11-08', { cookie: operator })).body as NpsReport;

  beforeAll(async () => {
    hub = await startTestHub({ k: 2 }, undefined, { now: () => clock });
    operator = await hub.login();
    const settings = await hub.api('/api/loyalty/settings', { method: 'PUT', cookie: operator, body: { shopRewardsNeedApproval: true, kioskFeedback: false, feedbackEmailAfterMinutes: 30, feedbackEveryDays: 7 } });
    expect(settings.status).toBe(200);
    hub.services.bus.on('feedback.due', (e) => due.push(e));
    kiosk = await hub.socket({ token: (await hub.pair('kiosk', 'food-court', undefined, operator)).token });
    ola = (await enrolByTap(kiosk, testCard(11), { email: 'ola@example.org', consents: { analytics: true, marketing_email: true } })).passId;
    ben = (await enrolByTap(kiosk, testCard(12), { email: 'ben@example.org', consents: { analytics: true, marketing_email: true } })).passId;
    clock += 31 * 60_000;
    // The visits' feedback messages are queued as the bus tells (not awaited by the tap's answer).
    for (let i = 0; i < 50 && due.length < 2; i++) {
      await hub.services.feedback.tick();
      if (due.length < 2) await new Promise((r) => setTimeout(r, 20));
    }
    expect(due.length).toBe(2);
  });
  afterAll(() => hub.stop());

  it('takes no comment before the score', async () => {
    expect(await commentOn(ola, { token: tokenOf(ola), comment: TEXT })).toMatchObject({ status: 404, body: { field: 'token' } });
  });

  it('refuses a bad comment naming the field, and writes nothing', async () => {
    expect((await hub.api(`/api/pass/${ola}/feedback`, { body: { token: tokenOf(ola), score: 4 } })).status).toBe(200);
    await hub.store.flush();
    const before = await snapshotFiles(join(hub.dataRoot, 'demo'));
    const token = tokenOf(ola);
    expect(await commentOn(ola, { token, comment: 'x'.repeat(COMMENT_MAX + 1) })).toMatchObject({ status: 400, body: { field: 'comment' } });
    expect(await commentOn(ola, { token, comment: '   ' })).toMatchObject({ status: 400, body: { field: 'comment' } });
    expect(await commentOn(ola, { token, comment: 'bell\u0007' })).toMatchObject({ status: 400, body: { field: 'comment' } });
    expect(await commentOn(ola, { token, comment: 10 })).toMatchObject({ status: 400, body: { field: 'comment' } });
    expect(await commentOn(ola, { token, comment: 'ok', name: 'Ola' })).toMatchObject({ status: 400 });
    expect(await commentOn(ola, { token: 'short', comment: 'ok' })).toMatchObject({ status: 400, body: { field: 'token' } });
    // Another pass with this pass's token: not found, as if there were no such link.
    expect(await commentOn(ben, { token, comment: 'ok' })).toMatchObject({ status: 404, body: { field: 'token' } });
    await hub.store.flush();
    expect(await snapshotFiles(join(hub.dataRoot, 'demo'))).toEqual(before);
  });

  it('keeps one comment with its answer; a second is refused; the report counts it and never shows it', async () => {
    expect((await commentOn(ola, { token: tokenOf(ola), comment: `  ${TEXT}\n` })).status).toBe(200);
    expect(await commentOn(ola, { token: tokenOf(ola), comment: 'again' })).toMatchObject({ status: 404, body: { field: 'token' } });
    // Ben answers, and lets the hour for a comment pass.
    expect((await hub.api(`/api/pass/${ben}/feedback`, { body: { token: tokenOf(ben), score: 10 } })).status).toBe(200);
    clock += 61 * 60_000;
    expect(await commentOn(ben, { token: tokenOf(ben), comment: 'late' })).toMatchObject({ status: 404, body: { field: 'token' } });

    const stored = (await file()).answers;
    expect(stored.map((a) => [a.score, a.comment])).toEqual([
      [4, TEXT],
      [10, undefined],
    ]);
    expect(stored[0]!.by).toBeTruthy();
    expect(stored[1]!.by).toBeUndefined();
    const nps = await report();
    expect(nps.total).toEqual({ answers: 2, nps: 0, comments: 1, suppressed: false });
    expect(nps.byChannel).toEqual([{ channel: 'link', cell: { answers: 2, nps: 0, comments: 1, suppressed: false } }]);
    expect(JSON.stringify(nps)).not.toContain('toilets');
  });

  it('erasing the writer takes the comment and its pseudonym away; the score stays anonymous', async () => {
    expect((await hub.api(`/api/pass/${ola}/erase`, { body: { confirm: 'erase' } })).status).toBe(200);
    await expect.poll(async () => (await file()).answers[0]?.comment).toBeUndefined();
    const [answer] = (await file()).answers;
    expect(answer).toMatchObject({ score: 4 });
    expect(answer!.by).toBeUndefined();
    expect(JSON.stringify(await file())).not.toContain('toilets');
    expect((await report()).total).toEqual({ answers: 2, nps: 0, comments: 0, suppressed: false });
  });

  it('the retention run drops answers older than the visit period, like visits', async () => {
    const run = await hub.services.retention.run(new Date(clock + 26 * 31 * DAY));
    expect(run.loyaltyRowsDropped).toBeGreaterThanOrEqual(2);
    const after = await file();
    expect(after.answers).toEqual([]);
    expect(after.answered).toEqual({});
    expect((await report()).total).toEqual({ answers: 0, nps: null, comments: 0, suppressed: false });
    // Run again: nothing more.
    expect((await hub.services.retention.run(new Date(clock + 26 * 31 * DAY + DAY))).loyaltyRowsDropped).toBe(0);
  });
});
