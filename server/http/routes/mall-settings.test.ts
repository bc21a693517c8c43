import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OPENING_HOURS, type MallSettings } from '#shared/schemas/setup.ts';
import { snapshotFiles } from '#server/testing/files.ts';
import { operatorHub } from '#server/testing/operator-hub.ts';

const warsaw: MallSettings = {
  timezone: 'Europe/Warsaw',
  locale: 'pl-PL',
  defaultLanguage: 'pl',
  k: 7,
  openingHours: DEFAULT_OPENING_HOURS,
  publicUrl: 'https://northgate.example',
};

const png = (width: number, height: number, colour = '#c0392b') =>
  sharp({ create: { width, height, channels: 3, background: colour } }).png().toBuffer();

describe('operators change the mall settings after set-up', () => {
  const ctx = operatorHub();
  const api = (path: string, init: { method?: string; body?: unknown } = {}) => ctx.hub.api(path, { ...init, cookie: ctx.cookie });
  const today = () => new Date().toISOString().slice(0, 10);

  it('stores new settings, applies the time zone, K and public URL at once, and audits it', async () => {
    expect(ctx.hub.services.warnings.join(' ')).toContain('No public URL set');
    const saved = await api('/api/mall/settings', { method: 'PUT', body: warsaw });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual(warsaw);
    expect((await api('/api/mall/settings')).body).toEqual(warsaw);
    const services = ctx.hub.services;
    expect(services.mall.timeZone).toBe('Europe/Warsaw');
    // The panel writes dates in the mall's locale on its clock: both come with the mall.
    expect((await api('/api/mall')).body).toMatchObject({ locale: 'pl-PL', timezone: 'Europe/Warsaw' });
    expect(services.mall.clock(new Date('2026-07-01T10:00:00Z')).minutes).toBe(12 * 60); // CEST: UTC+2
    expect(services.config.k).toBe(7);
    expect(services.publicUrl).toBe('https://northgate.example');
    expect(services.warnings.join(' ')).not.toContain('No public URL set');
    // The live board reports the K in force.
    expect((await api('/api/dashboard')).body.k).toBe(7);

    const audit = (await api(`/api/audit?from=${today()}&to=${today()}&action=mall.settings`)).body as { action: string }[];
    expect(audit.map((a) => a.action)).toContain('mall.settings');
  });

  it('keeps every opening of a day and a close at midnight (24:00), as sent', async () => {
    const hours = structuredClone(DEFAULT_OPENING_HOURS);
    hours[0] = [
      { open: '10:00', close: '14:00' },
      { open: '17:00', close: '22:00' },
    ];
    hours[4] = [{ open: '09:00', close: '24:00' }];
    const saved = await api('/api/mall/settings', { method: 'PUT', body: { ...warsaw, openingHours: hours } });
    expect(saved.status).toBe(200);
    expect(saved.body.openingHours).toEqual(hours);
    expect((await api('/api/mall/settings')).body.openingHours).toEqual(hours);
  });

  it('refuses bad settings by field and changes nothing', async () => {
    const before = await snapshotFiles(ctx.hub.dataRoot);
    const overlapping = structuredClone(DEFAULT_OPENING_HOURS);
    overlapping[2] = [
      { open: '09:00', close: '14:00' },
      { open: '13:00', close: '20:00' },
    ];
    const backwards = structuredClone(DEFAULT_OPENING_HOURS);
    backwards[0] = [{ open: '18:00', close: '09:00' }];
    const midnightAsZero = structuredClone(DEFAULT_OPENING_HOURS);
    midnightAsZero[5] = [{ open: '09:00', close: '00:00' }];
    const cases: [Partial<MallSettings> & Record<string, unknown>, string][] = [
      [{ timezone: 'Mars/Olympus' }, 'timezone'],
      [{ k: 1 }, 'k'],
      [{ k: 1000 }, 'k'],
      [{ openingHours: overlapping }, 'openingHours.2.1.open'],
      [{ openingHours: backwards }, 'openingHours.0.0.close'],
      // Midnight at the close is 24:00: a close at 00:00 is before any opening.
      [{ openingHours: midnightAsZero }, 'openingHours.5.0.close'],
      [{ publicUrl: 'ftp://northgate.example' }, 'publicUrl'],
      [{ defaultLanguage: 'xx' as 'en' }, 'defaultLanguage'],
      [{ locale: 'not a locale!' }, 'locale'],
    ];
    for (const [change, field] of cases) {
      const res = await api('/api/mall/settings', { method: 'PUT', body: { ...warsaw, ...change } });
      expect(res.status, field).toBe(400);
      expect(res.body.field, JSON.stringify(change)).toBe(field);
    }
    expect(await snapshotFiles(ctx.hub.dataRoot)).toEqual(before);
  });

  it('nobody signed out may change them', async () => {
    const res = await ctx.hub.api('/api/mall/settings', { method: 'PUT', body: warsaw });
    expect(res.status).toBe(401);
  });
});

