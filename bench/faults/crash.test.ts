/**
 * Crash: under ~100 check-ins/s (with replays and enrolments mixed in) the hub is killed with
 * SIGKILL at a random moment, then started again on the same data, over and over. Afterwards every
 * acknowledged check-in and enrolment is on disk exactly once and every file parses.
 * `npm test` runs a few cycles; `npm run test:faults` runs 20.
 */
import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { CONSENT_TEXT_VERSION } from '#shared/consent-texts.ts';
import { MallStore } from '#server/storage/mall-store.ts';
import type { ConsentEntryRecord, ShopperRecord, VisitRecord } from '#server/storage/records.ts';
import { ensureDataset, QUICK } from '../generate.ts';
import { benchPan } from '../lib/cards.ts';
import { spawnHub } from '../lib/hub-process.ts';
import { Random } from '../lib/random.ts';
import { unparsable } from './data-files.ts';

const LONG = process.env.ATRIUM_FAULTS === 'long';
/** Every check-in here is a visit to store: this tests durability, not what counts as an arrival. */
const EVERY_READ_A_VISIT = { ATRIUM_VISIT_WINDOW_MINUTES: '0' };
const CYCLES = LONG ? 20 : Number(process.env.ATRIUM_CRASH_CYCLES ?? 3);

interface Acked {
  visits: Map<string, string>; // visitId → passId
  enrolled: { passId: string; card: number; visitId: string }[];
}

type Ack = { ok: boolean; data?: any; error?: string };

