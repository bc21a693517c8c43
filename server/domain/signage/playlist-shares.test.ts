import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