describe('the mall brand: colours and a logo', () => {
  const ctx = operatorHub();
  const api = (path: string, init: { method?: string; body?: unknown } = {}) => ctx.hub.api(path, { ...init, cookie: ctx.cookie });
  const upload = (bytes: Uint8Array, type = 'image/png') =>
    fetch(`${ctx.hub.url}/api/mall/logo`, { method: 'PUT', headers: { cookie: ctx.cookie, 'content-type': type }, body: new Blob([new Uint8Array(bytes)]) }).then(async (r) => ({
      status: r.status,
      body: await r.json(),
    }));
  const brandDir = () => join(ctx.hub.dataRoot, 'demo', 'brand');

  it('tells connected kiosks and screens the mall changed, and kiosks its default language', async () => {
    const kiosk = await ctx.hub.socket({ token: (await ctx.hub.pair('kiosk', 'entrance', 'Kiosk', ctx.cookie)).token });
    const screen = await ctx.hub.socket({ token: (await ctx.hub.pair('screen', 'entrance', 'Screen', ctx.cookie)).token });
    const heard = (s: typeof kiosk) => new Promise<void>((done) => s.once('mall:changed', () => done()));
    const both = Promise.all([heard(kiosk), heard(screen)]);
    await api('/api/mall', { method: 'PUT', body: { name: 'Northgate Centre' } });
    await both;
    const hello = new Promise<string>((done) => kiosk.once('device:hello', (d) => done(d.defaultLanguage)));
    const settings = (await api('/api/mall/settings')).body;
    await api('/api/mall/settings', { method: 'PUT', body: { ...settings, defaultLanguage: 'pl' } });
    expect(await hello).toBe('pl');
  });

  it('starts with Atrium colours and no logo, and takes readable colours with the text colour for each', async () => {
    expect((await api('/api/mall')).body.brand).toEqual({ primary: '#0b5cad', primaryInk: '#ffffff', accent: '#20324a', accentInk: '#ffffff' });
    const res = await api('/api/mall/brand', { method: 'PUT', body: { primary: '#7A1F3D', accent: '#f2c14e' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ primary: '#7a1f3d', primaryInk: '#ffffff', accent: '#f2c14e', accentInk: '#111827' });
    expect((await api('/api/mall')).body.brand.primary).toBe('#7a1f3d');
  });

  it('refuses a colour text cannot be read on (WCAG AA), or a malformed one, naming the field, and changes nothing', async () => {
    const before = await snapshotFiles(ctx.hub.dataRoot);
    const midGrey = await api('/api/mall/brand', { method: 'PUT', body: { primary: '#0b5cad', accent: '#808080' } });
    expect(midGrey.status).toBe(400);
    expect(midGrey.body.field).toBe('accent');
    expect(midGrey.body.error).toMatch(/4\.5:1/);
    const light = await api('/api/mall/brand', { method: 'PUT', body: { primary: '#f2c14e', accent: '#20324a' } });
    expect(light.status).toBe(400);
    expect(light.body.field).toBe('primary');
    expect(light.body.error).toMatch(/darker/);
    const bad = await api('/api/mall/brand', { method: 'PUT', body: { primary: 'red', accent: '#20324a' } });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('primary');
    expect(await snapshotFiles(ctx.hub.dataRoot)).toEqual(before);
  });

  it('stores an uploaded logo cleaned and shrunk in the mall folder, serves it to anyone, and replaces it', async () => {
    const first = await upload(await png(2000, 800));
    expect(first.status).toBe(200);
    expect(first.body.logoUrl).toMatch(/^\/brand\/logo-[0-9a-f]{20}\.png$/);
    const served = await fetch(ctx.hub.url + first.body.logoUrl);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    const meta = await sharp(Buffer.from(await served.arrayBuffer())).metadata();
    expect([meta.width, meta.height]).toEqual([1024, 410]);
    expect((await api('/api/mall')).body.brand.logoUrl).toBe(first.body.logoUrl);

    const second = await upload(await sharp({ create: { width: 300, height: 300, channels: 3, background: '#123456' } }).jpeg().toBuffer(), 'image/jpeg');
    expect(second.body.logoUrl).toMatch(/\.jpg$/);
    expect(await readdir(brandDir())).toEqual([second.body.logoUrl.slice('/brand/'.length)]);

    const today = new Date().toISOString().slice(0, 10);
    const audit = (await api(`/api/audit?from=${today}&to=${today}&action=mall.logo`)).body as { action: string }[];
    expect(audit.filter((a) => a.action === 'mall.logo')).toHaveLength(2);

    const removed = await api('/api/mall/logo', { method: 'DELETE' });
    expect(removed.body.logoUrl).toBeUndefined();
    expect(await readdir(brandDir())).toEqual([]);
    // Removing it again is no change: refused, nothing audited (the fuzz test found it audited).
    const again = await api('/api/mall/logo', { method: 'DELETE' });
    expect(again.status).toBe(404);
    expect(again.body.field).toBe('logo');
    const removals = (await api(`/api/audit?from=${today}&to=${today}&action=mall.logo.remove`)).body as { action: string }[];
    expect(removals.filter((a) => a.action === 'mall.logo.remove')).toHaveLength(1);
  });

  it('refuses an SVG, a file that is not an image, a truncated image and one with too many pixels, changing nothing', async () => {
    await upload(await png(200, 100));
    const before = await snapshotFiles(ctx.hub.dataRoot);
    const svg = Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const whole = await png(400, 400);
    const cases: [Uint8Array, string, RegExp][] = [
      [svg, 'image/svg+xml', /SVG/],
      [Buffer.from('just some text, not a picture'), 'image/png', /not a PNG, JPEG or WebP/],
      [whole.subarray(0, whole.length - 40), 'image/png', /damaged/],
      [await sharp({ create: { width: 5000, height: 4000, channels: 3, background: '#000' } }).png({ compressionLevel: 9 }).toBuffer(), 'image/png', /4096 × 4096/],
    ];
    for (const [bytes, type, message] of cases) {
      const res = await upload(bytes, type);
      expect(res.status, String(message)).toBe(400);
      expect(res.body.field).toBe('logo');
      expect(res.body.error).toMatch(message);
    }
    expect(await snapshotFiles(ctx.hub.dataRoot)).toEqual(before);
    // The folder holds only the logo in use, never a refused upload's leftovers.
    expect((await readdir(brandDir())).length).toBe(1);
    expect((await readFile(join(brandDir(), (await readdir(brandDir()))[0]))).length).toBeGreaterThan(0);
  });
});
