import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestHub, type TestHub } from '#server/testing/test-hub.ts';
import { pairMany } from '#server/testing/signage.ts';

const TICKER = { template: 'main-ticker', regions: { ticker: [{ kind: 'ticker', source: 'text', items: ['Late opening Thursday'] }] } };

/**
 * Screens share one computed playlist when nothing tells them apart (zone, groups, own layout,
 * promotions naming them); refreshAll works the shares out once per tick for every screen.
 */
describe('playlists shared by screens that nothing tells apart', () => {
  let hub: TestHub;
  let cookie: string;
  let ids: string[];

  beforeAll(async () => {
    hub = await startTestHub();
    cookie = await hub.login();
    ids = (await pairMany(hub.services, 'screen', 'tech', 5)).map((s) => s.device.id);
  });
  afterAll(() => hub.stop());

  const titlesOf = (id: string) => hub.services.playlists.forScreen(hub.services.devices.get(id)!).items.map((i) => i.title);
  const refresh = () => hub.services.playlists.refreshAll(new Date());

  it('a named screen, a grouped screen and one with both differ; the plain ones share a version', async () => {
    const [named, grouped, both, plainA, plainB] = ids;
    const group = await hub.api('/api/screen-groups', { body: { name: 'Tech front', screens: [grouped, both, grouped], layout: TICKER }, cookie });
    expect(group.status).toBe(201);
    const promo = await hub.api('/api/promotions', { body: { title: 'Only here', screens: [named, both], schedule: { from: '2026-01-01' } }, cookie });
    expect(promo.status).toBe(201);
    refresh();

    expect(titlesOf(named)).toContain('Only here');
    expect(titlesOf(both)).toContain('Only here');
    expect(titlesOf(grouped)).not.toContain('Only here');
    expect(titlesOf(plainA)).not.toContain('Only here');
    const playlist = (id: string) => hub.services.playlists.forScreen(hub.services.devices.get(id)!);
    expect(playlist(grouped).layout).toMatchObject({ template: 'main-ticker' });
    expect(playlist(both).layout).toMatchObject({ template: 'main-ticker' });
    expect(playlist(named).layout).not.toMatchObject({ template: 'main-ticker' });
    expect(playlist(plainA).version).toBe(playlist(plainB).version);
    expect(new Set([named, grouped, both, plainA].map((id) => playlist(id).hash)).size).toBe(4);

    // Out of the group: the grouped screen plays what its plain zone-mates play, the same version.
    expect((await hub.api(`/api/screen-groups/${group.body.id}`, { method: 'PUT', body: { name: 'Tech front', screens: [both], layout: TICKER }, cookie })).status).toBe(200);
    // (The hub's own tick may have done this refresh already: what each screen holds is what counts.)
    refresh();
    expect(playlist(grouped).hash).toBe(playlist(plainA).hash);
    expect(playlist(grouped).layout).not.toMatchObject({ template: 'main-ticker' });
    expect(playlist(both).layout).toMatchObject({ template: 'main-ticker' });
    // Nothing moved since: a second run changes nothing and sends no lines.
    expect(refresh()).toEqual({ changes: [], lines: [] });
  });
});

/**
 * The shares are worked out once and kept until something regroups screens: each change that can
 * tell screens apart must reach the next refresh (they are not looked at screen by screen any more).
 */
describe('shares worked out again when screens are told apart', () => {
  let hub: TestHub;
  let cookie: string;
  let ids: string[];

  beforeAll(async () => {
    hub = await startTestHub();
    cookie = await hub.login();
    ids = (await pairMany(hub.services, 'screen', 'tech', 3)).map((s) => s.device.id);
    await hub.api('/api/promotions', { body: { title: 'Food court lunch', zones: ['food-court'], schedule: { from: '2026-01-01' } }, cookie });
  });
  afterAll(() => hub.stop());

  const refresh = () => hub.services.playlists.refreshAll(new Date());
  const holds = (id: string) => hub.services.playlists.forScreen(hub.services.devices.get(id)!);
  const settle = () => {
    refresh();
    expect(refresh()).toEqual({ changes: [], lines: [] });
  };

  it('a screen moved to another zone plays that zone, its old share stays', async () => {
    settle();
    const [moved, stays] = ids;
    expect(holds(moved).items.map((i) => i.title)).not.toContain('Food court lunch');
    expect((await hub.api(`/api/devices/${moved}/settings`, { body: { zoneId: 'food-court' }, cookie })).status).toBe(200);
    refresh();
    expect(holds(moved).items.map((i) => i.title)).toContain('Food court lunch');
    expect(holds(stays).items.map((i) => i.title)).not.toContain('Food court lunch');
    expect(refresh()).toEqual({ changes: [], lines: [] });
  });

  it('a screen paired into a settled share gets its playlist in the next refresh', async () => {
    settle();
    // The hub's own tick (a pending edit, the schedule clock) may refresh before this test does:
    // every refresh after the pairing counts, whoever made it.
    const refreshes = vi.spyOn(hub.services.playlists, 'refreshAll');
    const [fresh] = (await pairMany(hub.services, 'screen', 'tech', 1)).map((s) => s.device.id);
    refresh();
    const sent = refreshes.mock.results.flatMap((r) => (r.type === 'return' ? r.value.changes.flatMap((c) => c.screenIds) : []));
    refreshes.mockRestore();
    expect(sent).toEqual([fresh]);
    expect(holds(fresh).hash).toBe(holds(ids[1]).hash);
  });

  it('a promotion naming one screen of a settled share reaches that screen alone', async () => {
    settle();
    const [, named, other] = ids;
    expect((await hub.api('/api/promotions', { body: { title: 'Just this one', screens: [named], schedule: { from: '2026-01-01' } }, cookie })).status).toBe(201);
    refresh();
    expect(holds(named).items.map((i) => i.title)).toContain('Just this one');
    expect(holds(other).items.map((i) => i.title)).not.toContain('Just this one');
  });
});
