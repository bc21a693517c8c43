import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '#server/logger.ts';
import { request, startTestHub } from '#server/testing/test-hub.ts';

const PUBLIC = 'https://mall.example.org';

describe('links use the public URL', () => {
  it('the phone-join link a kiosk shows as QR is on ATRIUM_PUBLIC_URL, not the address the hub listens on', async () => {
    const hub = await startTestHub({ publicUrl: PUBLIC });
    try {
      const kiosk = await hub.socket({ token: (await hub.pair('kiosk', 'entrance')).token });
      const link = await request<any>(kiosk, 'join:start', {});
      expect(link.ok).toBe(true);
      expect(link.data.url).toBe(`${PUBLIC}/join/${link.data.nonce}`);
      expect(JSON.stringify(link.data)).not.toContain('127.0.0.1');
      const dashboard = await hub.api('/api/dashboard', { cookie: await hub.login() });
      expect(dashboard.body.warnings).toEqual([]);
    } finally {
      await hub.stop();
    }
  });

  it('without a public URL the hub warns at start, and the panel’s dashboard carries the warning', async () => {
    const logs: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        logs.push(String(chunk));
        cb();
      },
    });
    const hub = await startTestHub({ logLevel: 'warn' }, undefined, { logger: createLogger('warn', sink) });
    try {
      expect(logs.join('')).toContain('ATRIUM_PUBLIC_URL');
      const dashboard = await hub.api('/api/dashboard', { cookie: await hub.login() });
      expect(dashboard.body.warnings).toEqual([expect.stringContaining('ATRIUM_PUBLIC_URL')]);
    } finally {
      await hub.stop();
    }
  });
});
