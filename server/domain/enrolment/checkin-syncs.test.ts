import { randomUUID } from 'node:crypto';
import { CONSENT_TEXT_VERSION } from '#shared/consent-texts.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCard } from '#server/testing/cards.ts';
import { enrolByTap } from '#server/testing/enrol.ts';
import { request, startTestHub, type ClientSocket, type TestHub } from '#server/testing/test-hub.ts';

/**
 * What one acknowledged action costs the journal, through the real hub and its real storage with
 * fsync on: each append is one write and one fdatasync (Journal.appends / syncs).
 */
describe('journal appends per acknowledged action', () => {
  let hub: TestHub;
  let kiosk: ClientSocket;
  beforeAll(async () => {
    // Visit window 0: every read is a new mall visit, so each check-in writes a visit and a summary.
    hub = await startTestHub({ fsync: true, visitWindowMinutes: 0 });
    kiosk = await hub.socket({ token: (await hub.pair('kiosk', 'entrance')).token });
  });
  afterAll(() => hub.stop());

  /**
   * Runs `action` and says how many appends and syncs the journal made for it, the writes of the
   * visit's followers after the ack included (the visit's rewards frame — its note as applied and
   * its report row — in its own append, since rewards apply a visit once it is stored).
   */
  const cost = async (action: () => Promise<unknown>) => {
    const journal = hub.store.journal;
    await journal.durable();
    const [appends, syncs] = [journal.appends, journal.syncs];
    await action();
    await hub.services.rewards.written();
    await journal.durable();
    return { appends: journal.appends - appends, syncs: journal.syncs - syncs };
  };

  it('a check-in (tap, pass scan) is one append and one sync carrying the visit and the summary, then one for its report row', async () => {
    const card = testCard(301);
    const { passId } = await enrolByTap(kiosk, card);
    const tap = async () => {
      const r = await request<any>(kiosk, 'checkin:tap', { visitId: randomUUID(), card });
      expect(r.data).toMatchObject({ status: 'welcome' });
      return r.data.shopper.visitCount as number;
    };
    expect(await cost(tap)).toEqual({ appends: 2, syncs: 2 });
    expect(await cost(() => request<any>(kiosk, 'checkin:pass', { visitId: randomUUID(), passId }))).toEqual({ appends: 2, syncs: 2 });
    // Both visits are stored and counted: the join's, the tap's and the scan's.
    const pass = await hub.api(`/api/pass/${passId}/export`);
    expect(pass.body.visits).toHaveLength(3);
    expect(pass.body.profile.visitCount).toBe(3);
  });

  it('joining is two appends (the ledger with the record, then the first visit with its summary) and the row, a consent change one', async () => {
    const card = testCard(302);
    let passId = '';
    expect(
      await cost(async () => {
        passId = (await enrolByTap(kiosk, card)).passId;
      }),
    ).toEqual({ appends: 3, syncs: 3 });
    const change = { purpose: 'marketing_sms', granted: true, language: 'en', consentTextVersion: CONSENT_TEXT_VERSION };
    expect(await cost(async () => expect((await hub.api(`/api/pass/${passId}/consents`, { body: change })).status).toBe(200))).toEqual({ appends: 1, syncs: 1 });
    // The ledger and the summary both have it.
    const pass = (await hub.api(`/api/pass/${passId}/export`)).body;
    expect(pass.profile.consent.marketing_sms).toBe(true);
    expect(pass.consentLedger.at(-1)).toMatchObject({ purpose: 'marketing_sms', granted: true });
  });
});
