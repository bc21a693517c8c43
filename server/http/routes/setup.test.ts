import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_OPENING_HOURS, type SetupBody } from '#shared/schemas/setup.ts';
import { startTestHub, type TestHub } from '#server/testing/test-hub.ts';

const hubs: TestHub[] = [];
afterEach(async () => {
  while (hubs.length) await hubs.pop()!.stop();
});

async function emptyHub(dataRoot?: string): Promise<TestHub> {
  const hub = await startTestHub({ demo: false, mall: 'northgate' }, dataRoot);
  hubs.push(hub);
  return hub;
}

function northgate(token: string): SetupBody {
  return {
    token,
    mall: {
      name: 'Northgate Centre',
      settings: {
        timezone: 'Europe/Warsaw',
        locale: 'pl-PL',
        defaultLanguage: 'pl',
        k: 7,
        openingHours: DEFAULT_OPENING_HOURS,
        publicUrl: 'https://northgate.example',
      },
      zones: [
        { id: 'wejscie', name: 'Wejście główne' },
        { id: 'food', name: 'Strefa restauracji' },
        { id: 'moda', name: 'Moda' },
      ],
    },
    operator: { username: 'anna', password: 'a long enough password' },
  };
}

/** Every file the hub wrote under its mall folder, with its text, to prove a refusal changed nothing. */
async function folderText(hub: TestHub): Promise<string> {
  const dir = join(hub.dataRoot, 'northgate');
  const names = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((d) => d.isFile()).map((d) => join(d.parentPath, d.name));
  const texts = await Promise.all(names.sort().map(async (n) => `${n}\n${await readFile(n, 'utf8')}`));
  return texts.join('\n');
}

