import { describe, expect, it } from 'vitest';
import type { PresenceUpdate, ZoneCountUpdate } from '#shared/schemas/presence.ts';
import { operatorHub } from '#server/testing/operator-hub.ts';
import { enrolShopper, pairMany } from '#server/testing/signage.ts';

/**
 * Each screen is sent only the count it shows: its own zone's, and only when that changed. Real
 * hub, real screen sockets. A kiosk's socket (which hears every tick's mall-wide update) tells
 * when the tick that carries a change has gone out, so "nothing arrived" is not read too early.
 */
describe('zone counts: a screen hears its own zone, and nothing of the others', () => {
  const mall = operatorHub({ k: 2, countTickMs: 100 });

  it('a check-in in one zone reaches that zone\'s screens only; a moved screen follows its new zone', async () => {
    const { hub, cookie } = mall;
    const [kioskFood] = await pairMany(hub.services, 'kiosk', 'food-court', 1);
    const [kioskEntrance] = await pairMany(hub.services, 'kiosk', 'entrance', 1);
    const [food, entrance] = [(await pairMany(hub.services, 'screen', 'food-court', 1))[0], (await pairMany(hub.services, 'screen', 'entrance', 1))[0]];
    const kFood = await hub.socket({ token: kioskFood.token });
    const kEntrance = await hub.socket({ token: kioskEntrance.token });
    const got = { food: [] as ZoneCountUpdate[], entrance: [] as ZoneCountUpdate[], mallWide: [] as unknown[] };
    const ticks: PresenceUpdate[] = [];
    kFood.on('presence:update', (u) => ticks.push(u));
    for (const [key, s] of [['food', food], ['entrance', entrance]] as const) {
      const socket = await hub.socket({ token: s.token });
      socket.on('zone-count:update', (u) => got[key].push(u));
      // Screens are no longer sent the mall-wide update at all.
      socket.on('presence:update', (u) => got.mallWide.push(u));
    }
    const tickWith = (zone: string, n: number) => expect.poll(() => ticks.at(-1)?.zones[zone], { timeout: 5000, interval: 20 }).toBe(n);

    // Two shoppers join in the food court: its screen hears 2 (below K it heard null, if a tick fell between).
    for (let i = 0; i < 2; i++) expect((await enrolShopper(kFood)).ok).toBe(true);
    await tickWith('food-court', 2);
    await expect.poll(() => got.food.at(-1)).toMatchObject({ zoneId: 'food-court', count: 2, k: 2 });
    // Its update carries the tick's time, as the kiosks' update of that tick does.
    expect(ticks.map((t) => t.at)).toContain(got.food.at(-1)!.at);
    // The entrance count never changed: its screen was sent nothing, not even a repeat of "fewer than K".
    expect(got.entrance).toEqual([]);

    // Two in the entrance: that screen hears 2, the food court's hears nothing new.
    const foodBefore = got.food.length;
    for (let i = 0; i < 2; i++) expect((await enrolShopper(kEntrance)).ok).toBe(true);
    await tickWith('entrance', 2);
    await expect.poll(() => got.entrance.at(-1)).toMatchObject({ zoneId: 'entrance', count: 2 });
    expect(got.entrance.every((u) => u.zoneId === 'entrance')).toBe(true);
    expect(got.food).toHaveLength(foodBefore);

    // The entrance screen is moved to the food court: from then on it hears the food court.
    const moved = await hub.api(`/api/devices/${entrance.device.id}/settings`, { body: { zoneId: 'food-court' }, cookie });
    expect(moved.status).toBe(200);
    const entranceBefore = got.entrance.length;
    expect((await enrolShopper(kFood)).ok).toBe(true);
    await tickWith('food-court', 3);
    await expect.poll(() => got.entrance.at(-1)).toMatchObject({ zoneId: 'food-court', count: 3 });
    expect(got.food.at(-1)).toMatchObject({ zoneId: 'food-court', count: 3 });
    expect(got.entrance.slice(entranceBefore).map((u) => u.zoneId)).toEqual(['food-court']);
    expect(got.mallWide).toEqual([]);
  });
});
