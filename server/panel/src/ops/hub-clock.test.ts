import { describe, expect, it } from 'vitest';
import { ago } from './ago.ts';
import { HubClock } from './hub-clock.svelte.ts';

/** A browser clock the test moves by hand. */
function browser(start: number) {
  const c = { t: start, now: () => c.t };
  return c;
}

describe('HubClock', () => {
  it('is the browser clock until the hub is heard from', () => {
    const b = browser(1_000_000);
    const clock = new HubClock(b.now);
    expect(clock.now).toBe(1_000_000);
    b.t += 5_000;
    expect(clock.now).toBe(1_005_000);
  });

  it('follows the hub when the browser clock is behind or ahead, and carries on with the browser clock', () => {
    const b = browser(Date.parse('2026-03-14T10:00:00.000Z'));
    const clock = new HubClock(b.now);
    // The hub's clock is two minutes ahead of this browser's.
    clock.heard('2026-03-14T10:02:00.000Z');
    expect(clock.offsetMs).toBe(120_000);
    expect(new Date(clock.now).toISOString()).toBe('2026-03-14T10:02:00.000Z');
    b.t += 7_000;
    expect(new Date(clock.now).toISOString()).toBe('2026-03-14T10:02:07.000Z');
    // Later the hub is behind (the browser's clock was set forward): the latest message wins.
    b.t = Date.parse('2026-03-14T10:30:00.000Z');
    clock.heard('2026-03-14T10:25:00.000Z');
    expect(clock.offsetMs).toBe(-300_000);
    expect(new Date(clock.now).toISOString()).toBe('2026-03-14T10:25:00.000Z');
  });

  it('gives true "ago" labels for times the hub stamped, whatever the browser clock says', () => {
    const b = browser(Date.parse('2026-03-14T09:00:00.000Z'));
    const clock = new HubClock(b.now);
    clock.heard('2026-03-14T10:00:20.000Z');
    const lastSeen = '2026-03-14T10:00:00.000Z';
    expect(ago(lastSeen, clock.now)).toBe('20 s ago');
    b.t += 40_000;
    expect(ago(lastSeen, clock.now)).toBe('60 s ago');
  });

  it('ignores a stamp it cannot read', () => {
    const b = browser(1_000_000);
    const clock = new HubClock(b.now);
    clock.heard('2026-03-14T10:00:00.000Z');
    const offset = clock.offsetMs;
    clock.heard('not a time');
    expect(clock.offsetMs).toBe(offset);
  });
});
