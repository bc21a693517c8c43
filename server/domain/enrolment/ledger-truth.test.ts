import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSENT_TEXT_VERSION } from '#shared/consent-texts.ts';
import type { ConsentChoices } from '#shared/schemas/shoppers.ts';
import { enrolByTap, type EnrolChoices } from '#server/testing/enrol.ts';
import { testCard } from '#server/testing/cards.ts';
import { startTestHub, type ClientSocket, type TestHub } from '#server/testing/test-hub.ts';

describe('ledger truth: the consent ledger holds what the shopper decided, nothing more', () => {
  let hub: TestHub;
  let kiosk: ClientSocket;
  beforeAll(async () => {
    hub = await startTestHub({ k: 2 });
    kiosk = await hub.socket({ token: (await hub.pair('kiosk', 'entrance')).token });
  });
  afterAll(() => hub.stop());

  const join = async (consents: ConsentChoices, extra: EnrolChoices = {}) =>
    (await enrolByTap(kiosk, testCard(300 + Math.floor(Math.random() * 1e6)), { consents, ...extra })).passId;

  it('joining without SMS (or email) consent writes no "withdrawn" for a consent never given', async () => {
    const passId = await join({ analytics: true, marketing_email: false, marketing_sms: false });
    const ledger = await hub.services.shoppers.ledger(passId);
    expect(ledger.map((e) => [e.purpose, e.granted])).toEqual([
      ['membership', true],
      ['analytics', true],
    ]);
    const view = (await hub.api(`/api/pass/${passId}`)).body;
    expect(view.receipts).toHaveLength(1);
    expect(view.receipts[0].purposes.map((p: any) => [p.purpose, p.granted])).toEqual([
      ['membership', true],
      ['analytics', true],
    ]);
    // Still off, as never given.
    expect(view.consents).toMatchObject({ analytics: true, marketing_email: false, marketing_sms: false });
  });

  it('a withdrawal is written when a consent given is taken back, and only then', async () => {
    const passId = await join({ analytics: false, marketing_email: true, marketing_sms: false }, { email: 'lea@example.org' });
    const change = (purpose: string, granted: boolean) =>
      hub.api(`/api/pass/${passId}/consents`, { body: { purpose, granted, language: 'en', consentTextVersion: CONSENT_TEXT_VERSION } });
    // Turning off what was never on changes nothing.
    expect((await change('analytics', false)).status).toBe(200);
    expect((await change('marketing_email', false)).status).toBe(200);
    const ledger = await hub.services.shoppers.ledger(passId);
    expect(ledger.map((e) => [e.purpose, e.granted])).toEqual([
      ['membership', true],
      ['marketing_email', true],
      ['marketing_email', false],
    ]);
  });

  it('a consent change reaches the disk as one journal append: ledger entry and summary together, so no crash keeps one without the other', async () => {
    const passId = await join({ analytics: true, marketing_email: false, marketing_sms: true }, { phone: '+48601234567' });
    await hub.store.journal.durable();
    const before = hub.store.journal.appends;
    const res = await hub.api(`/api/pass/${passId}/consents`, { body: { purpose: 'marketing_sms', granted: false, language: 'en', consentTextVersion: CONSENT_TEXT_VERSION } });
    expect(res.status).toBe(200);
    await hub.store.journal.durable();
    // Two appends (the ledger's, then the summary's after it was on disk) left a moment in which a
    // kill -9 kept the withdrawal in the ledger while the summary still let texts go out.
    expect(hub.store.journal.appends - before).toBe(1);
    expect((await hub.services.shoppers.ledger(passId)).at(-1)).toMatchObject({ purpose: 'marketing_sms', granted: false });
    expect(hub.services.shoppers.get(passId)).toMatchObject({ consent: { marketing_sms: false } });
    expect(hub.services.shoppers.get(passId)?.phone).toBeUndefined();
  });
});
