import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KIOSK_BUDGET_BYTES, measureBundle } from './bundle-size.ts';

const manifest = resolve(import.meta.dirname, '..', 'dist', '.vite', 'manifest.json');

describe.skipIf(!existsSync(manifest))('kiosk bundle budget (after npm run build)', () => {
  it('loads at most 80 KB gzip JS first; the QR scanner and the join QR are lazy', () => {
    const r = measureBundle();
    expect(r.firstLoadGzip).toBeLessThanOrEqual(KIOSK_BUDGET_BYTES);
    const lazyNames = r.lazy.map((l) => l.name).join(' ');
    expect(lazyNames).toContain('qr-camera');
    expect(r.lazy.length).toBeGreaterThanOrEqual(2);
    // zxing alone is ~100 KB gzip: it must not be in the first load.
    expect(r.lazy.find((l) => l.name.includes('qr-camera'))!.gzip).toBeGreaterThan(50 * 1024);
  });
});
