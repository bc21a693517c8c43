import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testHubForBlock } from '#server/testing/operator-hub.ts';

const built = existsSync(resolve('dist', 'kiosk-sw.js')) && existsSync(resolve('dist', 'screen-sw.js'));

/**
 * The service workers are served at the root (so their scopes can cover /kiosk and /screen), as
 * JavaScript (Chromium refuses a worker of any other type) and never from the HTTP cache (so a new
 * build's worker is seen on the next check).
 */
describe.skipIf(!built)('service workers (after npm run build)', () => {
  const hub = testHubForBlock();

  for (const worker of ['/kiosk-sw.js', '/screen-sw.js']) {
    it(`${worker} is served as uncached JavaScript`, async () => {
      const res = await fetch(hub().url + worker);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/javascript/);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect((await res.text()).length).toBeGreaterThan(100);
    });
  }
});
