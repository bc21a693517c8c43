/**
 * Crash: under ~100 check-ins/s (with replays and enrolments mixed in) the hub is killed with
 * SIGKILL at a random moment, then started again on the same data, over and over. Every third
 * cycle the kill also leaves a damaged tail on the newest journal file, as a crash mid-append or a
 * power cut does (half a line, a line with a bad checksum, a run of zero bytes): the hub must
 * start every time, cut it off, and lose nothing acknowledged. And a copy of the folder with a
 * line damaged in the middle of the journal must be refused by the file's name. Afterwards every
 * acknowledged check-in and enrolment is on disk exactly once and every file parses.
 * `npm test` runs a few cycles; `npm run test:faults` runs 20.
 */
import { randomUUID } from 'node:crypto';
import { appendFile, cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { CONSENT_TEXT_VERSION } from '#shared/consent-texts.ts';
import { frameLine } from '#server/storage/journal-frame.ts';
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

const TAILS = ['torn', 'bad checksum', 'zeros'] as const;
type Tail = (typeof TAILS)[number];

/** The mall's journal files, oldest first. */
async function journalFiles(mall: string): Promise<string[]> {
  const dir = join(mall, 'journal');
  return (await readdir(dir).catch(() => [])).filter((f) => f.endsWith('.log')).sort().map((f) => join(dir, f));
}

/**
 * Leaves on the newest journal file what a crash in the middle of an append (or a power cut
 * before its sync) leaves: a change that was never acknowledged, cut short or garbled.
 */
async function damageTail(mall: string, kind: Tail): Promise<string> {
  const files = await journalFiles(mall);
  const file = files.at(-1) ?? join(mall, 'journal', '00000001.log');
  const line = frameLine(JSON.stringify({ s: 'visits', o: { e: { id: randomUUID(), at: new Date().toISOString(), shopperId: null, zoneId: 'z', touchpoint: 't' } } }));
  if (kind === 'torn') await appendFile(file, line.slice(0, Math.floor(line.length / 2)));
  else if (kind === 'bad checksum') await appendFile(file, line.replace('"zoneId":"z"', '"zoneId":"y"'));
  else await appendFile(file, Buffer.alloc(300));
  return file;
}

/**
 * Damages a line in the middle of a copy of the folder's journal and starts the hub on the copy:
 * it must refuse, naming the file. Null if no journal file has two lines to damage between.
 */
async function refusesMiddleDamage(root: string, mall: string): Promise<string | null> {
  const copy = await mkdtemp(join(tmpdir(), 'atrium-crash-middle-'));
  try {
    await cp(root, copy, { recursive: true });
    const copyMall = join(copy, mall);
    for (const file of await journalFiles(copyMall)) {
      const text = await readFile(file, 'utf8');
      const lines = text.split('\n');
      if (lines.filter(Boolean).length < 3) continue;
      // One character of the second line changed: the line still looks whole.
      const i = lines[0].length + 1 + Math.floor(lines[1].length / 2);
      await writeFile(file, text.slice(0, i) + (text[i] === 'a' ? 'b' : 'a') + text.slice(i + 1));
      const refused = await spawnHub(copy, {}, 30_000).then(
        async (hub) => {
          await hub.stop('SIGKILL');
          return null;
        },
        (e: Error) => e.message,
      );
      expect(refused, 'a hub over a journal damaged in the middle must refuse to start').not.toBeNull();
      expect(refused).toContain(file);
      return file;
    }
    return null;
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
    const mallDir = join(root, dataset.mall);
    const tails: string[] = [];
    let middleRefusals = 0;
    let starts = 0;

    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const hub = await spawnHub(root, EVERY_READ_A_VISIT);
      starts++;
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
      if (cycle % 3 === 1) {
        const kind = TAILS[Math.floor(cycle / 3) % TAILS.length];
        await damageTail(mallDir, kind);
        tails.push(kind);
      }
      // Once in a short run, a few times in a long one.
      if (cycle === 0 || (LONG && cycle % 7 === 6)) if (await refusesMiddleDamage(root, dataset.mall)) middleRefusals++;
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
    console.log(
      `crash: ${CYCLES} SIGKILLs, ${starts + 1} starts (all served), ${tails.length} damaged journal tails cut off (${tails.join(', ')}), ` +
        `${middleRefusals} damaged-in-the-middle copies refused by name; ${sent} requests sent, ` +
        `${acked.visits.size} check-ins and ${acked.enrolled.length} enrolments acknowledged, all on disk once`,
    );
    expect(tails.length).toBeGreaterThan(0);
    expect(acked.visits.size).toBeGreaterThan(CYCLES * 10);
  });
});
