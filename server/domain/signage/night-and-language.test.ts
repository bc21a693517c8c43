import { afterEach, describe, expect, it } from 'vitest';
import type { Playlist } from '#shared/schemas/promotions.ts';
import { DEFAULT_OPENING_HOURS } from '#shared/schemas/setup.ts';
import { enrolShopperIn, pairMany } from '#server/testing/signage.ts';
import { request, startTestHub, type ClientSocket, type TestHub } from '#server/testing/test-hub.ts';

const SETTINGS = { timezone: 'Europe/Warsaw', locale: 'pl-PL', defaultLanguage: 'en', k: 2, openingHours: DEFAULT_OPENING_HOURS };
const playlistOf = async (s: ClientSocket) => (await request<{ ok: true; data: Playlist }>(s, 'playlist:get', {})).data;

describe('screens outside opening hours, on the mall clock', () => {
  let hub: TestHub | undefined;
  afterEach(() => hub?.stop());

  it('sleep when the mall closes, play promotions marked for the night, and wake when it opens', async () => {
    // Monday 30 November 2026, 03:00 in Warsaw: closed (09:00–21:00).
    let now = Date.parse('2026-11-30T02:00:00Z');
    hub = await startTestHub({}, undefined, { now: () => now });
    const cookie = await hub.login();
    expect((await hub.api('/api/mall/settings', { method: 'PUT', body: SETTINGS, cookie })).status).toBe(200);
    const [s] = await pairMany(hub.services, 'screen', 'food-court', 1);
    const screen = await hub.socket({ token: s.token });
    const night = await playlistOf(screen);
    expect(night).toMatchObject({ night: { mode: 'black' }, items: [] });

    const updates: Playlist[] = [];
    screen.on('playlist:update', (p) => updates.push(p));
    await hub.api('/api/promotions', { body: { title: 'Open all night', outsideHours: true, schedule: { from: '2026-01-01' } }, cookie });
    await hub.api('/api/promotions', { body: { title: 'Daytime only', schedule: { from: '2026-01-01' } }, cookie });
    await expect.poll(() => updates.at(-1)?.items.map((i) => i.title)).toEqual(['Open all night']);
    expect(updates.at(-1)?.night).toEqual({ mode: 'black' });

    // 09:00 in Warsaw: open. The feed's schedule check finds it; here the refresh is asked for at once.
    now = Date.parse('2026-11-30T08:00:00Z');
    hub.services.bus.emit('promotions.changed');
    await expect.poll(() => updates.at(-1)?.night).toBeNull();
    expect(updates.at(-1)?.items.map((i) => i.title).sort()).toEqual(['Daytime only', 'Open all night']);
  });
});

describe("promotions in the crowd's language", () => {
  let hub: TestHub | undefined;
  afterEach(() => hub?.stop());

  it('follow the largest language segment present in the zone from K up, and the mall default below it', async () => {
    hub = await startTestHub();
    const cookie = await hub.login();
    expect((await hub.api('/api/mall/settings', { method: 'PUT', body: { ...SETTINGS, timezone: 'UTC', openingHours: Array.from({ length: 7 }, () => [{ open: '00:00', close: '24:00' }]) }, cookie })).status).toBe(200);
    const [s] = await pairMany(hub.services, 'screen', 'food-court', 1);
    const [k] = await pairMany(hub.services, 'kiosk', 'food-court', 1);
    const screen = await hub.socket({ token: s.token });
    const kiosk = await hub.socket({ token: k.token });
    const updates: Playlist[] = [];
    screen.on('playlist:update', (p) => updates.push(p));
    const made = await hub.api('/api/promotions', {
      body: {
        title: 'Coffee for two',
        text: 'Two cups, one price',
        translations: { pl: { title: 'Kawa dla dwojga', text: 'Dwie kawy w cenie jednej' }, hu: { title: 'Kávé kettesben' } },
        schedule: { from: '2026-01-01' },
      },
      cookie,
    });
    expect(made.status).toBe(201);
    const shown = () => updates.at(-1) ?? null;
    await expect.poll(() => shown()?.items[0]?.title).toBe('Coffee for two');

    // One Polish shopper is below K (2): the mall's default stays.
    await enrolShopperIn(kiosk, 'pl');
    await enrolShopperIn(kiosk, 'hu');
    await expect.poll(async () => (await playlistOf(screen)).language).toBe('en');
    await enrolShopperIn(kiosk, 'pl');
    await expect.poll(() => shown()?.items[0]).toMatchObject({ title: 'Kawa dla dwojga', text: 'Dwie kawy w cenie jednej', lang: 'pl' });
    expect(shown()?.language).toBe('pl');

    // Three Hungarians outnumber two Poles: the screen switches live.
    await enrolShopperIn(kiosk, 'hu');
    await enrolShopperIn(kiosk, 'hu');
    await expect.poll(() => shown()?.items[0]).toMatchObject({ title: 'Kávé kettesben', text: '', lang: 'hu' });

    // A bad translation is refused by name.
    const bad = await hub.api(`/api/promotions/${made.body.id}`, { method: 'PUT', body: { title: 'x', translations: { xx: { title: 'y' } }, schedule: { from: '2026-01-01' } }, cookie });
    expect(bad).toMatchObject({ status: 400 });
    expect(bad.body.field).toMatch(/^translations/);
  });
});
