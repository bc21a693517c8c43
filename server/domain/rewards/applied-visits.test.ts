import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RewardProgress } from '#shared/schemas/rewards.ts';
import { DailyLog } from '#server/storage/daily-log.ts';
import type { VisitRecord } from '#server/storage/records.ts';
import { testCard } from '#server/testing/cards.ts';
import { enrolByTap } from '#server/testing/enrol.ts';
import { tempFolderEach } from '#server/testing/files.ts';
import { startTestHub, type TestHub } from '#server/testing/test-hub.ts';
import { AppliedVisits, replayVisits, type AppliedVisitsRecord, type FollowedVisit } from './applied-visits.ts';

const NOW = Date.parse('2026-11-20T18:00:00Z');
const DAYS = ['2026-11-18', '2026-11-19', '2026-11-20'];

/** A small deterministic shuffle (no seedless randomness in tests). */
function* lcg(seed: number): Generator<number> {
  let s = seed;
  for (;;) {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    yield s / 2 ** 31;
  }
}

describe('the applied record (positions in the day logs)', () => {
  const dir = tempFolderEach('atrium-applied-');

  const visit = (day: string, i: number, shopperId: string | null = 's1'): VisitRecord => ({
    id: randomUUID(),
    at: `${day}T${String(8 + (i % 12)).padStart(2, '0')}:00:00.000Z`,
    shopperId,
    zoneId: 'entrance',
    touchpoint: 'kiosk-1',
  });

  it('stays a few numbers per day after 10,000 visits heard a little out of storing order', async () => {
    const log = await DailyLog.open<VisitRecord>(dir(), { fsync: false, segmentSize: 2000 });
    const record: AppliedVisitsRecord = {};
    const applied = new AppliedVisits(() => record);
    const random = lcg(7);
    let mostAhead = 0;
    let heard = 0;
    // Batches of check-ins stored side by side; the follower hears each batch in a shuffled order,
    // as check-ins of different shoppers finish their saves in any order.
    for (let b = 0; b < 500; b++) {
      const batch = Array.from({ length: 20 }, (_, i) => visit(DAYS[(b * 20 + i) % 3], b * 20 + i));
      const positions = await Promise.all(batch.map((v) => log.appendPositioned(v)));
      const events = batch.map((v, i) => ({ at: v.at, position: positions[i]! }));
      for (let i = events.length - 1; i > 0; i--) {
        const j = Math.floor(random.next().value! * (i + 1));
        [events[i], events[j]] = [events[j], events[i]];
      }
      for (const e of events) {
        expect(applied.has(e.at, e.position)).toBe(false);
        applied.add(e.at, e.position, NOW);
        expect(applied.has(e.at, e.position)).toBe(true);
        heard++;
        mostAhead = Math.max(mostAhead, ...Object.values(record).map((d) => d.ahead?.length ?? 0));
      }
    }
    expect(heard).toBe(10_000);
    // Out of order for a moment, never by more than a batch.
    expect(mostAhead).toBeGreaterThan(0);
    expect(mostAhead).toBeLessThan(20);
    const counts = await Promise.all(DAYS.map(async (d) => (await log.read(d)).length));
    expect(record).toEqual(Object.fromEntries(DAYS.map((d, i) => [d, { n: counts[i] }])));
    expect(JSON.stringify(record).length).toBeLessThan(100);
    // Nothing left to make good.
    expect(await replayVisits(log, applied, NOW, () => undefined)).toBe(0);
  });

  it('two visits heard out of storing order, a crash before the first: start-up applies that one, once', async () => {
    const log = await DailyLog.open<VisitRecord>(dir(), { fsync: false });
    const stored = [visit(DAYS[2], 0), visit(DAYS[2], 1), visit(DAYS[2], 2)];
    for (const v of stored) await log.appendPositioned(v);
    const onDisk: AppliedVisitsRecord = {};
    const live = new AppliedVisits(() => onDisk);
    live.add(stored[0].at, 0, NOW);
    // Position 2's event comes before position 1's (whose check-in is still saving); then a crash.
    live.add(stored[2].at, 2, NOW);
    expect(onDisk).toEqual({ [DAYS[2]]: { n: 1, ahead: [2] } });

    const afterCrash: AppliedVisitsRecord = structuredClone(onDisk);
    const applied = new AppliedVisits(() => afterCrash);
    const made: FollowedVisit[] = [];
    expect(await replayVisits(log, applied, NOW, (v) => made.push(v))).toBe(1);
    expect(made.map((v) => [v.visitId, v.position])).toEqual([[stored[1].id, 1]]);
    expect(afterCrash).toEqual({ [DAYS[2]]: { n: 3 } });
    // The late event, had it come after all, is known as applied; a second start applies nothing.
    expect(applied.has(stored[1].at, 1)).toBe(true);
    expect(await replayVisits(log, applied, NOW, (v) => made.push(v))).toBe(0);
  });

  it('notes without applying the visits an erased shopper left and those the follower does not follow', async () => {
    const log = await DailyLog.open<VisitRecord>(dir(), { fsync: false });
    await log.appendPositioned(visit(DAYS[1], 0, null));
    await log.appendPositioned({ ...visit(DAYS[1], 1), kind: 'zone' });
    await log.appendPositioned(visit(DAYS[1], 2));
    const record: AppliedVisitsRecord = {};
    const made: number[] = [];
    const n = await replayVisits(log, new AppliedVisits(() => record), NOW, (v) => made.push(v.position), { follows: (v) => v.mallVisit });
    expect([n, made]).toEqual([1, [2]]);
    expect(record).toEqual({ [DAYS[1]]: { n: 3 } });
  });

  it('drops the days out of reach (9 days back)', () => {
    const record: AppliedVisitsRecord = { '2026-11-01': { n: 40 }, '2026-11-11': { n: 7, ahead: [9] } };
    new AppliedVisits(() => record).add('2026-11-20T10:00:00.000Z', 0, NOW);
    expect(record).toEqual({ '2026-11-11': { n: 7, ahead: [9] }, '2026-11-20': { n: 1 } });
  });
});

