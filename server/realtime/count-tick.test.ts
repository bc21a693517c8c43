import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { enrolShopper } from '../testing/signage.ts';
import { testHubForBlock } from '#server/testing/operator-hub.ts';
import { request } from '../testing/test-hub.ts';

/**
 * The count tick through a real hub and a real screen socket. The tick is made long (1.5 s) so
 * that "sent at once" and "held for the tick" cannot be confused on a busy machine.
 */
describe('count tick: a lone change goes out at once, a burst waits for the tick, a no-change sends nothing', () => {
  const hub = testHubForBlock({ k: 2, countTickMs: 1500 });

  it('sends the first check-in after a quiet spell without waiting, then one update for a burst', async () => {
    const [kiosk, screen] = [await hub().pair('kiosk', 'food-court'), await hub().pair('screen', 'food-court')];
    const k = await hub().socket({ token: kiosk.token });
    const s = await hub().socket({ token: screen.token });
    const updates: (number | null)[] = [];
    s.on('zone-count:update', (u) => updates.push(u.count));
    const quiet = () => new Promise((r) => setTimeout(r, 2000));
    await quiet();

    // One shopper: below K, which reads as before ("fewer than K"): the screen is sent nothing.
    const first = await enrolShopper(k);
    expect(first.ok).toBe(true);
    await quiet();
    expect(updates).toEqual([]);

    // The second reaches K: sent without waiting a tick.
    expect((await enrolShopper(k)).ok).toBe(true);
    await expect.poll(() => updates.length, { timeout: 1000, interval: 20 }).toBe(1);
    expect(updates).toEqual([2]);

    // Three more within the tick: held, then sent once with the count they add up to.
    for (let i = 0; i < 3; i++) expect((await enrolShopper(k)).ok).toBe(true);
    expect(updates).toHaveLength(1);
    await expect.poll(() => updates.length, { timeout: 5000, interval: 20 }).toBe(2);
    expect(updates[1]).toBe(5);

    // A present shopper checking in again changes no count: the screens are not sent the same numbers.
    await quiet();
    const again = await request<any>(k, 'checkin:pass', { visitId: randomUUID(), passId: first.data!.passId });
    expect(again.data.status).toBe('welcome');
    await quiet();
    expect(updates).toHaveLength(2);

    // And the next real change, after a quiet spell, is again sent at once.
    expect((await enrolShopper(k)).ok).toBe(true);
    await expect.poll(() => updates.length, { timeout: 1000, interval: 20 }).toBe(3);
    expect(updates[2]).toBe(6);
  });
});
