import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ShopperRecord } from './storage/records.ts';
import { shardOf } from './storage/sharded-map.ts';
import { testCard } from './testing/cards.ts';
import { enrolBody, enrolByTap } from './testing/enrol.ts';
import { hubClient, request, startTestHub, type ClientSocket, type HubClient } from './testing/test-hub.ts';

type Ack = { ok: true; data: any } | { ok: false; error: string; field?: string };

const repo = resolve(import.meta.dirname, '..');

interface HubProcess {
  url: string;
  client: HubClient;
  child: ChildProcess;
  /** What the hub has printed so far (logs included, at the level asked for). */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<ChildProcess>();

/** Runs the hub as `npm start` does, as its own process, on a data folder; resolves once it serves. */
async function spawnHub(dataRoot: string, env: Record<string, string> = {}): Promise<HubProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: repo,
    env: {
      ...process.env,
      ATRIUM_DATA: dataRoot,
      ATRIUM_MALL: 'demo',
      ATRIUM_DEMO: '1',
      ATRIUM_FSYNC: '1',
      ATRIUM_CONFIG: join(dataRoot, 'no-such-config.json'),
      ATRIUM_HOST: '127.0.0.1',
      ATRIUM_PORT: '0',
      ATRIUM_LOG_LEVEL: 'silent',
      // Every check-in here is a visit to store: this tests durability, not what counts as an arrival.
      ATRIUM_VISIT_WINDOW_MINUTES: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (output += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (output += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  // The hub prints its URLs once it listens; port 0 lets the system pick a free port.
  const url = await new Promise<string>((resolve, reject) => {
    const onData = () => {
      const m = /Health\s+(http:\/\/\S+)\/api\/health/.exec(output);
      if (m) resolve(m[1]);
    };
    child.stdout!.on('data', onData);
    void exited.then(({ code, signal }) => reject(new Error(`hub exited (${code ?? signal}) before serving:\n${output}`)));
  });
  const client = hubClient(url);
  let health = await client.api('/api/health');
  while (health.status !== 200) health = await client.api('/api/health');
  return { url, client, child, exited, output: () => output };
}

async function kill9(hub: HubProcess): Promise<void> {
  hub.child.kill('SIGKILL');
  expect((await hub.exited).signal).toBe('SIGKILL');
}

/**
 * Fills a new data folder with many shoppers in a few big shards, so every write takes long
 * enough that a kill right after an acknowledgement would catch a write still running if the
 * hub acknowledged too early.
 */
async function prefill(dataRoot: string, shards: number, shoppers: number): Promise<void> {
  const dir = join(dataRoot, 'demo');
  await mkdir(join(dir, 'shoppers'), { recursive: true });
  await writeFile(join(dir, 'layout.json'), JSON.stringify({ version: 1, shopperShards: shards }));
  const files: Record<string, ShopperRecord>[] = Array.from({ length: shards }, () => ({}));
  for (let i = 0; i < shoppers; i++) {
    const id = `prefilled-${String(i).padStart(12, '0')}`;
    files[shardOf(id, shards)][id] = {
      id,
      cardTokens: [`token-${i}`],
      language: 'en',
      consent: { membership: true, analytics: true },
      createdAt: '2026-01-01T00:00:00.000Z',
      visitCount: 0,
      recentVisits: [],
    };
  }
  await Promise.all(files.map((f, n) => writeFile(join(dir, 'shoppers', `${n.toString(16).padStart(3, '0')}.json`), JSON.stringify(f))));
  // Today's visit file too: it is the record a check-in is recovered from.
  const now = new Date().toISOString();
  const visits = Array.from({ length: shoppers }, (_, i) => ({ id: randomUUID(), at: now, shopperId: null, zoneId: 'entrance', touchpoint: `old-${i}` }));
  await mkdir(join(dir, 'visits'), { recursive: true });
  await writeFile(join(dir, 'visits', `${now.slice(0, 10)}.json`), JSON.stringify(visits));
}

interface CheckIn {
  card: string;
  visitId: string;
  at: string;
}
const checkIn = (card: string): CheckIn => ({ card, visitId: randomUUID(), at: new Date().toISOString() });

/**
 * Sends check-ins all at once and calls `onAck` for each acknowledgement as it arrives, in the same
 * turn of the event loop, so the caller can kill the hub with nothing in between.
 */
function sendAll(kiosk: ClientSocket, visits: CheckIn[], onAck: (visit: CheckIn, ack: Ack, acked: number) => void): void {
  let acked = 0;
  for (const v of visits) {
    (kiosk as unknown as { emit: (...a: unknown[]) => void }).emit('checkin:tap', v, (ack: Ack) => onAck(v, ack, ++acked));
  }
}

// Each test starts the hub as a process two or three times; allow for a busy machine.
describe('crash safety: the hub as a real process', { timeout: 120_000 }, () => {
  let dataRoot: string;
  beforeEach(async () => {
    dataRoot = await mkdtemp(join(tmpdir(), 'atrium-crash-'));
  });
  afterEach(async () => {
    for (const child of running) child.kill('SIGKILL');
    await rm(dataRoot, { recursive: true, force: true });
  });

  it('every acknowledged enrolment and check-in survives kill -9', async () => {
    const PREFILLED = 40_000;
    await prefill(dataRoot, 2, PREFILLED);
    const first = await spawnHub(dataRoot);
    const cookie = await first.client.login();
    const { token } = await first.client.pair('kiosk', 'entrance', 'Kiosk', cookie);
    const kiosk = await first.client.socket({ token });

    const cards = Array.from({ length: 24 }, (_, i) => testCard(1000 + i));
    const passes = new Map<string, string>();
    for (const [card, joined] of await Promise.all(cards.map(async (c) => [c, await enrolByTap(kiosk, c)] as const))) {
      expect(joined.visitCount).toBe(1);
      passes.set(card, joined.passId);
    }

    // A check-in per card, all at once.
    const wave = cards.map(checkIn);
    const acked: CheckIn[] = [];
    await new Promise<void>((resolve, reject) => {
      sendAll(kiosk, wave, (v, ack, n) => {
        if (!ack.ok) return reject(new Error(JSON.stringify(ack)));
        expect(ack.data.shopper.visitCount).toBe(2);
        acked.push(v);
        if (n === wave.length) resolve();
      });
    });
    // Then one more shopper joins alone, and the hub is killed the moment that is acknowledged:
    // acknowledged alone, its writes are the ones a too-early acknowledgement would lose.
    const last = testCard(1999);
    const tap = await request<Ack>(kiosk, 'checkin:tap', { visitId: randomUUID(), card: last });
    expect(tap).toMatchObject({ ok: true, data: { status: 'unknown' } });
    const joined = await new Promise<Ack>((resolve) => {
      (kiosk as unknown as { emit: (...a: unknown[]) => void }).emit('shopper:enrol', enrolBody((tap as any).data.enrolTicket), (ack: Ack) => {
        first.child.kill('SIGKILL');
        resolve(ack);
      });
    });
    expect(joined).toMatchObject({ ok: true, data: { visitCount: 1 } });
    await kill9(first);
    first.client.closeSockets();

    const second = await spawnHub(dataRoot);
    // The kiosk's pairing survived: it connects with the same token.
    const again = await second.client.socket({ token });
    // Replaying an acknowledged check-in finds it on disk and counts nothing.
    for (const v of acked) {
      expect(await request<Ack>(again, 'checkin:tap', v)).toMatchObject({ ok: true, data: { status: 'welcome', duplicate: true, shopper: { visitCount: 2 } } });
    }
    expect((await second.client.api('/api/health', { cookie: await second.client.login() })).body.counts).toMatchObject({ shoppers: PREFILLED + cards.length + 1, visits: cards.length * 2 + 1 });
    // The last shopper is known by card and by pass.
    expect(await request<Ack>(again, 'checkin:tap', checkIn(last))).toMatchObject({
      ok: true,
      data: { status: 'welcome', shopper: { visitCount: 2, passId: (joined as any).data.passId } },
    });
    // A new tap of each card is its 3rd visit, and by pass id its 4th: the card index and passes survived.
    for (const card of cards) {
      expect(await request<Ack>(again, 'checkin:tap', checkIn(card))).toMatchObject({ ok: true, data: { shopper: { visitCount: 3, passId: passes.get(card) } } });
      const byPass = await request<Ack>(again, 'checkin:pass', { visitId: randomUUID(), passId: passes.get(card) });
      expect(byPass).toMatchObject({ ok: true, data: { shopper: { visitCount: 4 } } });
    }
    await kill9(second);
  });

  it('kill -9 with writes still in flight keeps every acknowledged one and a consistent store', async () => {
    const first = await spawnHub(dataRoot);
    const { token } = await first.client.pair('kiosk', 'food-court', 'Kiosk');
    const kiosk = await first.client.socket({ token });
    const cards = Array.from({ length: 16 }, (_, i) => testCard(2000 + i));
    await Promise.all(cards.map((c) => enrolByTap(kiosk, c)));

    const wave = Array.from({ length: 6 }, () => cards.map(checkIn)).flat();
    const acked: CheckIn[] = [];
    const minCount = new Map(cards.map((c) => [c, 1]));
    await new Promise<void>((resolve) => {
      sendAll(kiosk, wave, (v, ack, n) => {
        if (!ack.ok) return;
        // Count acknowledged check-ins, not the visit count in the ack: with several check-ins of
        // one card in flight at once, that count may already include ones not yet on disk.
        acked.push(v);
        minCount.set(v.card, minCount.get(v.card)! + 1);
        // Killed halfway: the rest are received, being written or not yet read.
        if (n === Math.floor(wave.length / 2)) {
          first.child.kill('SIGKILL');
          resolve();
        }
      });
    });
    await kill9(first);
    first.client.closeSockets();

    const second = await spawnHub(dataRoot);
    const again = await second.client.socket({ token });
    for (const v of acked) {
      expect(await request<Ack>(again, 'checkin:tap', v)).toMatchObject({ ok: true, data: { duplicate: true } });
    }
    // Each shopper has at least what was acknowledged and at most what was sent; the visit count
    // the hub reports is the sum of what its shoppers hold.
    let total = 0;
    for (const card of cards) {
      const stored = (await request<Ack>(again, 'checkin:tap', checkIn(card))) as Extract<Ack, { ok: true }>;
      const count = stored.data.shopper.visitCount - 1;
      expect(count).toBeGreaterThanOrEqual(minCount.get(card)!);
      expect(count).toBeLessThanOrEqual(1 + 6);
      total += count + 1;
    }
    expect((await second.client.api('/api/health', { cookie: await second.client.login() })).body.counts).toMatchObject({ shoppers: cards.length, visits: total });
    await kill9(second);
  });

  it('SIGTERM shuts down cleanly, exit code 0, with every write on disk', async () => {
    const first = await spawnHub(dataRoot);
    const { token } = await first.client.pair('kiosk', 'tech', 'Kiosk');
    const kiosk = await first.client.socket({ token });
    const cards = Array.from({ length: 8 }, (_, i) => testCard(3000 + i));
    await Promise.all(cards.map((c) => enrolByTap(kiosk, c)));
    const wave = cards.map(checkIn);
    await new Promise<void>((resolve) => {
      sendAll(kiosk, wave, (_v, ack, n) => {
        expect(ack.ok).toBe(true);
        if (n === wave.length) {
          first.child.kill('SIGTERM');
          resolve();
        }
      });
    });
    expect(await first.exited).toEqual({ code: 0, signal: null });
    first.client.closeSockets();
    const mallDir = join(dataRoot, 'demo');
    expect((await readdir(mallDir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // Everything journaled was written to its own file on the way out.
    expect(await readdir(join(mallDir, 'journal'))).toEqual([]);

    const second = await spawnHub(dataRoot);
    expect((await second.client.api('/api/health', { cookie: await second.client.login() })).body.counts).toMatchObject({ shoppers: 8, visits: 16, devices: 1 });
    const again = await second.client.socket({ token });
    for (const v of wave) expect(await request<Ack>(again, 'checkin:tap', v)).toMatchObject({ ok: true, data: { duplicate: true, shopper: { visitCount: 2 } } });
    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
  });

  it('refuses to start over a corrupt data file, naming it', async () => {
    const first = await spawnHub(dataRoot);
    await enrolByTap(await first.client.socket({ token: (await first.client.pair('kiosk')).token }), testCard(4000));
    // A clean stop writes the journaled enrolment into its shard, the file corrupted below.
    first.child.kill('SIGTERM');
    await first.exited;
    first.client.closeSockets();
    const shardDir = join(dataRoot, 'demo', 'shoppers');
    const [shard] = (await readdir(shardDir)).filter((f) => f.endsWith('.json'));
    const file = join(shardDir, shard);
    const good = await readFile(file, 'utf8');
    await writeFile(file, good.slice(0, Math.floor(good.length / 2)));

    await expect(spawnHub(dataRoot, { ATRIUM_LOG_LEVEL: 'fatal' })).rejects.toThrow(file);
    // Nothing was overwritten: putting the good file back brings everything back.
    expect(await readFile(file, 'utf8')).toBe(good.slice(0, Math.floor(good.length / 2)));
    await writeFile(file, good);
    const second = await spawnHub(dataRoot);
    expect((await second.client.api('/api/health', { cookie: await second.client.login() })).body.counts).toMatchObject({ shoppers: 1, visits: 1 });
    await kill9(second);
  });
});

/** The journal files of the demo mall, oldest first. */
async function journalFiles(dataRoot: string): Promise<string[]> {
  const dir = join(dataRoot, 'demo', 'journal');
  return (await readdir(dir)).filter((f) => f.endsWith('.log')).sort().map((f) => join(dir, f));
}

/** Cuts a file to `length` bytes. */
async function cut(file: string, length: number): Promise<void> {
  const buf = await readFile(file);
  await writeFile(file, buf.subarray(0, length));
}

/** Offsets at which each line of a file ends (just past its newline). */
async function lineEnds(file: string): Promise<number[]> {
  const buf = await readFile(file);
  const ends: number[] = [];
  for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) ends.push(i + 1);
  return ends;
}

describe('crash safety: a damaged journal', { timeout: 120_000 }, () => {
  let dataRoot: string;
  beforeEach(async () => {
    dataRoot = await mkdtemp(join(tmpdir(), 'atrium-journal-crash-'));
  });
  afterEach(async () => {
    for (const child of running) child.kill('SIGKILL');
    await rm(dataRoot, { recursive: true, force: true });
  });

  /** A hub with a kiosk and 3 enrolled shoppers, killed with everything still in the journal. */
  async function crashedWithJournal(): Promise<{ token: string; passes: string[] }> {
    const hub = await spawnHub(dataRoot);
    const { token } = await hub.client.pair('kiosk');
    const kiosk = await hub.client.socket({ token });
    const passes: string[] = [];
    for (let i = 0; i < 3; i++) passes.push((await enrolByTap(kiosk, testCard(6000 + i))).passId);
    await kill9(hub);
    hub.client.closeSockets();
    return { token, passes };
  }

  it('starts again after a second crash over a journal line torn at the end by the first', async () => {
    const { token, passes } = await crashedWithJournal();
    const [newest] = (await journalFiles(dataRoot)).slice(-1);
    const ends = await lineEnds(newest);
    // Inside the last line: what a crash in the middle of an append leaves.
    await cut(newest, ends.at(-2)! + 10);

    const second = await spawnHub(dataRoot, { ATRIUM_LOG_LEVEL: 'warn' });
    expect(second.output()).toContain(newest);
    const kiosk = await second.client.socket({ token });
    const acked: { visitId: string; passId: string }[] = [];
    for (let i = 0; i < 5; i++) {
      const v = { visitId: randomUUID(), passId: passes[i % 2] };
      expect(await request<Ack>(kiosk, 'checkin:pass', v)).toMatchObject({ ok: true, data: { duplicate: false } });
      acked.push(v);
    }
    // Killed well within the 5 s between checkpoints: the check-ins are only in the journal.
    await kill9(second);
    second.client.closeSockets();

    const third = await spawnHub(dataRoot);
    const again = await third.client.socket({ token });
    for (const v of acked) expect(await request<Ack>(again, 'checkin:pass', v)).toMatchObject({ ok: true, data: { duplicate: true } });
    expect(await request<Ack>(again, 'checkin:pass', { visitId: randomUUID(), passId: passes[0] })).toMatchObject({ ok: true, data: { shopper: { visitCount: 5 } } });
    await kill9(third);
  });

  it('warns, naming the file and offset, when the newest journal file is cut short', async () => {
    await crashedWithJournal();
    const [newest] = (await journalFiles(dataRoot)).slice(-1);
    const size = (await readFile(newest)).length;
    await cut(newest, Math.floor(size / 2));
    const hub = await spawnHub(dataRoot, { ATRIUM_LOG_LEVEL: 'warn' });
    const warning = hub.output().split('\n').find((l) => l.includes(newest));
    expect(warning).toBeDefined();
    const logged = JSON.parse(warning!);
    expect(logged).toMatchObject({ level: 40, file: newest });
    expect(logged.offset).toBeLessThanOrEqual(Math.floor(size / 2));
    expect(logged.bytes).toBeGreaterThan(0);
    await kill9(hub);
  });

  it('refuses to start over acknowledged lines lost in the middle of the journal, naming the file; starts with ATRIUM_SALVAGE=1', async () => {
    const { token } = await crashedWithJournal();
    // A second life writes to a second journal file; the first one is then cut in half.
    const second = await spawnHub(dataRoot);
    const kiosk = await second.client.socket({ token });
    const late = await enrolByTap(kiosk, testCard(6100));
    await kill9(second);
    second.client.closeSockets();
    const [older] = await journalFiles(dataRoot);
    expect((await journalFiles(dataRoot)).length).toBe(2);
    const ends = await lineEnds(older);
    // Cut exactly at a line's end: every line left is whole, only the file's own length is wrong.
    await cut(older, ends[Math.floor(ends.length / 2)]);

    await expect(spawnHub(dataRoot, { ATRIUM_LOG_LEVEL: 'fatal' })).rejects.toThrow(older);
    const salvaged = await spawnHub(dataRoot, { ATRIUM_SALVAGE: '1', ATRIUM_LOG_LEVEL: 'warn' });
    expect(salvaged.output()).toContain(older);
    // What was not damaged is there.
    const again = await salvaged.client.socket({ token });
    expect(await request<Ack>(again, 'checkin:pass', { visitId: randomUUID(), passId: late.passId })).toMatchObject({ ok: true, data: { shopper: { visitCount: 2 } } });
    await kill9(salvaged);
    salvaged.client.closeSockets();
    // Salvage wrote everything into its own files: the next start needs no salvage.
    const clean = await spawnHub(dataRoot);
    await kill9(clean);
  });
});

describe('recovery on start', () => {
  it('re-applies a visit that reached its day file but not its shopper (a crash between the two writes)', async () => {
    const dataRoot = await mkdtemp(join(tmpdir(), 'atrium-recover-'));
    try {
      // Window 0: each check-in is a new visit (this is about recovery, not arrivals).
      let hub = await startTestHub({ visitWindowMinutes: 0 }, dataRoot);
      const kiosk = await hub.socket({ token: (await hub.pair('kiosk')).token });
      const { passId } = await enrolByTap(kiosk, testCard(5000));
      const second = await request<Ack>(kiosk, 'checkin:pass', { visitId: randomUUID(), passId });
      expect(second).toMatchObject({ ok: true, data: { shopper: { visitCount: 2 } } });
      await hub.stop();

      // Roll the shopper's summary back to before the second visit, as a kill between the visit
      // file's write and the shopper shard's write would leave it.
      const shardDir = join(dataRoot, 'demo', 'shoppers');
      for (const name of await readdir(shardDir)) {
        const shard = JSON.parse(await readFile(join(shardDir, name), 'utf8'));
        if (!shard[passId]) continue;
        const s = shard[passId];
        s.visitCount = 1;
        s.recentVisits = s.recentVisits.slice(0, 1);
        s.lastVisitAt = s.firstVisitAt;
        await writeFile(join(shardDir, name), JSON.stringify(shard));
      }

      hub = await startTestHub({ visitWindowMinutes: 0 }, dataRoot);
      expect((await hub.api('/api/health', { cookie: await hub.login() })).body.counts).toMatchObject({ shoppers: 1, visits: 2, present: 1 });
      const kiosk2 = await hub.socket({ token: (await hub.pair('kiosk')).token });
      expect(await request<Ack>(kiosk2, 'checkin:pass', { visitId: randomUUID(), passId })).toMatchObject({ ok: true, data: { shopper: { visitCount: 3 } } });
      expect((await hub.api('/api/health', { cookie: await hub.login() })).body.counts).toMatchObject({ visits: 3 });
      await hub.stop();
    } finally {
      await rm(dataRoot, { recursive: true, force: true });
    }
  });
});
