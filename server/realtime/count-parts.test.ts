import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolShopper, pairMany } from '../testing/signage.ts';
import { startTestHub, type ClientSocket, type TestHub } from '../testing/test-hub.ts';
import { allCountRooms, COUNT_PARTS } from './send.ts';

describe('count updates sent in parts', () => {
  let hub: TestHub;
  const screens: ClientSocket[] = [];
  beforeAll(async () => {
    hub = await startTestHub({ k: 2 });
    for (const { token } of await pairMany(hub.services, 'screen', 'entrance', COUNT_PARTS * 2 + 3)) screens.push(await hub.socket({ token }));
  });
  afterAll(() => hub.stop());

  it('spreads count watchers evenly over the count rooms', () => {
    const sizes = allCountRooms.map((room) => hub.io.of('/').adapter.rooms.get(room)?.size ?? 0);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(screens.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('reaches every screen once per update, in the order the updates were made', async () => {
    const seen = screens.map(() => [] as number[]);
    screens.forEach((s, i) => s.on('presence:update', (u) => seen[i].push(u.present ?? -1)));
    const kiosk = await hub.socket({ token: (await pairMany(hub.services, 'kiosk', 'entrance', 1))[0].token });
    for (let n = 0; n < 3; n++) expect((await enrolShopper(kiosk)).ok).toBe(true);
    await expect.poll(() => seen.every((s) => s.at(-1) === 3), { timeout: 5000 }).toBe(true);
    for (const s of seen) {
      expect(new Set(s).size).toBe(s.length); // no update twice
      expect([...s].sort((a, b) => a - b)).toEqual(s); // never an older count after a newer one
    }
  });
});
