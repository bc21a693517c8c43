import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEARTBEAT_MS, MISSED_HEARTBEATS } from '#shared/signage-limits.ts';
import { Partition } from '#server/storage/partition.ts';
import type { SignageRecord } from '#server/storage/records.ts';
import type { Ack } from '#shared/schemas/common.ts';
import type { Playlist, Promotion } from '#shared/schemas/promotions.ts';
import type { ScreenStatus } from '#shared/schemas/screens.ts';
import { operatorHub } from '#server/testing/operator-hub.ts';
import { pairMany } from '#server/testing/signage.ts';
import { request } from '#server/testing/test-hub.ts';
import { ScreenHealth } from './screen-health.ts';

describe('screen health', () => {
  let dir: string;
  let store: Partition<SignageRecord>;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'atrium-health-'));
    store = await Partition.open<SignageRecord>(join(dir, 'signage.json'), () => ({ promotions: [], segments: [], screens: {} }), { fsync: false });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const beat = { uptimeMs: 1, heapUsedBytes: null, currentItem: null, lastPaintAt: null, appVersion: 't' };

  it('a screen is offline after missed heartbeats, online again with the next one', () => {
    let now = 1_000_000;
    const health = new ScreenHealth(store, () => true, () => now);
    expect(health.isOnline('s')).toBe(false);
    health.heartbeat('s', beat);
    now += HEARTBEAT_MS * MISSED_HEARTBEATS - 1;
    expect(health.isOnline('s')).toBe(true);
    now += 1;
    expect(health.isOnline('s')).toBe(false);
    health.heartbeat('s', beat);
    expect(health.isOnline('s')).toBe(true);
  });

  it('latency runs from the change to the render report, only for the playlist that was delivered', async () => {
    let now = Date.parse('2026-11-23T12:00:00.300Z');
    const health = new ScreenHealth(store, () => true, () => now);
    health.delivered(['s'], { version: 3, hash: 'abc', changedAt: '2026-11-23T12:00:00.000Z' });
    now += 100;
    const d = await health.rendered('s', { version: 3, hash: 'abc', renderedAt: '2026-11-23T12:00:00.390Z' });
    expect(d.rendered).toMatchObject({ hash: 'abc', latencyMs: 400 });
    const stale = await health.rendered('s', { version: 2, hash: 'old', renderedAt: '2026-11-23T12:00:00.390Z' });
    expect(stale.rendered?.latencyMs).toBeNull();
    await store.flush();
  });

  it('a change pushed while the screen is away, or pending when it reconnects, is not measured; a fetch is not a change', async () => {
    let now = Date.parse('2026-11-23T12:00:00.000Z');
    const connected = new Set<string>();
    const health = new ScreenHealth(store, (id) => connected.has(id), () => now);
    const playlist = (version: number, hash: string, changedAt: string) => ({ version, hash, changedAt });

    // Away: nothing is marked as delivered.
    health.delivered(['away'], playlist(1, 'h1', '2026-11-23T12:00:00.000Z'));
    expect(health.delivery('away').delivered).toBeUndefined();
    // Back 40 s later: it fetches and paints; that is catching up, not change → on screen.
    now += 40_000;
    connected.add('away');
    health.opened('away');
    health.fetched('away', playlist(1, 'h1', '2026-11-23T12:00:00.000Z'));
    expect((await health.rendered('away', { version: 1, hash: 'h1', renderedAt: new Date(now).toISOString() })).rendered?.latencyMs).toBeNull();

    // Pushed while connected, the socket drops before the paint, the paint comes on the next connection.
    connected.add('flaky');
    health.delivered(['flaky'], playlist(2, 'h2', new Date(now).toISOString()));
    now += 30_000;
    health.opened('flaky');
    health.fetched('flaky', playlist(2, 'h2', new Date(now - 30_000).toISOString()));
    expect((await health.rendered('flaky', { version: 2, hash: 'h2', renderedAt: new Date(now).toISOString() })).rendered?.latencyMs).toBeNull();

    // Pushed while connected; a late report of an older paint does not spend the measure.
    health.delivered(['flaky'], playlist(3, 'h3', new Date(now).toISOString()));
    await health.rendered('flaky', { version: 2, hash: 'h2', renderedAt: new Date(now).toISOString() });
    // Painted on the same connection: measured once; the same paint
    // reported again keeps that figure.
    health.delivered(['flaky'], playlist(3, 'h3', new Date(now).toISOString()));
    now += 250;
    expect((await health.rendered('flaky', { version: 3, hash: 'h3', renderedAt: new Date(now).toISOString() })).rendered?.latencyMs).toBe(250);
    now += 10_000;
    expect((await health.rendered('flaky', { version: 3, hash: 'h3', renderedAt: new Date(now).toISOString() })).rendered?.latencyMs).toBe(250);
    await store.flush();
  });
});

