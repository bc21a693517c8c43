import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from './fixtures.ts';
import { HubProcess, ephemeralPort } from './hub-process.ts';
import { pairScreenByApi } from './screen-helpers.ts';

const HOUSE = /Welcome to Riverside Galleria|Late-night shopping every Thursday/;

test('after a hub upgrade a running screen reloads itself once, and the panel shows a screen still on an old build', async ({ browser }) => {
  test.setTimeout(120_000);
  const work = await mkdtemp(join(tmpdir(), 'atrium-upgrade-'));
  // The hub serves its own copy of the built apps, so "upgrading" it leaves other tests' dist alone.
  const dist = join(work, 'dist');
  await cp(resolve(import.meta.dirname, '..', 'dist'), dist, { recursive: true });
  const built = JSON.parse(await readFile(join(dist, 'build.json'), 'utf8')).build as string;
  const hub = new HubProcess(await ephemeralPort(), join(work, 'data'), { ATRIUM_DIST: dist });
  try {
    await hub.start();
    const cookie = await hub.login();
    const screen = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
    const screenId = await pairScreenByApi(screen, hub.url, (path, body) => hub.api(path, cookie, body), 'entrance');
    await expect(screen.getByRole('heading', { name: HOUSE })).toBeVisible();
    const status = async () => ((await hub.api('/api/screens/status', cookie)).body as any[]).find((s) => s.screenId === screenId);
    await expect.poll(async () => (await status())?.heartbeat?.appVersion, { timeout: 20_000 }).toBe(built);
    expect((await status()).outdated).toBe(false);
    await screen.evaluate(() => ((window as unknown as { marker?: number }).marker = 1));
    // Every load of the page from here on: the reload the upgrade brings, and any other.
    let loads = 0;
    screen.on('load', () => loads++);

    // The upgrade: the hub stops, comes back serving another build.
    await hub.kill();
    const next = '29991231000000-abcdef';
    await writeFile(join(dist, 'build.json'), JSON.stringify({ build: next }));
    await hub.start();

    // The screen reconnects, hears the hub's build and reloads (the marker goes). The page is
    // asked only once it has loaded again: asked while the screen reloads itself, it is gone mid-question.
    await expect.poll(() => loads, { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await screen.evaluate(() => (window as unknown as { marker?: number }).marker ?? 'reloaded')).toBe('reloaded');
    await expect(screen.getByRole('heading', { name: HOUSE })).toBeVisible();
    expect(await screen.evaluate(() => localStorage.getItem('atrium.screen.reloadedFor'))).toBe(next);
    await screen.evaluate(() => ((window as unknown as { marker?: number }).marker = 2));
    // Its files are still the old build here (only build.json changed), so it reports the old one:
    // the panel says so, and the screen does not reload again and again.
    const c2 = await hub.login();
    await expect.poll(async () => ((await hub.api('/api/screens/status', c2)).body as any[]).find((s) => s.screenId === screenId)?.outdated, { timeout: 20_000 }).toBe(true);
    expect(await screen.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(2);
    expect(loads).toBe(1);
  } finally {
    await hub.kill();
    await rm(work, { recursive: true, force: true });
  }
});
