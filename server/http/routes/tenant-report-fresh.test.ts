import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSENT_TEXT_VERSION } from '#shared/consent-texts.ts';
import { enrolByTap, type EnrolChoices } from '#server/testing/enrol.ts';
import { request, startTestHub, type ClientSocket, type TestHub } from '#server/testing/test-hub.ts';
import { testCard } from '#server/testing/cards.ts';

/**
 * Reports keep indexes and profiles between requests; these must never show a stale number.
 * Each step changes something after a report has been served, then asks again.
 */
describe('a shop report follows what happened since the last one', () => {
  let hub: TestHub;
  let bean: string;
  let kiosk: ClientSocket;
  const passes: string[] = [];
  const today = new Date().toISOString().slice(0, 10);
  const report = async () => (await hub.api(`/api/tenant/reports?from=${today}&to=${today}&granularity=day`, { cookie: bean })).body;
  const scan = async (passId: string) => expect((await hub.api('/api/till/visits', { cookie: bean, body: { visitId: randomUUID(), passId } })).body).toEqual({ recorded: true, redeemed: false });

  beforeAll(async () => {
    hub = await startTestHub({ k: 2, timezone: 'UTC' });
    kiosk = await hub.socket({ token: (await hub.pair('kiosk', 'entrance')).token });
    passes.push(...(await enrolAt(kiosk, 4, 100, () => ({ ageBand: '25-34' }))));
    bean = await hub.login('bean-there', 'atrium-demo');
    for (const passId of passes) await scan(passId);
  });
  afterAll(() => hub.stop());

  it('counts a visit made a moment ago', async () => {
    expect((await report()).summary.visits).toEqual({ value: 4, suppressed: false });
    // Back at the shop after a read elsewhere: a new arrival there (a rescan at once would not be).
    await request(kiosk, 'checkin:pass', { visitId: randomUUID(), passId: passes[0] });
    await scan(passes[0]);
    const after = await report();
    expect(after.summary.visits).toEqual({ value: 5, suppressed: false });
    expect(after.summary.uniqueVisitors).toEqual({ value: 4, suppressed: false });
  });

  it('shows a language changed on the pass page', async () => {
    expect((await report()).mix.language).toEqual([{ key: 'en', visitors: { value: 4, suppressed: false } }]);
    for (const passId of [passes[0], passes[3]]) expect((await hub.api(`/api/pass/${passId}/language`, { body: { language: 'cy' } })).status).toBe(200);
    expect((await report()).mix.language).toEqual([
      { key: 'cy', visitors: { value: 2, suppressed: false } },
      { key: 'en', visitors: { value: 2, suppressed: false } },
    ]);
  });

  it('drops a shopper who withdrew analytics consent', async () => {
    const withdrawn = await hub.api(`/api/pass/${passes[1]}/consents`, { body: { purpose: 'analytics', granted: false, language: 'en', consentTextVersion: CONSENT_TEXT_VERSION } });
    expect(withdrawn.status).toBe(200);
    const after = await report();
    expect(after.summary.visits).toEqual({ value: 4, suppressed: false });
    expect(after.summary.uniqueVisitors).toEqual({ value: 3, suppressed: false });
    expect(after.mix.ageBand).toEqual([{ key: '25-34', visitors: { value: 3, suppressed: false } }]);
  });

  it('keeps an erased shopper as an anonymous count', async () => {
    expect((await hub.api(`/api/pass/${passes[2]}/erase`, { body: { confirm: 'erase' } })).status).toBe(200);
    const after = await report();
    expect(after.summary.uniqueVisitors).toEqual({ value: 3, suppressed: false });
    // Their age band is gone with them: one visitor "not given" is hidden, and so is the group's other cell.
    expect(after.mix.ageBand).toEqual([
      { key: '25-34', visitors: { value: null, suppressed: true } },
      { key: 'not given', visitors: { value: null, suppressed: true } },
    ]);
  });
});