describe('first-run set-up of a hub with no mall', () => {
  it('starts with demo off on an empty folder, serving only the set-up until it is done', async () => {
    const hub = await emptyHub();
    expect(hub.setupToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(() => hub.services).toThrow(/not set up/);
    expect((await hub.api('/api/setup')).body).toEqual({ needed: true });
    for (const path of ['/api/health', '/api/mall', '/api/auth/me', '/api/promotions']) {
      const res = await hub.api(path);
      expect(res.status, path).toBe(503);
      expect(res.body.error).toMatch(/no mall yet/);
    }
    expect((await fetch(`${hub.url}/kiosk`)).status).toBe(503);
    await expect(hub.socket({ pair: 'kiosk' })).rejects.toBeTruthy();
  });

  it('refuses each bad set-up by the field at fault and changes nothing', async () => {
    const hub = await emptyHub();
    const good = northgate(hub.setupToken!);
    const before = await folderText(hub);
    const bad: [string, (b: SetupBody) => unknown, number, string][] = [
      ['wrong token', (b) => ({ ...b, token: 'x'.repeat(43) }), 401, 'token'],
      ['unknown time zone', (b) => ({ ...b, mall: { ...b.mall, settings: { ...b.mall.settings, timezone: 'Europe/Atlantis' } } }), 400, 'mall.settings.timezone'],
      ['unknown locale', (b) => ({ ...b, mall: { ...b.mall, settings: { ...b.mall.settings, locale: 'not a locale!' } } }), 400, 'mall.settings.locale'],
      ['K below the floor', (b) => ({ ...b, mall: { ...b.mall, settings: { ...b.mall.settings, k: 1 } } }), 400, 'mall.settings.k'],
      ['public URL that is not http(s)', (b) => ({ ...b, mall: { ...b.mall, settings: { ...b.mall.settings, publicUrl: 'ftp://northgate.example' } } }), 400, 'mall.settings.publicUrl'],
      ['public URL that is not a URL', (b) => ({ ...b, mall: { ...b.mall, settings: { ...b.mall.settings, publicUrl: 'mall.example' } } }), 400, 'mall.settings.publicUrl'],
      ['public URL with credentials', (b) => ({ ...b, mall: { ...b.mall, settings: { ...b.mall.settings, publicUrl: 'https://a:b@northgate.example' } } }), 400, 'mall.settings.publicUrl'],
      [
        'opening that ends before it starts',
        (b) => ({ ...b, mall: { ...b.mall, settings: { ...b.mall.settings, openingHours: DEFAULT_OPENING_HOURS.map((d, i) => (i === 2 ? [{ open: '18:00', close: '09:00' }] : d)) } } }),
        400,
        'mall.settings.openingHours.2.0.close',
      ],
      [
        'openings that overlap',
        (b) => ({ ...b, mall: { ...b.mall, settings: { ...b.mall.settings, openingHours: DEFAULT_OPENING_HOURS.map((d, i) => (i === 4 ? [{ open: '09:00', close: '14:00' }, { open: '13:00', close: '20:00' }] : d)) } } }),
        400,
        'mall.settings.openingHours.4.1.open',
      ],
      ['six days of hours', (b) => ({ ...b, mall: { ...b.mall, settings: { ...b.mall.settings, openingHours: DEFAULT_OPENING_HOURS.slice(1) } } }), 400, 'mall.settings.openingHours'],
      ['two zones with one name', (b) => ({ ...b, mall: { ...b.mall, zones: [...b.mall.zones, { id: 'moda-2', name: 'MODA' }] } }), 400, 'mall.zones.3'],
      ['no zones', (b) => ({ ...b, mall: { ...b.mall, zones: [] } }), 400, 'mall.zones'],
      ['short password', (b) => ({ ...b, operator: { ...b.operator, password: 'short' } }), 400, 'operator.password'],
      ['an unknown field', (b) => ({ ...b, admin: true }), 400, 'admin'],
    ];
    for (const [what, change, status, field] of bad) {
      const res = await hub.api('/api/setup', { body: change(good) });
      expect(res.status, what).toBe(status);
      expect(res.body.field, what).toBe(field);
    }
    // From another origin (a page elsewhere on this host), even the right token is refused.
    const foreign = await fetch(`${hub.url}/api/setup`, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://127.0.0.1:1' }, body: JSON.stringify(good) });
    expect(foreign.status).toBe(403);
    expect(await folderText(hub)).toBe(before);
    expect((await hub.api('/api/setup')).body).toEqual({ needed: true });
  });

  it('sets up Northgate Centre: the operator signs in, the mall runs on its own clock, K and public URL, and a device pairs', async () => {
    const hub = await emptyHub();
    const token = hub.setupToken!;
    const res = await hub.api('/api/setup', { body: northgate(token) });
    expect(res.status).toBe(200);
    await hub.ready;
    expect(hub.setupToken).toBeUndefined();
    expect(hub.services.config.timezone).toBe('Europe/Warsaw');
    expect(hub.services.config.k).toBe(7);
    expect(hub.services.publicUrl).toBe('https://northgate.example');

    expect((await hub.api('/api/setup')).body).toEqual({ needed: false });
    const reused = await hub.api('/api/setup', { body: northgate(token) });
    expect(reused.status).toBe(409);

    const cookie = await hub.login('anna', 'a long enough password');
    const mall = await hub.api('/api/mall', { cookie });
    expect(mall.body.name).toBe('Northgate Centre');
    expect(mall.body.zones.map((z: { name: string }) => z.name)).toEqual(['Wejście główne', 'Strefa restauracji', 'Moda']);
    expect((await hub.api('/api/health')).status).toBe(200);
    expect((await hub.api('/api/mall/settings', { cookie })).body).toEqual(northgate(token).mall.settings);
    const { device } = await hub.pair('kiosk', 'food', 'Kiosk by the food court', cookie);
    expect(device.zoneId).toBe('food');

    const audit = await hub.api(`/api/audit?from=2000-01-01&to=2100-01-01&action=mall.setup`, { cookie });
    expect(audit.status).toBe(200);
    expect(JSON.stringify(audit.body)).toContain('mall.setup');
  });

  it('starts again on the folder as the mall it was set up as, with no set-up', async () => {
    const root = await mkdtemp(join(tmpdir(), 'atrium-setup-'));
    const first = await emptyHub(root);
    expect((await first.api('/api/setup', { body: northgate(first.setupToken!) })).status).toBe(200);
    await first.ready;
    await hubs.pop()!.stop();

    const again = await startTestHub({ demo: false, mall: 'northgate' }, root);
    hubs.push(again);
    expect(again.setupToken).toBeUndefined();
    expect(again.services.mall.record.name).toBe('Northgate Centre');
    expect(again.services.config.timezone).toBe('Europe/Warsaw');
    await again.login('anna', 'a long enough password');
    await hubs.pop()!.stop();
    await rm(root, { recursive: true, force: true });
  });
});
