import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempFolderEach } from '#server/testing/files.ts';
import { startTestHub, type TestHub } from '#server/testing/test-hub.ts';
import { dayToIso, isoToDay, localMoment } from '../mall/local-time.ts';

const TZ = 'Europe/Warsaw';

/** The instant a local day and time (HH:MM) fall on in `TZ`. */
function atLocal(day: string, hm: string): number {
  const want = isoToDay(day) * 1440 + Number(hm.slice(0, 2)) * 60 + Number(hm.slice(3));
  let t = Date.parse(`${day}T${hm}:00Z`);
  for (let i = 0; i < 3; i++) {
    const m = localMoment(new Date(t), TZ);
    t += (want - (m.day * 1440 + m.minute)) * 60_000;
  }
  return t;
}

describe('the daily retention timer, on the hub clock', { timeout: 60_000 }, () => {
  let hub: TestHub;
  // Days from tomorrow on, so nothing the test hub holds is old enough to go.
  const first = localMoment(new Date(), TZ).day + 1;
  let clock = atLocal(dayToIso(first), '01:00');
  const runs = async () => (await hub.services.audit.find({ from: '2000-01-01', to: '2100-01-01', action: 'retention.run' })).length;

  beforeAll(async () => {
    hub = await startTestHub({ timezone: TZ }, undefined, { now: () => clock });
    // Checks often, so the test need not wait; the hub's own timer checks every 5 minutes.
    hub.services.retention.start({ checkMs: 10, firstCheckMs: 0 });
  });
  afterAll(() => hub.stop());

  it('runs once each day for three weeks, then catches up once after days without a run', async () => {
    // 01:00 on a data folder where it never ran: not yet.
    expect(hub.services.retention.due()).toBe(false);
    for (let d = first; d < first + 21; d++) {
      clock = atLocal(dayToIso(d), '03:31');
      await expect.poll(() => hub.services.retention.lastRun?.day, { timeout: 5000, interval: 10 }).toBe(dayToIso(d));
      await expect.poll(runs, { timeout: 5000, interval: 10 }).toBe(d - first + 1);
      // Later the same day: nothing more.
      clock = atLocal(dayToIso(d), '22:00');
      expect(hub.services.retention.due()).toBe(false);
    }
    // The hub was off for four days; at 00:20 on the fifth it catches up at once, and not again that day.
    const back = first + 25;
    clock = atLocal(dayToIso(back), '00:20');
    await expect.poll(() => hub.services.retention.lastRun?.day, { timeout: 5000, interval: 10 }).toBe(dayToIso(back));
    await expect.poll(runs, { timeout: 5000, interval: 10 }).toBe(22);
    clock = atLocal(dayToIso(back), '03:45');
    expect(hub.services.retention.due()).toBe(false);
  });
});

describe('the daily retention run after a restart', { timeout: 60_000 }, () => {
  const folder = tempFolderEach('atrium-retention-restart-');

  it('remembers its last run, and a hub started after missed days catches up once at start', async () => {
    const first = localMoment(new Date(), TZ).day + 1;
    let clock = atLocal(dayToIso(first), '03:40');
    const before = await startTestHub({ timezone: TZ }, folder(), { now: () => clock });
    await before.services.retention.run();
    await before.stop();

    clock = atLocal(dayToIso(first + 3), '00:05');
    const after = await startTestHub({ timezone: TZ }, folder(), { now: () => clock });
    try {
      expect(after.services.retention.lastRun?.day).toBe(dayToIso(first));
      after.services.retention.start({ checkMs: 10, firstCheckMs: 0 });
      await expect.poll(() => after.services.retention.lastRun?.day, { timeout: 5000, interval: 10 }).toBe(dayToIso(first + 3));
      clock = atLocal(dayToIso(first + 3), '03:31');
      expect(after.services.retention.due()).toBe(false);
    } finally {
      await after.stop();
    }
  });
});