// The real follower in a real hub: the events are handed to it directly, in the order a busy hub
// can hear them (each check-in emits after its own shopper's save, so two shoppers' visits can
// reach the bus in the other order than the day log stored them).
describe('rewards hears two visits out of storing order, then the hub stops before the first', { timeout: 60_000 }, () => {
  it('earns each stamp once: the late one at the next start, never again', async () => {
    const dataRoot = await mkdtemp(join(tmpdir(), 'atrium-applied-hub-'));
    let hub: TestHub | undefined;
    try {
      hub = await startTestHub({}, dataRoot);
      const operator = await hub.login();
      const made = await hub.api('/api/rewards', { cookie: operator, body: { name: 'a free coffee', kind: 'stamps', counts: 'mall', stamps: { visits: 10, periodDays: 30 }, validDays: 14, onRedeem: 'reset' } });
      expect(made.status).toBe(200);
      const kiosk = await hub.socket({ token: (await hub.pair('kiosk', 'entrance', undefined, operator)).token });
      const { passId } = await enrolByTap(kiosk, testCard(91));
      const stamps = async (h: TestHub) => ((await h.api(`/api/pass/${passId}/rewards`)).body as RewardProgress[]).find((r) => r.name === 'a free coffee')?.stamps?.have ?? 0;
      const before = await stamps(hub);

      // Two moments of one UTC day (a stamp card counts a moment once).
      const now = Date.now();
      const dayStart = Date.parse(new Date(now).toISOString().slice(0, 10));
      const times = [Math.max(dayStart, now - 2000), Math.max(dayStart, now - 2000) + 1000].map((t) => new Date(t).toISOString());
      const day = times[0].slice(0, 10);
      const stored = times.map((at): VisitRecord => ({ id: randomUUID(), at, shopperId: passId, zoneId: 'entrance', touchpoint: 'kiosk-x' }));
      const positions: number[] = [];
      for (const v of stored) positions.push((await hub.store.visits.appendPositioned(v))!);
      expect(positions[1]).toBe(positions[0] + 1);
      const event = (i: number): FollowedVisit => ({ visitId: stored[i].id, shopperId: passId, zoneId: 'entrance', at: times[i], touchpoint: 'kiosk-x', mallVisit: true, position: positions[i] });
      await hub.services.rewards.visited(event(1));
      expect(await stamps(hub)).toBe(before + 1);
      const rewardsFile = join(dataRoot, 'demo', 'rewards.json');
      const applied = async () => (JSON.parse(await readFile(rewardsFile, 'utf8')) as { applied: AppliedVisitsRecord }).applied;
      // The note is journaled with the stamp; a checkpoint puts it in the file.
      await hub.store.journal.checkpoint();
      expect(await applied()).toEqual({ [day]: { n: positions[0], ahead: [positions[1]] } });
      await hub.stop();
      hub = undefined;

      hub = await startTestHub({}, dataRoot);
      expect(await stamps(hub)).toBe(before + 2);
      expect(await applied()).toEqual({ [day]: { n: positions[1] + 1 } });
      // The first visit's event, had it come after all, changes nothing.
      await hub.services.rewards.visited(event(0));
      await hub.services.rewards.visited(event(1));
      expect(await stamps(hub)).toBe(before + 2);
      await hub.stop();
      hub = undefined;
      hub = await startTestHub({}, dataRoot);
      expect(await stamps(hub)).toBe(before + 2);
    } finally {
      await hub?.stop();
      await rm(dataRoot, { recursive: true, force: true });
    }
  });
});
