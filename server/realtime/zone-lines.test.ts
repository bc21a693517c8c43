import { describe, expect, it } from 'vitest';
import type { Playlist, PlaylistLines } from '#shared/schemas/promotions.ts';
import type { ZoneCountUpdate } from '#shared/schemas/presence.ts';
import { operatorHub } from '#server/testing/operator-hub.ts';
import { enrolShopper, pairMany } from '#server/testing/signage.ts';
import { request } from '#server/testing/test-hub.ts';

/**
 * A count tick's moved audience line goes to a whole zone through the zone's room, and to part of
 * a zone through each screen's own room: either way each screen gets one message for the tick,
 * with the lines only where its slides carry them. Real hub, real screen sockets.
 */
describe('zone lines: whole zone or part of it, one message per screen per tick', () => {
  const mall = operatorHub({ k: 2, countTickMs: 100 });

  it('a screen named by its own promotion keeps its own lines while its zone-mates share theirs', async () => {
    const { hub, cookie } = mall;
    const [kiosk] = await pairMany(hub.services, 'kiosk', 'food-court', 1);
    const food = await pairMany(hub.services, 'screen', 'food-court', 3);
    const named = food[2].device.id;
    // The named screen plays its own slide first; the coffee promotion still plays after it.
    const own = await hub.api('/api/promotions', { body: { title: 'Only this screen', screens: [named], priority: 10, schedule: { from: '2026-01-01' } }, cookie });
    expect(own.status).toBe(201);

    const got = new Map<string, { counts: ZoneCountUpdate[]; lines: PlaylistLines[]; playlists: Playlist[] }>();
    for (const s of food) {
      const socket = await hub.socket({ token: s.token });
      const mine = { counts: [] as ZoneCountUpdate[], lines: [] as PlaylistLines[], playlists: [] as Playlist[] };
      got.set(s.device.id, mine);
      socket.on('zone-count:update', (u) => mine.counts.push(u));
      socket.on('playlist:lines', (l) => mine.lines.push(l));
      socket.on('playlist:update', (p) => mine.playlists.push(p));
      expect((await request<any>(socket, 'playlist:get', {})).ok).toBe(true);
    }
    const k = await hub.socket({ token: kiosk.token });
    for (let i = 0; i < 5; i++) expect((await enrolShopper(k, { interests: ['coffee'] })).ok).toBe(true);
    // Five coffee lovers bring the coffee promotion (a new playlist) to all three.
    await expect.poll(() => food.every((s) => got.get(s.device.id)!.playlists.some((p) => p.items.some((i) => i.audienceLine?.startsWith('5 ')))), { timeout: 5000 }).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    for (const s of food) got.get(s.device.id)!.counts.length = 0;

    // A sixth: the line moves on every screen; the named screen's playlist differs, so its lines come apart.
    expect((await enrolShopper(k, { interests: ['coffee'] })).ok).toBe(true);
    await expect.poll(() => food.every((s) => got.get(s.device.id)!.counts.some((u) => u.lines)), { timeout: 5000 }).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    const hashes = new Set<string>();
    for (const s of food) {
      const mine = got.get(s.device.id)!;
      expect(mine.counts).toHaveLength(1);
      expect(mine.counts[0]).toMatchObject({ zoneId: 'food-court', count: 6 });
      expect(Object.values(mine.counts[0].lines!.lines)).toContain('6 coffee lovers are here right now');
      expect(mine.lines).toEqual([]);
      hashes.add(mine.counts[0].lines!.hash);
    }
    // Two playlists in the zone (the named screen's and the others'), each sent its own lines.
    expect(hashes.size).toBe(2);
    expect(got.get(named)!.counts[0].lines!.hash).toBe(got.get(named)!.playlists.at(-1)!.hash);
  });
});