function connect(url: string, token: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = io(url, { auth: { token }, forceNew: true, transports: ['websocket'], reconnection: false });
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

const call = (s: Socket, event: string, payload: unknown) =>
  new Promise<Ack | null>((resolve) => s.timeout(5_000).emit(event, payload, (err: Error | null, ack: Ack) => resolve(err ? null : ack)));

/**
 * What the hub will find on its next start: the files plus the journal replayed over them. Read
 * from a copy, so the real folder is left as the crash left it for the restart below.
 */
async function readStore(mall: string) {
  const copy = await mkdtemp(join(tmpdir(), 'atrium-crash-read-'));
  try {
    await cp(mall, copy, { recursive: true });
    const store = await MallStore.open(copy, { fsync: false });
    const visits: VisitRecord[] = [];
    for (const day of await store.visits.days()) visits.push(...(await store.visits.read(day)));
    const shoppers = new Map<string, ShopperRecord>([...store.shoppers.values()].map((s) => [s.id, s]));
    const ledgers = new Map<string, ConsentEntryRecord[]>();
    for (const id of shoppers.keys()) {
      const ledger = await store.consents.load(id);
      if (ledger) ledgers.set(id, ledger);
    }
    await store.close();
    return { visits, shoppers, ledgers };
  } finally {
    await rm(copy, { recursive: true, force: true });
  }
}

/** Shoppers whose visit count differs from the visits stored for them: [id, counted, stored]. */
function summaryDrift(shoppers: Map<string, ShopperRecord>, visits: VisitRecord[]): [string, number, number][] {
  const stored = new Map<string, number>();
  for (const v of visits) if (v.shopperId) stored.set(v.shopperId, (stored.get(v.shopperId) ?? 0) + 1);
  return [...shoppers.values()].filter((s) => s.visitCount !== (stored.get(s.id) ?? 0)).map((s) => [s.id, s.visitCount, stored.get(s.id) ?? 0]);
}

describe('crash: kill -9 under load loses no acknowledged write', () => {
  const roots: string[] = [];
  afterAll(async () => {
    for (const r of roots) await rm(r, { recursive: true, force: true });
  });

  it(`survives ${CYCLES} SIGKILLs at random moments`, { timeout: CYCLES * 20_000 + 60_000 }, async () => {
    const dataset = await ensureDataset(QUICK, () => undefined);
    const root = await mkdtemp(join(tmpdir(), 'atrium-crash-'));
    roots.push(root);
    await cp(dataset.dataRoot, root, { recursive: true });
    const random = new Random(Date.now() >>> 0);
    const acked: Acked = { visits: new Map(), enrolled: [] };
    const replayable: { visitId: string; card: string; at: string }[] = [];
    let nextNewCard = dataset.shoppers;
    let sent = 0;

    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const hub = await spawnHub(root, EVERY_READ_A_VISIT);
      const kiosks = await Promise.all(dataset.kioskDevices.slice(0, 4).map((k) => connect(hub.url, k.token)));
      const killAt = performance.now() + 300 + random.int(1700);
      const inflight: Promise<void>[] = [];
      let i = 0;
      while (performance.now() < killAt + 200) {
        const kiosk = kiosks[i++ % kiosks.length];
        const roll = random.next();
        sent++;
        if (roll < 0.1 && replayable.length) {
          // A kiosk replaying its offline queue: same visit id, same time.
          const r = replayable[random.int(replayable.length)];
          inflight.push(call(kiosk, 'checkin:tap', r).then(() => undefined));
        } else if (roll < 0.2) {
          const card = nextNewCard++;
          inflight.push(
            (async () => {
              const tap = await call(kiosk, 'checkin:tap', { visitId: randomUUID(), card: benchPan(card) });
              if (!tap?.ok || tap.data.status !== 'unknown') return;
              const visitId = randomUUID();
              const enrol = await call(kiosk, 'shopper:enrol', {
                enrolTicket: tap.data.enrolTicket,
                visitId,
                language: 'en',
                consentTextVersion: CONSENT_TEXT_VERSION,
                membership: true,
                consents: { analytics: true, marketing_email: false, marketing_sms: false },
              });
              if (enrol?.ok) {
                acked.enrolled.push({ passId: enrol.data.passId, card, visitId });
                acked.visits.set(visitId, enrol.data.passId);
              }
            })(),
          );
        } else {
          const r = { visitId: randomUUID(), card: benchPan(random.int(dataset.shoppers)), at: new Date().toISOString() };
          inflight.push(
            call(kiosk, 'checkin:tap', r).then((ack) => {
              if (ack?.ok && ack.data.status === 'welcome') {
                acked.visits.set(r.visitId, ack.data.shopper.passId);
                replayable.push(r);
              }
            }),
          );
        }
        if (performance.now() >= killAt && hub.child.exitCode === null) hub.child.kill('SIGKILL');
        await new Promise((r) => setTimeout(r, 10));
      }
      await hub.stop('SIGKILL');
      for (const k of kiosks) k.close();
      await Promise.all(inflight);
    }

    // Every file parses; every acknowledged visit is stored once; every acknowledged shopper exists.
    const mall = join(root, dataset.mall);
    expect(await unparsable(root)).toEqual([]);
    const { visits, shoppers, ledgers } = await readStore(mall);
    const seen = new Map<string, number>();
    for (const v of visits) seen.set(v.id, (seen.get(v.id) ?? 0) + 1);
    expect([...seen].filter(([, n]) => n > 1)).toEqual([]);
    const stored = new Map(visits.map((v) => [v.id, v]));
    const missing = [...acked.visits].filter(([id, passId]) => stored.get(id)?.shopperId !== passId);
    expect(missing).toEqual([]);

    for (const e of acked.enrolled) {
      expect(shoppers.has(e.passId), `enrolled shopper ${e.passId}`).toBe(true);
      // Membership and analytics, the two agreed to; purposes left unticked are not written.
      expect(ledgers.get(e.passId)?.length).toBe(2);
    }
    // A crash may leave a stored visit its shopper's summary does not count yet (the restart
    // redoes it), never a summary counting a visit that is not stored.
    const overcounted = summaryDrift(shoppers, visits).filter(([, counted, stored]) => counted > stored);
    expect(overcounted).toEqual([]);
    const cards = new Map<string, string>();
    for (const s of shoppers.values()) for (const t of s.cardTokens) {
      expect(cards.get(t), 'one card, one shopper').toBeUndefined();
      cards.set(t, s.id);
    }

    // And the hub, started once more, knows each acknowledged card and counts its visits.
    const hub = await spawnHub(root, EVERY_READ_A_VISIT);
    try {
      const kiosk = await connect(hub.url, dataset.kioskDevices[0].token);
      for (const e of acked.enrolled.slice(-5)) {
        const ack = await call(kiosk, 'checkin:tap', { visitId: randomUUID(), card: benchPan(e.card) });
        expect(ack?.data).toMatchObject({ status: 'welcome', shopper: { passId: e.passId } });
      }
      kiosk.close();
    } finally {
      await hub.stop();
    }
    // After a restart (and its recovery) each summary counts exactly the visits stored.
    const after = await readStore(mall);
    expect(summaryDrift(after.shoppers, after.visits)).toEqual([]);
    console.log(`crash: ${CYCLES} SIGKILLs, ${sent} requests sent, ${acked.visits.size} check-ins and ${acked.enrolled.length} enrolments acknowledged, all on disk once`);
    expect(acked.visits.size).toBeGreaterThan(CYCLES * 10);
  });
});
