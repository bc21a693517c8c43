import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, signInToPanel, test } from './fixtures.ts';

/**
 * Rule 9 in a real browser: a page on another port of 127.0.0.1 is "same-site" with the hub, so
 * Chromium sends the operator's SameSite=Strict cookie with its requests. None of them may change
 * anything: not a form post, not a no-cors fetch, not a socket.
 */
test('a page from another port cannot revoke a kiosk, archive a promotion or open the operator’s socket', async ({ hub, newContext }) => {
  const { device } = await hub.pair('kiosk', 'entrance', 'Target kiosk');
  const promotion = hub.services.promotions.list().find((p) => p.status === 'active')!;
  const wsUrl = hub.url.replace('http://', 'ws://') + '/socket.io/?EIO=4&transport=websocket';
  const page = `<!doctype html><html><head><title>Prize</title></head><body>
    <form id="f" method="POST" enctype="text/plain" action="${hub.url}/api/devices/${device.id}/revoke"><input name='{"a":"' value='b"}'></form>
    <script>
      window.tryFetch = () => fetch(${JSON.stringify(`${hub.url}/api/promotions/${promotion.id}/archive`)}, { method: 'POST', mode: 'no-cors', credentials: 'include', body: '' }).then(() => 'sent', () => 'failed');
      window.trySocket = () => new Promise((resolve) => {
        const got = [];
        const ws = new WebSocket(${JSON.stringify(wsUrl)});
        ws.onopen = () => ws.send('40');
        ws.onmessage = (m) => { got.push(String(m.data)); if (String(m.data).startsWith('40') || String(m.data).startsWith('44')) resolve(got.join(' | ')); };
        ws.onerror = () => resolve('refused');
        ws.onclose = () => resolve(got.length ? got.join(' | ') : 'refused');
      });
    </script></body></html>`;
  const evil: Server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(page));
  await new Promise<void>((r) => evil.listen(0, '127.0.0.1', r));
  const evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}/`;
  try {
    const context = await newContext();
    const panel = await context.newPage();
    await signInToPanel(panel, hub);

    const attacker = await context.newPage();
    await attacker.goto(evilUrl);
    // The hub's Cross-Origin-Resource-Policy hides the answer from the page either way (the fetch
    // rejects); what matters is whether the hub acted on it, checked below.
    await attacker.evaluate(() => (window as unknown as { tryFetch: () => Promise<string> }).tryFetch());
    const socket = await attacker.evaluate(() => (window as unknown as { trySocket: () => Promise<string> }).trySocket());
    expect(socket).not.toMatch(/^0\{.*\| 40/);
    expect(socket).not.toMatch(/(^|\| )40\{/);
    const [answer] = await Promise.all([attacker.waitForNavigation(), attacker.evaluate(() => (document.getElementById('f') as HTMLFormElement).submit())]);
    expect(answer?.status()).toBe(403);

    expect(hub.services.devices.get(device.id)?.revokedAt ?? null).toBeNull();
    expect(hub.services.promotions.get(promotion.id)?.status).toBe('active');
    // The panel itself, on the hub's origin, still works with the same cookie.
    await expect(panel.getByRole('heading', { name: 'Pair a device' })).toBeVisible();
    const own = await panel.evaluate((id) => fetch(`/api/promotions/${id}/archive`, { method: 'POST' }).then((r) => r.status), promotion.id);
    expect(own).toBe(200);
  } finally {
    await new Promise((r) => evil.close(r));
  }
});
