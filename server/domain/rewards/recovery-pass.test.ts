import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dayOf } from '#server/storage/daily-log.ts';
import { startTestHub, type TestHub } from '#server/testing/test-hub.ts';
import { firstFollowedDay } from './applied-visits.ts';

const DAY = 86_400_000;

// Rewards, feedback and the till each make good at start-up what a crash kept from their files,
// from the recent visit days; one shared pass reads those days for all three (services.ts).
describe('start-up recovery from the stored visits', { timeout: 60_000 }, () => {
  let dataRoot: string | undefined;
  let hub: TestHub | undefined;
  afterEach(async () => {
    await hub?.stop();
    if (dataRoot) await rm(dataRoot, { recursive: true, force: true });
    hub = dataRoot = undefined;
  });

  it('reads each recent visit day once for rewards, feedback and the till together', async () => {
    dataRoot = await mkdtemp(join(tmpdir(), 'atrium-recovery-pass-'));
    hub = await startTestHub({}, dataRoot);
    const now = Date.now();
    // Visits on six recent days (one till visit among them) and one day out of reach.
    const ago = [2, 3, 4, 5, 6, 7, 30];
    await hub.store.visits.appendMany(
      ago.map((d, i) => ({ id: `v${i}`, at: new Date(now - d * DAY).toISOString(), shopperId: null, zoneId: 'entrance', touchpoint: i === 0 ? 'till:bean-there' : 'kiosk:k1' })),
    );
    await hub.stop();

    hub = await startTestHub({}, dataRoot);
    const visits = hub.store.visits;
    const first = firstFollowedDay(now);
    const days = await visits.days();
    const recent = days.filter((d) => d >= first);
    expect(recent.length).toBeGreaterThanOrEqual(6);
    // The shoppers' own recovery (presence, summaries) reads the last two days with visits too.
    const lastTwo = days.slice(-2);
    for (const day of recent) expect({ day, reads: visits.readsOf(day) }).toEqual({ day, reads: lastTwo.includes(day) ? 2 : 1 });
    expect(visits.readsOf(dayOf(new Date(now - 30 * DAY)))).toBe(0);
  });
});
