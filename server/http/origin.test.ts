import { describe, expect, it } from 'vitest';
import { operatorHub } from '#server/testing/operator-hub.ts';
import { startTestHub } from '#server/testing/test-hub.ts';

/**
 * Rule 9: requests change state only from the hub's own origin. A page on another port of the
 * same host is "same-site", so a SameSite=Strict cookie rides along: these are the headers
 * Chromium sends for such a page's form post, no-cors fetch and socket handshake.
 */
describe('cross-origin state changes are refused', () => {
  const mall = operatorHub();
  const evil = 'http://127.0.0.1:1';
  const fromEvil = { origin: evil, 'sec-fetch-site': 'same-site' };

  it('a <form enctype=text/plain> post from another port cannot revoke a kiosk', async () => {
    const { hub, cookie } = mall;
    const { device } = await hub.pair('kiosk', 'entrance', 'Target kiosk', cookie);
    const res = await hub.api(`/api/devices/${device.id}/revoke`, {
      cookie,
      raw: '{"x":"=y"}',
      contentType: 'text/plain',
      headers: { ...fromEvil, 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' },
    });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatch(/origin/);
    expect(hub.services.devices.get(device.id)?.revokedAt ?? null).toBeNull();
  });

  it('a no-cors fetch from another port cannot archive a promotion', async () => {
    const { hub, cookie } = mall;
    const promotion = hub.services.promotions.list().find((p) => p.status === 'active')!;
    const res = await hub.api(`/api/promotions/${promotion.id}/archive`, { cookie, raw: '', contentType: 'text/plain', headers: { ...fromEvil, 'sec-fetch-mode': 'no-cors' } });
    expect(res.status).toBe(403);
    expect(hub.services.promotions.get(promotion.id)?.status).toBe('active');
    // Without an Origin, a browser's Sec-Fetch-Site alone is enough to refuse it.
    const bare = await hub.api(`/api/promotions/${promotion.id}/archive`, { method: 'POST', cookie, headers: { 'sec-fetch-site': 'cross-site' } });
    expect(bare.status).toBe(403);
    expect(hub.services.promotions.get(promotion.id)?.status).toBe('active');
    // Nor can it sign anyone in (login CSRF) or touch a pass.
    expect((await hub.api('/api/auth/login', { body: { username: 'operator', password: 'atrium-demo' }, headers: fromEvil })).status).toBe(403);
  });

  it('a socket handshake from another origin is refused, even with the operator’s cookie', async () => {
    const { hub, cookie } = mall;
    await expect(hub.socket({}, cookie, undefined, { origin: evil })).rejects.toThrow();
    await expect(hub.socket({}, cookie, undefined, { origin: 'null' })).rejects.toThrow();
    const own = await hub.socket({}, cookie, undefined, { origin: hub.url });
    expect(own.connected).toBe(true);
  });

  it('the hub’s own pages, devices and servers without an Origin keep working', async () => {
    const { hub, cookie } = mall;
    const { device, token } = await hub.pair('kiosk', 'entrance', 'Kept kiosk', cookie);
    // The panel, from the hub's own origin.
    const own = await hub.api('/api/devices/' + device.id + '/settings', { cookie, body: { name: 'Renamed kiosk' }, headers: { origin: hub.url, 'sec-fetch-site': 'same-origin' } });
    expect(own.status).toBe(200);
    // A reader bridge or a shop's server: bearer token, no browser headers.
    const tap = await hub.api(`/api/kiosks/${device.id}/tap`, { token, body: { card: '4111111111111111' } });
    expect(tap.status).toBe(200);
    // A device socket from the hub's origin.
    expect((await hub.socket({ token }, undefined, undefined, { origin: hub.url })).connected).toBe(true);
  });

  it('the configured public URL counts as the hub’s own origin', async () => {
    const hub = await startTestHub({ publicUrl: 'https://mall.example' });
    try {
      const cookie = await hub.login();
      const res = await hub.api('/api/auth/logout', { cookie, body: {}, headers: { origin: 'https://mall.example', 'sec-fetch-site': 'same-origin' } });
      expect(res.status).toBe(200);
      expect((await hub.api('/api/auth/logout', { cookie: await hub.login(), body: {}, headers: { origin: 'https://elsewhere.example' } })).status).toBe(403);
    } finally {
      await hub.stop();
    }
  });
});
