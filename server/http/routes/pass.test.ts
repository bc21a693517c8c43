import { constants, publicEncrypt, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { CONSENT_TEXT_VERSION, CONSENT_TEXTS } from '#shared/consent-texts.ts';
import { createLogger } from '#server/logger.ts';
import { sha256 } from '#server/domain/core/ids.ts';
import { enrolBody, enrolByTap, type EnrolChoices } from '#server/testing/enrol.ts';
import { request, startTestHub, type ClientSocket, type TestHub } from '#server/testing/test-hub.ts';

const CONSENTS = { analytics: true, marketing_email: true, marketing_sms: false };

async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await files(p)));
    else out.push(p);
  }
  return out;
}

async function folderText(dir: string): Promise<string> {
  return (await Promise.all((await files(dir)).map((f) => readFile(f, 'utf8')))).join('\n');
}

const enrol = (kiosk: ClientSocket, card: string, extra: EnrolChoices = {}) => enrolByTap(kiosk, card, { consents: CONSENTS, ...extra });

describe('the pass page API: consent ledger, export, erasure', () => {
  let hub: TestHub;
  afterEach(() => hub?.stop());

  it('shows the pass, withdraws analytics live, exports, and erases everything personal', async () => {
    hub = await startTestHub({ k: 2 });
    const kiosk = await hub.socket({ token: (await hub.pair('kiosk', 'food-court')).token });
    const anna = await enrol(kiosk, '4111111111111111', { firstName: 'Annabel', email: 'annabel@example.org', interests: ['coffee'] });
    await enrol(kiosk, '5500005555555559');
    expect(hub.services.presence.counts().mall.get('all')).toBe(2);

    const view = await hub.api(`/api/pass/${anna.passId}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ firstName: 'Annabel', email: 'annabel@example.org', visitCount: 1, consents: { analytics: true } });
    expect(view.body.recentVisits).toHaveLength(1);
    // What was agreed at joining (membership, analytics, email); SMS was never given, so not written.
    expect(view.body.receipts[0].purposes).toHaveLength(3);
    expect(view.body.receipts[0].purposes[1].textHash).toBe(sha256(CONSENT_TEXTS.en.analytics));

    // Withdraw analytics: one more ledger entry, and the live count drops at once.
    const change = await hub.api(`/api/pass/${anna.passId}/consents`, {
      body: { purpose: 'analytics', granted: false, language: 'pl', consentTextVersion: CONSENT_TEXT_VERSION },
    });
    expect(change.status).toBe(200);
    expect(change.body.consents.analytics).toBe(false);
    expect(hub.services.presence.counts().mall.get('all')).toBe(1);
    const ledger = await hub.services.shoppers.ledger(anna.passId);
    expect(ledger).toHaveLength(4);
    expect(ledger.at(-1)).toMatchObject({ purpose: 'analytics', granted: false, channel: 'phone', language: 'pl', textHash: sha256(CONSENT_TEXTS.pl!.analytics) });

    // Bad input changes nothing.
    expect((await hub.api(`/api/pass/${anna.passId}/consents`, { body: { purpose: 'membership', granted: false, language: 'en', consentTextVersion: CONSENT_TEXT_VERSION } })).body.field).toBe('purpose');
    expect((await hub.api(`/api/pass/${anna.passId}/consents`, { body: { purpose: 'analytics', granted: true, language: 'en', consentTextVersion: 'old' } })).body.field).toBe('consentTextVersion');
    expect((await hub.api('/api/pass/AAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);
    expect((await hub.api('/api/pass/short')).status).toBe(404);
    expect(await hub.services.shoppers.ledger(anna.passId)).toHaveLength(4);

    const exported = await hub.api(`/api/pass/${anna.passId}/export`);
    expect(exported.status).toBe(200);
    expect((exported as any).headers.get('content-disposition')).toContain('attachment');
    expect(exported.body.profile.firstName).toBe('Annabel');
    expect(exported.body.consentLedger).toHaveLength(4);
    expect(exported.body.visits).toHaveLength(1);
    expect(JSON.stringify(exported.body)).not.toContain(hub.services.shoppers.get(anna.passId)!.cardTokens[0]);

    expect((await hub.api(`/api/pass/${anna.passId}/erase`, { body: {} })).status).toBe(400);
    expect((await hub.api(`/api/pass/${anna.passId}/erase`, { body: { confirm: 'erase' } })).status).toBe(200);
    await hub.store.flush();
    const text = await folderText(hub.dataRoot);
    expect(text).not.toContain('Annabel');
    expect(text).not.toContain('annabel@example.org');
    expect(text).not.toContain(anna.passId);
    expect((await hub.api(`/api/pass/${anna.passId}`)).status).toBe(404);
    const late = await hub.api(`/api/pass/${anna.passId}/consents`, { body: { purpose: 'analytics', granted: true, language: 'en', consentTextVersion: CONSENT_TEXT_VERSION } });
    expect(late.status).toBe(404);
    expect(late.body.error).toMatch(/erased/);
    // The visit stays as an anonymous count; the card can join afresh.
    const days = await hub.store.visits.days();
    const visits = await hub.store.visits.read(days.at(-1)!);
    expect(visits.filter((v) => v.shopperId === null)).toHaveLength(1);
    const again = await request<any>(kiosk, 'checkin:tap', { visitId: randomUUID(), card: '4111111111111111' });
    expect(again.data.status).toBe('unknown');
  });

  it('refuses contact details without the matching consent', async () => {
    hub = await startTestHub();
    const kiosk = await hub.socket({ token: (await hub.pair('kiosk')).token });
    const tap = await request<any>(kiosk, 'checkin:tap', { visitId: randomUUID(), card: '4111111111111111' });
    const res = await request<any>(kiosk, 'shopper:enrol', enrolBody(tap.data.enrolTicket, { consents: { analytics: false, marketing_email: false }, email: 'x@example.org' }));
    expect(res).toMatchObject({ ok: false, field: 'email' });
  });

  it('joins on the phone through a one-time link bound to the kiosk', async () => {
    hub = await startTestHub();
    const kiosk = await hub.socket({ token: (await hub.pair('kiosk')).token });
    const done = new Promise<any>((resolve) => kiosk.once('join:done', resolve));
    const link = await request<any>(kiosk, 'join:start', {});
    expect(link.ok).toBe(true);
    const info = await hub.api(`/api/join/${link.data.nonce}`);
    expect(info.status).toBe(200);
    expect(info.body.interests.length).toBeGreaterThan(0);
    const body = { language: 'cy', consentTextVersion: CONSENT_TEXT_VERSION, membership: true, consents: CONSENTS, firstName: 'Gwen', email: 'gwen@example.org' };
    const joined = await hub.api(`/api/join/${link.data.nonce}`, { body });
    expect(joined.status).toBe(200);
    expect(await done).toMatchObject({ nonce: link.data.nonce, firstName: 'Gwen', visitCount: 1 });
    const ledger = await hub.services.shoppers.ledger(joined.body.passId);
    expect(ledger.every((e) => e.channel === 'phone' && e.language === 'cy')).toBe(true);
    // Spent: a second use is refused.
    expect((await hub.api(`/api/join/${link.data.nonce}`, { body })).status).toBe(404);
  });
});

describe('no raw card value anywhere: socket tap, reader bridge, offline replay', () => {
  it('finds none of the test card numbers in the data folder, the logs or socket traffic', async () => {
    const logs: string[] = [];
    const sink = new Writable({ write(chunk, _enc, cb) { logs.push(String(chunk)); cb(); } });
    const hub = await startTestHub({ k: 2, logLevel: 'trace' }, undefined, { logger: createLogger('trace', sink) });
    try {
      const traffic: string[] = [];
      const capture = (s: ClientSocket) => s.onAny((...args) => traffic.push(JSON.stringify(args)));
      const { token, device } = await hub.pair('kiosk', 'entrance');
      const kiosk = await hub.socket({ token }, undefined, capture);
      const screen = await hub.socket({ token: (await hub.pair('screen', 'entrance')).token }, undefined, capture);
      const operator = await hub.socket({}, await hub.login(), capture);
      const call = async (event: string, payload: unknown) => {
        const ack = await request<any>(kiosk, event, payload);
        traffic.push(JSON.stringify(ack));
        return ack;
      };
      const cards = ['4111111111111111', '5500005555555559', '378282246310005', '6011111111111117', '04A2B3C4D5E6F7'];
      // Path 1: the socket tap (wedge), then join.
      for (const card of cards.slice(0, 2)) {
        const tap = await call('checkin:tap', { visitId: randomUUID(), card });
        await call('shopper:enrol', enrolBody(tap.data.enrolTicket, { consents: CONSENTS }));
      }
      // Malformed: a clear error that does not echo the input.
      const bad = await call('checkin:tap', { visitId: randomUUID(), card: '4111111111111112' });
      expect(bad).toMatchObject({ ok: false, field: 'card' });
      // Path 2: the reader bridge, for a known and an unknown card; another kiosk's id is refused.
      const pushed = new Promise((resolve) => kiosk.once('kiosk:tap', resolve));
      const bridged = await hub.api(`/api/kiosks/${device.id}/tap`, { token, body: { card: cards[0] } });
      expect(bridged.body).toMatchObject({ status: 'welcome', delivered: true });
      expect(await pushed).toMatchObject({ status: 'welcome', shopper: { visitCount: 1 } });
      expect((await hub.api(`/api/kiosks/${device.id}/tap`, { token, body: { card: cards[2] } })).body.status).toBe('unknown');
      expect((await hub.api(`/api/kiosks/someone-else/tap`, { token, body: { card: cards[3] } })).status).toBe(403);
      expect((await hub.api(`/api/kiosks/${device.id}/tap`, { token, body: { card: 'NOT-A-CARD' } })).status).toBe(400);
      // Path 3: offline replay of sealed taps, each recorded once however often it is replayed.
      const { spki } = (await hub.api('/api/kiosk/offline-key', { token })).body;
      const key = { key: Buffer.from(spki, 'base64'), format: 'der' as const, type: 'spki' as const, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' };
      const at = new Date(Date.now() - 60_000).toISOString();
      const sealedTap = { visitId: randomUUID(), at, sealed: publicEncrypt(key, Buffer.from(cards[1])).toString('base64') };
      for (let i = 0; i < 3; i++) expect((await call('checkin:sealed', sealedTap)).data).toMatchObject({ status: 'welcome', shopper: { visitCount: 1 } });
      await call('checkin:sealed', { visitId: randomUUID(), at, sealed: publicEncrypt(key, Buffer.from(cards[4])).toString('base64') });
      expect((await call('checkin:sealed', { visitId: randomUUID(), at, sealed: 'AAAAAAAAAAAAAAAAAAAAAAAA' })).field).toBe('sealed');
      await new Promise((r) => setTimeout(r, 100));
      await hub.store.flush();
      const disk = await folderText(hub.dataRoot);
      const all = { disk, logs: logs.join(''), traffic: traffic.join('\n') };
      expect(all.logs.length).toBeGreaterThan(0);
      expect(traffic.length).toBeGreaterThan(5);
      for (const [where, text] of Object.entries(all)) {
        for (const card of cards) {
          expect(text.includes(card), `${card} found in ${where}`).toBe(false);
          expect(text.includes(card.slice(-10)), `part of ${card} found in ${where}`).toBe(false);
        }
      }
      void screen;
      void operator;
    } finally {
      await hub.stop();
    }
  });
});