describe('screen status through the hub', () => {
  // A tick slower than the edits, as on a loaded machine: the pushes land after the edits' acks
  // (a CI run caught the test reading the hub's playlist before its tick had recomputed it).
  const mall = operatorHub({ countTickMs: 400 });

  /** Retitles the house promotions: every screen's playlist changes. */
  /** Returns the new titles, so a test can wait for a screen to hold them. */
  async function change(title: string): Promise<string[]> {
    const { hub, cookie } = mall;
    const promos = (await hub.api('/api/promotions', { cookie })).body as (Promotion & { house: boolean })[];
    const titles: string[] = [];
    for (const p of promos.filter((x) => x.house)) {
      const { id, status, createdAt, updatedAt, ...fields } = p;
      titles.push(`${title} ${id.slice(0, 4)}`);
      expect((await hub.api(`/api/promotions/${id}`, { method: 'PUT', cookie, body: { ...fields, title: titles.at(-1) } })).status).toBe(200);
    }
    return titles;
  }
  const statusOf = async (id: string) => ((await mall.hub.api('/api/screens/status', { cookie: mall.cookie })).body as ScreenStatus[]).find((s) => s.screenId === id)!;

  /** Connects as the screen app does: asks for its playlist and reports each one it paints. */
  async function connect(token: string) {
    const socket = await mall.hub.socket({ token });
    const paint = (p: Playlist) => request(socket, 'screen:rendered', { version: p.version, hash: p.hash, renderedAt: new Date().toISOString() });
    socket.on('playlist:update', (p) => void paint(p));
    const got = await request<Ack<Playlist>>(socket, 'playlist:get', {});
    if (!got.ok) throw new Error(got.error);
    await paint(got.data);
    return { socket, playlist: got.data };
  }

  it('change → on screen counts only changes sent to a connected screen, never the time it was away', async () => {
    const [s, w] = await pairMany(mall.hub.services, 'screen', 'entrance', 2);
    let screen = await connect(s.token);
    // A witness in the same zone gets every push the away screen would have: once it holds the
    // latest playlist, nothing for the zone is still on its way.
    const witness = await connect(w.token);
    let witnessHolds = witness.playlist;
    witness.socket.on('playlist:update', (p: Playlist) => (witnessHolds = p));
    // A change while it is connected is measured.
    await change('Measured');
    await expect.poll(async () => (await statusOf(s.device.id)).rendered?.hash).not.toBe(screen.playlist.hash);
    expect((await statusOf(s.device.id)).latencyMs).not.toBeNull();

    // Away while the content changes: the screen catches up when it is back, and that is no measure
    // of change → on screen.
    screen.socket.disconnect();
    await expect.poll(async () => mall.hub.services.devices.isOnline(s.device.id)).toBe(false);
    const titles = await change('While away');
    // Wait on the content, not the hub's last computed playlist: the edits' push is gathered by a
    // tick, so until it runs the hub still holds the old playlist (a slow machine showed it).
    await expect.poll(() => titles.every((t) => witnessHolds.items.some((i) => i.title === t)), { timeout: 10_000 }).toBe(true);
    screen = await connect(s.token);
    const after = await statusOf(s.device.id);
    expect(after.rendered?.hash).toBe(screen.playlist.hash);
    expect(after.delivered?.hash).toBe(screen.playlist.hash);
    expect(after.latencyMs).toBeNull();
    witness.socket.disconnect();
  });

  it('a change sent just before the screen dropped, painted after it came back, is not measured either', async () => {
    const [s] = await pairMany(mall.hub.services, 'screen', 'entrance', 1);
    const first = await connect(s.token);
    first.socket.off('playlist:update');
    const titles = await change('Dropped');
    // Every edit's push has gone (ticks gather them), so nothing is left to arrive after the reconnect.
    const holds = () => mall.hub.services.playlists.forScreen(mall.hub.services.devices.get(s.device.id)!);
    await expect.poll(() => titles.every((t) => holds().items.some((i) => i.title === t)), { timeout: 10_000 }).toBe(true);
    await expect.poll(async () => (await statusOf(s.device.id)).delivered?.hash, { timeout: 10_000 }).toBe(holds().hash);
    first.socket.disconnect();
    await expect.poll(async () => mall.hub.services.devices.isOnline(s.device.id)).toBe(false);
    const again = await connect(s.token);
    const st = await statusOf(s.device.id);
    expect(st.rendered?.hash).toBe(again.playlist.hash);
    expect(st.latencyMs).toBeNull();
  });
});
