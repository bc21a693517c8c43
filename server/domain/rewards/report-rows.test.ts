/**
 * The rewards report's rows (one per counted mall visit) live in their own journaled log, one
 * file per local day, not in rewards.json: there every visit rewrote every row kept, so each
 * check-in cost more than the one before (at 100 check-ins/s the bench's third half-minute spent
 * 28% of the event loop serialising rewards.json). Through a real hub on a temporary folder.
 */
import { randomUUID } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RewardsFileRecord } from '#server/storage/records.ts';
import { testCard } from '#server/testing/cards.ts';
import { enrolByTap } from '#server/testing/enrol.ts';
import { tempFolderEach } from '#server/testing/files.ts';
import { request, startTestHub, type ClientSocket, type TestHub } from '#server/testing/test-hub.ts';

const HOUR = 3_600_000;

describe('the rewards report’s rows', () => {
  const tmp = tempFolderEach('atrium-reward-rows-');
  let hub: TestHub | undefined;
  afterEach(async () => {
    await hub?.stop();
    hub = undefined;
  });

  /** A hub on the test's folder whose every read is a new mall visit, with a kiosk and a clock. */
  async function start(clock: { now: number }) {
    hub = await startTestHub({ k: 2, visitWindowMinutes: 0 }, tmp(), { now: () => clock.now });
    const operator = await hub.login();
    const kiosk = await hub.socket({ token: (await hub.pair('kiosk', 'food-court', undefined, operator)).token });
    return { hub, operator, kiosk };
  }
  const tap = async (kiosk: ClientSocket, card: string) => {
    const ack = await request<{ ok: boolean }>(kiosk, 'checkin:tap', { visitId: randomUUID(), card });
    expect(ack.ok).toBe(true);
  };
  const rewardsFile = () => join(tmp(), 'demo', 'rewards.json');
  const visitsCounted = async (h: TestHub, operator: string, from: string, to: string) => {
    const report = (await h.api(`/api/reports/rewards?from=${from}&to=${to}`, { cookie: operator })).body as { visits: { others: { value: number | null } } };
    return report.visits.others.value;
  };

  it('each visit appends one row to its day’s log; rewards.json stays the same size however many visits come', async () => {
    const clock = { now: Date.parse('2026-11-02T10:00:00Z') };
    const { hub: h, operator, kiosk } = await start(clock);
    const cards = [testCard(501), testCard(502), testCard(503)];
    for (const c of cards) await enrolByTap(kiosk, c);
    // The file as a checkpoint writes it (visits change it through the journal).
    const sizeAfter = async () => {
      await h.services.rewards.written();
      await h.store.flush();
      return (await readFile(rewardsFile(), 'utf8')).length;
    };
    for (let i = 0; i < 5; i++) for (const c of cards) await tap(kiosk, c);
    const early = await sizeAfter();
    for (let i = 0; i < 30; i++) for (const c of cards) await tap(kiosk, c);
    const late = await sizeAfter();
    // 90 more visits: the file holds settings and cards, not a row per visit (it grew ~40 bytes a visit).
    expect(late - early).toBeLessThan(100);
    const rows = JSON.parse(await readFile(join(tmp(), 'demo', 'reward-visits', '2026-11-02.json'), 'utf8')) as unknown[];
    // The three joins and 105 taps, each a mall visit of a shopper counted in reports.
    expect(rows).toHaveLength(3 + 105);
    expect(await visitsCounted(h, operator, '2026-11-01', '2026-11-30')).toBe(108);
  });

  it('rows a file from before the log holds, and rows whose append a crash cut off, move to the log once', async () => {
    const clock = { now: Date.parse('2026-11-02T10:00:00Z') };
    let started = await start(clock);
    for (const c of [testCard(511), testCard(512)]) await enrolByTap(started.kiosk, c);
    await started.hub.services.rewards.written();
    await started.hub.stop();
    hub = undefined;

    // What an older hub left: its rows in rewards.json (local day, pseudonym, near); and a row the
    // crash left pending, which the log also has already (the join of 511: its id is in the log).
    const file = JSON.parse(await readFile(rewardsFile(), 'utf8')) as RewardsFileRecord;
    const logged = JSON.parse(await readFile(join(tmp(), 'demo', 'reward-visits', '2026-11-02.json'), 'utf8')) as NonNullable<RewardsFileRecord['rowsPending']>;
    const day = logged[0].day;
    file.visits = [
      [day - 1, 'olderVisitorA', 0],
      [day - 1, 'olderVisitorB', 0],
      [day, 'olderVisitorA', 0],
    ];
    file.rowsPending = [logged[0], { ...logged[0], id: randomUUID(), visitor: 'cutOffVisitor' }];
    await writeFile(rewardsFile(), JSON.stringify(file));

    for (let round = 0; round < 2; round++) {
      started = await start(clock);
      const after = JSON.parse(await readFile(rewardsFile(), 'utf8')) as RewardsFileRecord;
      expect(after.visits).toEqual([]);
      expect(after.rowsPending).toBeUndefined();
      // Two joins, three older rows, one cut-off row; the pending copy of a logged row counts once.
      expect(await visitsCounted(started.hub, started.operator, '2026-10-01', '2026-11-30')).toBe(6);
      expect((await readdir(join(tmp(), 'demo', 'reward-visits'))).sort()).toEqual(['2026-11-01.json', '2026-11-02.json']);
      await started.hub.stop();
      hub = undefined;
    }
  });

  it('retention drops the days before its cut, files and all', async () => {
    const clock = { now: Date.parse('2026-01-05T10:00:00Z') };
    const { hub: h, operator, kiosk } = await start(clock);
    await enrolByTap(kiosk, testCard(521));
    await enrolByTap(kiosk, testCard(522));
    clock.now += 24 * HOUR;
    await tap(kiosk, testCard(521));
    await h.services.rewards.written();
    expect(await visitsCounted(h, operator, '2026-01-01', '2026-01-31')).toBe(3);
    const [{ day }] = JSON.parse(await readFile(join(tmp(), 'demo', 'reward-visits', '2026-01-06.json'), 'utf8')) as { day: number }[];
    // Cut at the last day: the first day's two rows go.
    expect(await h.services.rewards.trimBefore(day)).toBe(2);
    expect(await readdir(join(tmp(), 'demo', 'reward-visits'))).toEqual(['2026-01-06.json']);
    expect(await visitsCounted(h, operator, '2026-01-01', '2026-01-31')).toBeNull();
  });
});