describe('shoppers whose records predate the kept pseudonym', () => {
  it('are still told apart in reports: one who withdrew analytics consent stays out', async () => {
    const root = await mkdtemp(join(tmpdir(), 'atrium-old-records-'));
    try {
      let hub = await startTestHub({ k: 2, timezone: 'UTC' }, root);
      const kiosk = await hub.socket({ token: (await hub.pair('kiosk', 'entrance')).token });
      const passes = await enrolAt(kiosk, 3, 200);
      let bean = await hub.login('bean-there', 'atrium-demo');
      for (const passId of passes) await hub.api('/api/till/visits', { cookie: bean, body: { visitId: randomUUID(), passId } });
      // The third withdraws after their visit: only a link from their row to their record can leave them out.
      const withdrawn = await hub.api(`/api/pass/${passes[2]}/consents`, { body: { purpose: 'analytics', granted: false, language: 'en', consentTextVersion: CONSENT_TEXT_VERSION } });
      expect(withdrawn.status).toBe(200);
      await hub.stop();

      // Take the pseudonym off every stored shopper, as records written before it was kept.
      let stripped = 0;
      for (const file of await shardFiles(root)) {
        const shard = JSON.parse(await readFile(file, 'utf8')) as Record<string, { visitor?: string }>;
        for (const s of Object.values(shard)) if (s.visitor && delete s.visitor) stripped++;
        await writeFile(file, JSON.stringify(shard));
      }
      expect(stripped).toBe(3);

      hub = await startTestHub({ k: 2, timezone: 'UTC' }, root);
      try {
        bean = await hub.login('bean-there', 'atrium-demo');
        const today = new Date().toISOString().slice(0, 10);
        const report = (await hub.api(`/api/tenant/reports?from=${today}&to=${today}`, { cookie: bean })).body;
        // Three passes scanned, but the third has withdrawn.
        expect(report.summary.visits).toEqual({ value: 2, suppressed: false });
      } finally {
        await hub.stop();
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('the warm-up after a start', () => {
  it('reads ahead what the first report needs, and what it kept follows later changes', async () => {
    const root = await mkdtemp(join(tmpdir(), 'atrium-warm-'));
    try {
      let hub = await startTestHub({ k: 2, timezone: 'UTC' }, root);
      const kiosk = await hub.socket({ token: (await hub.pair('kiosk', 'entrance')).token });
      const passes = await enrolAt(kiosk, 3, 300, (i) => ({ language: i ? 'en' : 'pl', ageBand: '25-34' }));
      let bean = await hub.login('bean-there', 'atrium-demo');
      for (const passId of passes) await hub.api('/api/till/visits', { cookie: bean, body: { visitId: randomUUID(), passId } });
      const today = new Date().toISOString().slice(0, 10);
      const path = `/api/tenant/reports?from=${today}&to=${today}&granularity=day`;
      const before = (await hub.api(path, { cookie: bean })).body;
      expect(before.summary.uniqueVisitors).toEqual({ value: 3, suppressed: false });
      await hub.stop();

      hub = await startTestHub({ k: 2, timezone: 'UTC' }, root);
      try {
        let health = (await hub.api('/api/health')).body;
        for (let i = 0; i < 200 && health.reports !== 'ready'; i++) {
          await new Promise((r) => setTimeout(r, 20));
          health = (await hub.api('/api/health')).body;
        }
        expect(health.reports).toBe('ready');
        bean = await hub.login('bean-there', 'atrium-demo');
        expect((await hub.api(path, { cookie: bean })).body).toEqual(before);
        // Profiles worked out by the warm-up are dropped like any other when a shopper changes.
        const withdrawn = await hub.api(`/api/pass/${passes[0]}/consents`, { body: { purpose: 'analytics', granted: false, language: 'pl', consentTextVersion: CONSENT_TEXT_VERSION } });
        expect(withdrawn.status).toBe(200);
        const after = (await hub.api(path, { cookie: bean })).body;
        expect(after.summary.uniqueVisitors).toEqual({ value: 2, suppressed: false });
        expect(after.mix.language).toEqual([{ key: 'en', visitors: { value: 2, suppressed: false } }]);
      } finally {
        await hub.stop();
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

/** Enrols `count` shoppers at the kiosk by card tap, all granting analytics; resolves with their pass ids. */
async function enrolAt(kiosk: ClientSocket, count: number, firstCard: number, profile: (i: number) => EnrolChoices = () => ({})): Promise<string[]> {
  const passes: string[] = [];
  for (let i = 0; i < count; i++) passes.push((await enrolByTap(kiosk, testCard(firstCard + i), profile(i))).passId);
  return passes;
}

/** The shopper shard files under a data folder. */
async function shardFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.json') && basename(entry.parentPath) === 'shoppers') out.push(join(entry.parentPath, entry.name));
  }
  return out;
}
