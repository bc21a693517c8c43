import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MediaItem } from '#shared/schemas/media.ts';
import { mallDir } from '#server/config.ts';
import { makeVideo, pngHeaderBomb } from '#server/testing/media-files.ts';
import { operatorHub } from '#server/testing/operator-hub.ts';
import { pairMany } from '#server/testing/signage.ts';
import type { TestHub } from '#server/testing/test-hub.ts';

const work = mkdtempSync(join(tmpdir(), 'atrium-media-'));
const today = () => new Date().toISOString().slice(0, 10);

async function upload(hub: TestHub, cookie: string, bytes: Uint8Array, type: string, query = 'name=Clip&tags=Food,summer') {
  const res = await fetch(`${hub.url}/api/media/items?${query}`, { method: 'POST', headers: { cookie, 'content-type': type, origin: hub.url }, body: new Blob([new Uint8Array(bytes)]) });
  return { status: res.status, body: (await res.json()) as MediaItem & { error?: string; field?: string } };
}

/** The library folder's files, temp files included: a refused upload must leave none. */
const filesIn = (hub: TestHub) => {
  const dir = join(mallDir(hub.services.config), 'media');
  return existsSync(dir) ? readdirSync(dir).sort() : [];
};

describe('media library', () => {
  const mall = operatorHub();
  let mp4: Buffer;

  beforeAll(async () => {
    mp4 = readFileSync(await makeVideo(join(work, 'clip.mp4'), { seconds: 2 }));
  }, 60_000);

  it('takes an H.264/AAC MP4 by its content: probed, poster and thumbnail made, stored by content hash', async () => {
    const { hub, cookie } = mall;
    const res = await upload(hub, cookie, mp4, 'video/mp4');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'video', name: 'Clip', tags: ['food', 'summer'], mimeType: 'video/mp4', width: 320, height: 240, videoCodec: 'h264', audioCodec: 'aac', usedBy: 0 });
    expect(res.body.durationMs).toBeGreaterThanOrEqual(1900);
    expect(res.body.url).toMatch(/^\/media\/[0-9a-f]{32}\.mp4$/);
    const poster = await fetch(hub.url + res.body.posterUrl);
    expect(poster.headers.get('content-type')).toBe('image/jpeg');
    expect((await sharp(Buffer.from(await poster.arrayBuffer())).metadata()).width).toBe(320);
    // Served with ranges, as <video> asks for them.
    const part = await fetch(hub.url + res.body.url, { headers: { range: 'bytes=0-99' } });
    expect(part.status).toBe(206);
    expect((await part.arrayBuffer()).byteLength).toBe(100);
    // The same file again is the same item.
    const again = await upload(hub, cookie, mp4, 'video/mp4', 'name=Other');
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(res.body.id);
  });

  it('a promotion carries the video; the screen\'s playlist gets it, and a play-once slide lasts as long as the video', async () => {
    const { hub, cookie } = mall;
    const { body: lib } = await hub.api('/api/media/items?kind=video', { method: 'GET', cookie });
    const video = (lib.items as MediaItem[])[0];
    const [screen] = await pairMany(hub.services, 'screen', 'food-court', 1);
    const promo = await hub.api('/api/promotions', { method: 'POST', body: { title: 'Summer clip', zones: ['food-court'], schedule: { from: today() }, priority: 10, house: true, media: { id: video.id, play: 'once' } }, cookie });
    expect(promo.status).toBe(201);
    hub.services.playlists.refresh(new Date());
    const item = hub.services.playlists.forScreen(screen.device).items.find((i) => i.promotionId === promo.body.id)!;
    expect(item.video).toEqual({ url: video.url, posterUrl: video.posterUrl, loop: false, durationMs: video.durationMs });
    expect(item.durationMs).toBe(video.durationMs);
    // Usage shows in the library, and deleting is refused while used.
    const listed = await hub.api('/api/media/items?q=clip', { method: 'GET', cookie });
    expect(listed.body.items.find((m: MediaItem) => m.id === video.id)).toMatchObject({ usedBy: 1, usedByNames: ['Summer clip'] });
    const del = await hub.api(`/api/media/items/${video.id}`, { method: 'DELETE', body: undefined, cookie });
    expect(del).toMatchObject({ status: 409, body: { field: 'id', error: expect.stringContaining('Summer clip') } });
    // Replacing the file: the promotion follows (new URL in the playlist), the old file goes.
    const longer = readFileSync(await makeVideo(join(work, 'longer.mp4'), { seconds: 3 }));
    const replaced = await fetch(`${hub.url}/api/media/items/${video.id}/file`, { method: 'PUT', headers: { cookie, 'content-type': 'video/mp4', origin: hub.url }, body: new Blob([new Uint8Array(longer)]) });
    expect(replaced.status).toBe(200);
    const after = (await replaced.json()) as MediaItem;
    expect(after.url).not.toBe(video.url);
    hub.services.playlists.refresh(new Date());
    const followed = hub.services.playlists.forScreen(screen.device).items.find((i) => i.promotionId === promo.body.id)!;
    expect(followed.video?.url).toBe(after.url);
    expect(filesIn(hub)).not.toContain(video.url.slice('/media/'.length));
  });

  it('refuses a promotion naming a media item that does not exist, naming the field', async () => {
    const { hub, cookie } = mall;
    const res = await hub.api('/api/promotions', { method: 'POST', body: { title: 'Ghost', schedule: { from: today() }, media: { id: 'no-such-item', play: 'loop' } }, cookie });
    expect(res).toMatchObject({ status: 400, body: { field: 'media.id' } });
  });

  describe('bad uploads: a clear 4xx naming the field and the reason, nothing stored', () => {
    const cases: [string, () => Promise<{ bytes: Buffer; type: string }>, RegExp][] = [
      ['text claiming to be a video', async () => ({ bytes: Buffer.from('this is not a video at all'), type: 'video/mp4' }), /neither an image .* nor a video/],
      ['a file with an MP4 header and garbage after it', async () => ({ bytes: Buffer.concat([Buffer.from('0000001866747970', 'hex'), Buffer.from('isom'), Buffer.alloc(2000, 7)]), type: 'video/mp4' }), /not a readable video|cut short/],
      ['HEVC video', async () => ({ bytes: readFileSync(await makeVideo(join(work, 'hevc.mp4'), { seconds: 1, codec: 'hevc' })), type: 'video/mp4' }), /HEVC .* does not play/],
      ['a 0-second video', async () => ({ bytes: readFileSync(await makeVideo(join(work, 'zero.mp4'), { seconds: 0, silent: true })), type: 'video/mp4' }), /0 seconds long/],
      ['a 3-hour video', async () => ({ bytes: readFileSync(await makeVideo(join(work, 'long.mp4'), { seconds: 3 * 3600, fps: 1, size: '16x16', silent: true })), type: 'video/mp4' }), /3:00:00 long; at most 10:00/],
      ['a truncated MP4', async () => ({ bytes: mp4.subarray(0, Math.floor(mp4.length * 0.6)), type: 'video/mp4' }), /cut short|not a readable video/],
      ['a 20000×20000 PNG (decompression bomb)', async () => ({ bytes: pngHeaderBomb(20000, 20000), type: 'image/png' }), /20000×20000 \(400 megapixels\); at most 40 megapixels/],
      ['an SVG (script can ride in it)', async () => ({ bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), type: 'image/svg+xml' }), /neither an image/],
    ];
    it.each(cases)('%s', async (_name, make, reason) => {
      const { hub, cookie } = mall;
      const before = filesIn(hub);
      const count = hub.services.media.list().length;
      const { bytes, type } = await make();
      const res = await upload(hub, cookie, bytes, type);
      expect(res.status).toBe(400);
      expect(res.body.field).toBe('file');
      expect(res.body.error).toMatch(reason);
      expect(filesIn(hub)).toEqual(before);
      expect(hub.services.media.list()).toHaveLength(count);
    }, 60_000);

    it('a one-frame video is too short for a slide', async () => {
      const { hub, cookie } = mall;
      const res = await upload(hub, cookie, readFileSync(await makeVideo(join(work, 'blink.mp4'), { seconds: 0.2, silent: true })), 'video/mp4');
      expect(res).toMatchObject({ status: 400, body: { field: 'file', error: expect.stringMatching(/0.20 s long; at least 0.5 s/) } });
    });

    it('too large for the mall\'s limit: 413 naming the field', async () => {
      const { hub, cookie } = mall;
      const limits = hub.services.media.limits;
      const put = await hub.api('/api/media/limits', { method: 'PUT', body: { ...limits, maxImageBytes: 65536, maxVideoBytes: 4096 }, cookie });
      expect(put.status).toBe(200);
      try {
        const before = filesIn(hub);
        // Past the largest any kind may be: the hub stops reading.
        const res = await upload(hub, cookie, Buffer.concat([mp4, Buffer.alloc(70_000)]), 'video/mp4');
        expect(res).toMatchObject({ status: 413, body: { field: 'file' } });
        // Within that but over the video limit: refused once the bytes say it is a video.
        const video = await upload(hub, cookie, mp4.subarray(0, 8192), 'video/mp4');
        expect(video).toMatchObject({ status: 400, body: { field: 'file', error: expect.stringMatching(/the video is 8 KB; at most 4 KB is taken/) } });
        expect(filesIn(hub)).toEqual(before);
      } finally {
        await hub.api('/api/media/limits', { method: 'PUT', body: limits, cookie });
      }
    });

    it('limits that contradict themselves are refused naming the field, nothing changed', async () => {
      const { hub, cookie } = mall;
      const limits = hub.services.media.limits;
      const res = await hub.api('/api/media/limits', { method: 'PUT', body: { ...limits, minVideoSeconds: 30, maxVideoSeconds: 10 }, cookie });
      expect(res).toMatchObject({ status: 400, body: { field: 'minVideoSeconds' } });
      expect(hub.services.media.limits).toEqual(limits);
    });

    it('a bad tag is refused naming tags', async () => {
      const { hub, cookie } = mall;
      const res = await upload(hub, cookie, mp4, 'video/mp4', 'name=x&tags=' + encodeURIComponent('<script>'));
      expect(res).toMatchObject({ status: 400, body: { field: 'tags' } });
    });
  });

  it('takes WebM VP9, and PNG/JPEG/WebP/AVIF images with thumbnails; a tenant may not upload', async () => {
    const { hub, cookie } = mall;
    const webm = readFileSync(await makeVideo(join(work, 'clip.webm'), { seconds: 1, codec: 'vp9' }));
    expect((await upload(hub, cookie, webm, 'video/webm')).body).toMatchObject({ kind: 'video', mimeType: 'video/webm', videoCodec: 'vp9', audioCodec: 'opus' });
    const base = sharp({ create: { width: 64, height: 48, channels: 3, background: '#c04020' } });
    for (const [fmt, mime] of [['png', 'image/png'], ['jpeg', 'image/jpeg'], ['webp', 'image/webp'], ['avif', 'image/avif']] as const) {
      const bytes = await base.clone().toFormat(fmt).toBuffer();
      const res = await upload(hub, cookie, bytes, mime, `name=${fmt}`);
      expect(res.status, fmt).toBe(201);
      expect(res.body).toMatchObject({ kind: 'image', mimeType: mime, width: 64, height: 48, durationMs: null });
      expect((await fetch(hub.url + res.body.thumbUrl)).status).toBe(200);
    }
    const images = await hub.api('/api/media/items?kind=image', { method: 'GET', cookie });
    expect(images.body.items.map((i: MediaItem) => i.name).sort()).toEqual(['avif', 'jpeg', 'png', 'webp']);
    const tenant = await hub.login('bean-there', 'atrium-demo');
    expect((await upload(hub, tenant, webm, 'video/webm')).status).toBe(403);
  }, 60_000);

  it('rename, retag and delete an unused item: its files go', async () => {
    const { hub, cookie } = mall;
    const { body } = await hub.api('/api/media/items?q=png', { method: 'GET', cookie });
    const png = body.items[0] as MediaItem;
    const edited = await hub.api(`/api/media/items/${png.id}`, { method: 'PATCH', body: { name: 'Logo wall', tags: ['brand'] }, cookie });
    expect(edited.body).toMatchObject({ name: 'Logo wall', tags: ['brand'] });
    expect((await hub.api('/api/media/items?tag=brand', { method: 'GET', cookie })).body.items.map((i: MediaItem) => i.id)).toEqual([png.id]);
    const del = await hub.api(`/api/media/items/${png.id}`, { method: 'DELETE', body: undefined, cookie });
    expect(del.status).toBe(200);
    expect(filesIn(hub)).not.toContain(png.url.slice('/media/'.length));
    writeFileSync(join(work, 'done'), '');
  });
});
