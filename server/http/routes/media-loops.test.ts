import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MediaItem } from '#shared/schemas/media.ts';
import type { Playlist } from '#shared/schemas/promotions.ts';
import { makeVideo } from '#server/testing/media-files.ts';
import { operatorHub } from '#server/testing/operator-hub.ts';
import { pairMany } from '#server/testing/signage.ts';
import { request, type ClientSocket, type TestHub } from '#server/testing/test-hub.ts';

const work = mkdtempSync(join(tmpdir(), 'atrium-loops-'));

async function upload(hub: TestHub, cookie: string, bytes: Uint8Array, type: string, name: string, path = '/api/media/items', method = 'POST') {
  const res = await fetch(`${hub.url}${path}?name=${encodeURIComponent(name)}`, { method, headers: { cookie, 'content-type': type, origin: hub.url }, body: new Blob([new Uint8Array(bytes)]) });
  return (await res.json()) as MediaItem;
}
const png = (r: number) => sharp({ create: { width: 64, height: 36, channels: 3, background: { r, g: 80, b: 120 } } }).png().toBuffer();
const playlistOf = async (s: ClientSocket) => (await request<{ ok: true; data: Playlist }>(s, 'playlist:get', {})).data;

describe('image or video loops in layouts and night states', () => {
  const mall = operatorHub();
  let image: MediaItem;
  let video: MediaItem;
  let spare: Buffer;

  beforeAll(async () => {
    const { hub, cookie } = mall;
    image = await upload(hub, cookie, await png(200), 'image/png', 'Spring poster');
    video = await upload(hub, cookie, readFileSync(await makeVideo(join(work, 'loop.mp4'), { seconds: 1 })), 'video/mp4', 'Fountain clip');
    spare = await png(30);
  }, 60_000);

  it('a loop naming an unknown item, the wrong kind or nothing is a 400 naming the field; nothing is stored', async () => {
    const { hub, cookie } = mall;
    const [s] = await pairMany(hub.services, 'screen', 'food-court', 1);
    const path = `/api/screens/${s.device.id}/layout`;
    const loop = (items: unknown[]) => ({ layout: { template: 'main-sidebar', regions: { sidebar: [{ kind: 'clock' }, { kind: 'media-loop', items }] } } });
    const unknown = await hub.api(path, { method: 'PUT', body: loop([{ kind: 'image', mediaId: image.id, seconds: 5 }, { kind: 'image', mediaId: 'no-such-item', seconds: 5 }]), cookie });
    expect(unknown).toMatchObject({ status: 400, body: { field: 'layout.regions.sidebar.1.items.1.mediaId' } });
    expect(unknown.body.error).toContain('no media item');
    const wrongKind = await hub.api(path, { method: 'PUT', body: loop([{ kind: 'image', mediaId: video.id, seconds: 5 }]), cookie });
    expect(wrongKind).toMatchObject({ status: 400, body: { field: 'layout.regions.sidebar.1.items.0.kind' } });
    expect(wrongKind.body.error).toContain('a video');
    const empty = await hub.api(path, { method: 'PUT', body: loop([]), cookie });
    expect(empty).toMatchObject({ status: 400, body: { field: 'layout.regions.sidebar.1.items' } });
    const tooShort = await hub.api(path, { method: 'PUT', body: loop([{ kind: 'image', mediaId: image.id, seconds: 0 }]), cookie });
    expect(tooShort).toMatchObject({ status: 400, body: { field: 'layout.regions.sidebar.1.items.0.seconds' } });
    // A loop does not fit the thin ticker strip.
    const inTicker = await hub.api(path, { method: 'PUT', body: { layout: { template: 'main-ticker', regions: { ticker: [{ kind: 'media-loop', items: [{ kind: 'video', mediaId: video.id }] }] } } }, cookie });
    expect(inTicker).toMatchObject({ status: 400, body: { field: 'layout.regions.ticker.0.kind' } });
    expect((await hub.api(path, { cookie })).body).toMatchObject({ own: null });
    // The same checks hold for a group's layout and night loop, and the mall's default night.
    const badGroup = await hub.api('/api/screen-groups', { body: { name: 'Entrances', night: { mode: 'loop', items: [{ kind: 'video', mediaId: image.id }] } }, cookie });
    expect(badGroup).toMatchObject({ status: 400, body: { field: 'night.items.0.kind' } });
    const emptyNight = await hub.api('/api/signage/night', { method: 'PUT', body: { night: { mode: 'loop', items: [] } }, cookie });
    expect(emptyNight).toMatchObject({ status: 400, body: { field: 'night.items' } });
    const unknownNight = await hub.api('/api/signage/night', { method: 'PUT', body: { night: { mode: 'loop', items: [{ kind: 'video', mediaId: 'gone' }] } }, cookie });
    expect(unknownNight).toMatchObject({ status: 400, body: { field: 'night.items.0.mediaId' } });
    expect((await hub.api('/api/screen-groups', { cookie })).body).toEqual([]);
    expect((await hub.api('/api/signage/night', { cookie })).body).toEqual({ night: { mode: 'black' } });
  });

  it('a screen gets the loop with its files; the items count as in use (delete refused, usage named), and a replaced file follows', async () => {
    const { hub, cookie } = mall;
    const [s] = await pairMany(hub.services, 'screen', 'food-court', 1);
    const socket = await hub.socket({ token: s.token });
    const layout = { template: 'main-sidebar', regions: { sidebar: [{ kind: 'media-loop', items: [{ kind: 'image', mediaId: image.id, seconds: 4 }, { kind: 'video', mediaId: video.id }] }] } };
    expect((await hub.api(`/api/screens/${s.device.id}/layout`, { method: 'PUT', body: { layout }, cookie })).status).toBe(200);
    // The change reaches playlists on the feed's next tick.
    await expect.poll(async () => (await playlistOf(socket)).layout).toEqual(layout);
    const p = await playlistOf(socket);
    expect(p.media[image.id]).toEqual({ kind: 'image', url: image.url, posterUrl: image.posterUrl, durationMs: null });
    expect(p.media[video.id]).toMatchObject({ kind: 'video', url: video.url, durationMs: video.durationMs });

    const items = (await hub.api('/api/media/items', { cookie })).body.items as MediaItem[];
    expect(items.find((m) => m.id === image.id)).toMatchObject({ usedBy: 1, usedByLoops: 1, usedByNames: [`layout of screen ${s.device.name}`] });
    const refused = await hub.api(`/api/media/items/${image.id}`, { method: 'DELETE', cookie });
    expect(refused).toMatchObject({ status: 409, body: { field: 'id' } });
    expect(refused.body.error).toContain('layout of screen');

    // Replaced: the screen's next playlist names the new file under the same id.
    const updated = new Promise<Playlist>((r) => socket.on('playlist:update', r));
    const after = await upload(hub, cookie, spare, 'image/png', 'x', `/api/media/items/${image.id}/file`, 'PUT');
    expect(after.url).not.toBe(image.url);
    expect((await updated).media[image.id]?.url).toBe(after.url);
    image = after;

    // Taken out of the layout, it is free to delete.
    expect((await hub.api(`/api/screens/${s.device.id}/layout`, { method: 'PUT', body: { layout: null }, cookie })).status).toBe(200);
    expect(((await hub.api('/api/media/items', { cookie })).body.items as MediaItem[]).find((m) => m.id === image.id)?.usedBy).toBe(0);
  });

  it("a group's night loop, else the mall's default, is what its screens show outside opening hours", async () => {
    const { hub, cookie } = mall;
    const closed = Array.from({ length: 7 }, () => []);
    expect((await hub.api('/api/mall/settings', { method: 'PUT', body: { timezone: 'UTC', locale: 'en-GB', defaultLanguage: 'en', k: 2, openingHours: closed }, cookie })).status).toBe(200);
    const [a, b] = await pairMany(hub.services, 'screen', 'entrance', 2);
    const night = { mode: 'loop', items: [{ kind: 'video', mediaId: video.id }] };
    expect((await hub.api('/api/signage/night', { method: 'PUT', body: { night }, cookie })).status).toBe(200);
    const group = await hub.api('/api/screen-groups', { body: { name: 'Entrances night', screens: [b.device.id], night: { mode: 'loop', items: [{ kind: 'image', mediaId: image.id, seconds: 10 }] } }, cookie });
    expect(group.status).toBe(201);
    expect(group.body.night).toEqual({ mode: 'loop', items: [{ kind: 'image', mediaId: image.id, seconds: 10 }] });
    const sa = await hub.socket({ token: a.token });
    const sb = await hub.socket({ token: b.token });
    // The change reaches playlists on the feed's next tick.
    await expect.poll(async () => (await playlistOf(sa)).night).toEqual(night);
    await expect.poll(async () => (await playlistOf(sb)).night).toEqual({ mode: 'loop', items: [{ kind: 'image', mediaId: image.id, seconds: 10 }] });
    const pa = await playlistOf(sa);
    const pb = await playlistOf(sb);
    expect(pa.night).toEqual(night);
    expect(Object.keys(pa.media)).toEqual([video.id]);
    expect(pb.night).toMatchObject({ mode: 'loop', items: [{ mediaId: image.id }] });
    expect(Object.keys(pb.media)).toEqual([image.id]);
    const names = ((await hub.api('/api/media/items', { cookie })).body.items as MediaItem[]).find((m) => m.id === video.id)?.usedByNames;
    expect(names).toContain('the mall’s night loop');
    const today = new Date().toISOString().slice(0, 10);
    const audit = (await hub.api(`/api/audit?from=${today}&to=${today}&action=signage.night`, { cookie })).body as { action: string }[];
    expect(audit.map((a) => a.action)).toContain('signage.night');
  });
});
