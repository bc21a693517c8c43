import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorHub } from '#server/testing/operator-hub.ts';
import { addressAllowed } from './outbound.ts';

/**
 * Rule 10, with the test-only loopback flag OFF (the default): the hub calls out only to
 * addresses an operator may reach. Receivers on 127.0.0.1 stand in for the internal services an
 * attacker would aim at: the refusal is proved by them never being reached.
 */
describe('outbound requests refuse loopback, link-local and private targets', () => {
  const mall = operatorHub({ webhookRetrySeconds: [] });
  let internal: Server;
  let internalPort = 0;
  let hits = 0;
  let smtpLike: ReturnType<typeof createTcpServer>;
  let smtpPort = 0;
  let smtpHits = 0;

  beforeAll(async () => {
    internal = createServer((_req, res) => {
      hits++;
      res.writeHead(500, { 'content-type': 'text/plain' }).end('redis secret internal reply');
    });
    await new Promise<void>((r) => internal.listen(0, '127.0.0.1', r));
    internalPort = (internal.address() as AddressInfo).port;
    // An internal service that talks first, like Redis or an SMTP server would.
    smtpLike = createTcpServer((sock) => {
      smtpHits++;
      sock.end('-ERR internal service banner with secrets\r\n');
    });
    await new Promise<void>((r) => smtpLike.listen(0, '127.0.0.1', r));
    smtpPort = (smtpLike.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((r) => internal.close(r));
    await new Promise((r) => smtpLike.close(r));
  });

  it('webhook URLs at the metadata service, loopback in any spelling, or with credentials are refused naming `url`', async () => {
    const { hub, cookie } = mall;
    const hubPort = new URL(hub.url).port;
    const urls = [
      'http://169.254.169.254/latest/meta-data/',
      `http://127.0.0.1:${hubPort}/api/devices`,
      `http://2130706433:${internalPort}/`,
      `http://0x7f000001:${internalPort}/`,
      `http://0177.0.0.1:${internalPort}/`,
      `http://127.1:${internalPort}/`,
      `http://[::1]:${internalPort}/`,
      `http://[::ffff:127.0.0.1]:${internalPort}/`,
      `http://[::ffff:7f00:1]:${internalPort}/`,
      'http://0.0.0.0/',
      'http://10.1.2.3/hook',
      'http://192.168.1.10/hook',
      'http://[fd00::1]/hook',
      'http://[fe80::1]/hook',
      'http://user:pass@hooks.example.com/hook',
      'ftp://hooks.example.com/hook',
    ];
    for (const url of urls) {
      const res = await hub.api('/api/webhooks', { cookie, body: { url, events: ['visit.checked_in'] } });
      expect(res.status, url).toBe(400);
      expect(res.body.field, url).toBe('url');
    }
    expect((await hub.api('/api/webhooks', { cookie })).body).toEqual([]);
    expect(hits).toBe(0);
  });

  it('a name that resolves to loopback is refused at send time, and the ping answer is generic', async () => {
    const { hub, cookie } = mall;
    // `localhost` passes the URL check (it is a name), then resolves to loopback when called.
    const made = await hub.api('/api/webhooks', { cookie, body: { url: `http://localhost:${internalPort}/hook`, events: ['visit.checked_in'] } });
    expect(made.status).toBe(200);
    const ping = await hub.api(`/api/webhooks/${made.body.webhook.id}/ping`, { cookie, body: {} });
    expect(ping.status).toBe(200);
    expect(ping.body).toMatchObject({ status: 'failed', lastStatusCode: null });
    expect(ping.body.lastError).toMatch(/not reachable from the hub/);
    expect(JSON.stringify(ping.body)).not.toContain('internal reply');
    expect(hits).toBe(0);
  });

  it('SMTP hosts: loopback and metadata literals are refused naming `host`; a name resolving inside is refused when sending, with a generic answer', async () => {
    const { hub, cookie } = mall;
    for (const host of ['127.0.0.1', '169.254.169.254', '::1', '[::1]', '2130706433', '0x7f000001', '10.0.0.5']) {
      const res = await hub.api('/api/settings/smtp', { cookie, body: { host, port: smtpPort, secure: false, from: 'pass@mall.example' } });
      expect(res.status, host).toBe(400);
      expect(res.body.field, host).toBe('host');
    }
    expect((await hub.api('/api/settings/smtp', { cookie, body: { host: 'localhost', port: smtpPort, secure: false, from: 'pass@mall.example' } })).status).toBe(200);
    const test = await hub.api('/api/settings/smtp/test', { cookie, body: { to: 'ops@mall.example' } });
    expect(test.status).toBeGreaterThanOrEqual(400);
    expect(test.body.error).toMatch(/not reachable from the hub/);
    expect(JSON.stringify(test.body)).not.toContain('banner');
    expect(smtpHits).toBe(0);
    expect(JSON.stringify((await hub.api('/api/settings/mail-log', { cookie })).body)).not.toContain('banner');
  });

  it('the address check itself: private only when allowed, loopback only under the test flag, link-local never', () => {
    const off = { allowPrivate: false, allowLoopback: false };
    const priv = { allowPrivate: true, allowLoopback: false };
    expect(addressAllowed('93.184.216.34', off)).toBe(true);
    expect(addressAllowed('2606:2800:220:1:248:1893:25c8:1946', off)).toBe(true);
    for (const a of ['127.0.0.1', '::1', '::ffff:127.0.0.1', '169.254.169.254', 'fe80::1', '0.0.0.0', '::', '224.0.0.1', '10.0.0.1', 'fd00::1', '100.64.0.1', '2002:7f00:1::', '64:ff9b::7f00:1']) {
      expect(addressAllowed(a, off), a).toBe(false);
    }
    expect(addressAllowed('10.0.0.1', priv)).toBe(true);
    expect(addressAllowed('192.168.0.9', priv)).toBe(true);
    expect(addressAllowed('fd00::1', priv)).toBe(true);
    expect(addressAllowed('169.254.169.254', priv)).toBe(false);
    expect(addressAllowed('127.0.0.1', priv)).toBe(false);
  });
});

describe('an operator setting allows private ranges for an on-site system', () => {
  const mall = operatorHub({ allowPrivateOutbound: true });

  it('accepts a private webhook address, still never loopback or link-local', async () => {
    const { hub, cookie } = mall;
    expect((await hub.api('/api/webhooks', { cookie, body: { url: 'http://10.20.30.40/crm', events: ['visit.checked_in'] } })).status).toBe(200);
    expect((await hub.api('/api/webhooks', { cookie, body: { url: 'http://169.254.169.254/', events: ['visit.checked_in'] } })).status).toBe(400);
    expect((await hub.api('/api/webhooks', { cookie, body: { url: 'http://127.0.0.1:9/', events: ['visit.checked_in'] } })).status).toBe(400);
  });
});
