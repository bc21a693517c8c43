import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEARTBEAT_MS, MISSED_HEARTBEATS } from '#shared/signage-limits.ts';
import { Partition } from '#server/storage/partition.ts';
import type { SignageRecord } from '#server/storage/records.ts';
import { ScreenHealth } from './screen-health.ts';

describe('screen health', () => {
  let dir: string;
  let store: Partition<SignageRecord>;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'atrium-health-'));
    store = await Partition.open<SignageRecord>(join(dir, 'signage.json'), () => ({ promotions: [], segments: [], screens: {} }), { fsync: false });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const beat = { uptimeMs: 1, heapUsedBytes: null, currentItem: null, lastPaintAt: null, appVersion: 't' };

  it('a screen is offline after missed heartbeats, online again with the next one', () => {
    let now = 1_000_000;
    const health = new ScreenHealth(store, () => now);
    expect(health.isOnline('s')).toBe(false);
    health.heartbeat('s', beat);
    now += HEARTBEAT_MS * MISSED_HEARTBEATS - 1;
    expect(health.isOnline('s')).toBe(true);
    now += 1;
    expect(health.isOnline('s')).toBe(false);
    health.heartbeat('s', beat);
    expect(health.isOnline('s')).toBe(true);
  });

  it('latency runs from the change to the render report, only for the playlist that was delivered', async () => {
    let now = Date.parse('2026-11-23T12:00:00.300Z');
    const health = new ScreenHealth(store, () => now);
    health.delivered(['s'], { version: 3, hash: 'abc', changedAt: '2026-11-23T12:00:00.000Z', items: [] as never });
    now += 100;
    const d = await health.rendered('s', { version: 3, hash: 'abc', renderedAt: '2026-11-23T12:00:00.390Z' });
    expect(d.rendered).toMatchObject({ hash: 'abc', latencyMs: 400 });
    const stale = await health.rendered('s', { version: 2, hash: 'old', renderedAt: '2026-11-23T12:00:00.390Z' });
    expect(stale.rendered?.latencyMs).toBeNull();
    await store.flush();
  });
});
