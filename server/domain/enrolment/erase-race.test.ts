import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CONSENT_TEXT_VERSION } from '#shared/consent-texts.ts';
import { enrolByTap } from '#server/testing/enrol.ts';
import { testCard } from '#server/testing/cards.ts';
import { request, startTestHub, type ClientSocket, type TestHub } from '#server/testing/test-hub.ts';

type Ack = { ok: true; data: any } | { ok: false; error: string; field?: string };

const enrol = async (kiosk: ClientSocket, card: string): Promise<string> => (await enrolByTap(kiosk, card)).passId;

/** Every visit row stored, over every day. */
async function visitRows(hub: TestHub): Promise<{ id: string; shopperId: string | null }[]> {
  const rows: { id: string; shopperId: string | null }[] = [];
  for (const day of await hub.store.visits.days()) rows.push(...(await hub.store.visits.read(day)));
  return rows;
}

describe('erasure racing check-ins and other changes of the same shopper', () => {
  let hub: TestHub | undefined;
  let dataRoot: string;
  afterEach(async () => {
    await hub?.stop();
    hub = undefined;
    await rm(dataRoot, { recursive: true, force: true });
  });

  it('leaves the erased pass id on no visit row and no record behind, also after a restart', async () => {
    dataRoot = await mkdtemp(join(tmpdir(), 'atrium-erase-race-'));
    // Window 0: every check-in is a visit row, so each one the race lets through would show.
    hub = await startTestHub({ visitWindowMinutes: 0 }, dataRoot);
    const kiosks = await Promise.all([0, 1].map(async () => hub!.socket({ token: (await hub!.pair('kiosk')).token })));
    const passId = await enrol(kiosks[0], testCard(7000));
    const other = await enrol(kiosks[0], testCard(7001));

    // Ten check-ins from two kiosks, a consent change and a language change, all in parallel
    // with the erasure the shopper asked for on their phone: some sent before it, most after.
    const checkIns = Array.from({ length: 2 }, (_, i) => request<Ack>(kiosks[i % 2], 'checkin:pass', { visitId: randomUUID(), passId }));
    const erase = hub.api(`/api/pass/${passId}/erase`, { body: { confirm: 'erase' } });
    for (let i = 2; i < 10; i++) {
      await new Promise((r) => setImmediate(r));
      checkIns.push(request<Ack>(kiosks[i % 2], 'checkin:pass', { visitId: randomUUID(), passId }));
    }
    const consent = hub.api(`/api/pass/${passId}/consents`, {
      body: { purpose: 'marketing_email', granted: true, language: 'en', consentTextVersion: CONSENT_TEXT_VERSION },
    });
    const language = hub.api(`/api/pass/${passId}/language`, { body: { language: 'pl' } });
    const acks = await Promise.all(checkIns);
    expect((await erase).status).toBe(200);
    // Each change either came first, or is refused as a pass that no longer exists.
    for (const ack of acks) if (!ack.ok) expect(ack.error).toMatch(/no pass|no such shopper|erased/);
    for (const res of [await consent, await language]) expect([200, 404]).toContain(res.status);
    const welcomed = acks.filter((a) => a.ok).length;

    const check = async (h: TestHub) => {
      const rows = await visitRows(h);
      expect(rows.filter((r) => r.shopperId === passId)).toEqual([]);
      // The enrolment visit and every welcomed check-in stay, as anonymous counts.
      expect(rows.filter((r) => r.shopperId === null)).toHaveLength(1 + welcomed);
      expect(h.store.shoppers.get(passId)).toBeUndefined();
      expect(await h.store.consents.load(passId)).toBeUndefined();
      expect((await h.api(`/api/pass/${passId}`)).status).toBe(404);
      expect(h.store.shoppers.get(other)).toBeDefined();
    };
    await check(hub);
    await hub.stop();
    hub = await startTestHub({ visitWindowMinutes: 0 }, dataRoot);
    await check(hub);
    // The card can join afresh.
    const kiosk = await hub.socket({ token: (await hub.pair('kiosk')).token });
    expect(await request<Ack>(kiosk, 'checkin:tap', { visitId: randomUUID(), card: testCard(7000) })).toMatchObject({ ok: true, data: { status: 'unknown' } });
  });
});
