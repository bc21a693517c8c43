import { beforeEach, describe, expect, it } from 'vitest';
import { DomainBus } from '../core/bus.ts';
import { Presence } from './presence.ts';

const MIN = 60_000;
const WINDOW = 120 * MIN;
const ALL = ['all'] as const;

describe('Presence', () => {
  let now: number;
  let bus: DomainBus;
  let changes: number;
  let presence: Presence;

  beforeEach(() => {
    now = Date.UTC(2026, 4, 1, 12, 0);
    bus = new DomainBus();
    changes = 0;
    bus.on('presence.changed', () => changes++);
    presence = new Presence(WINDOW, bus, () => now);
  });

  const mall = (key = 'all') => presence.counts().mall.get(key) ?? 0;
  const zone = (zoneId: string, key = 'all') => presence.counts().zones.get(zoneId)?.get(key) ?? 0;
  /** Every count there is, mall-wide and per zone: none may ever be below zero. */
  const allCounts = () => [...presence.counts().mall.values(), ...[...presence.counts().zones.values()].flatMap((z) => [...z.values()])];

  it('counts a shopper from arrival until the window ends', () => {
    expect(presence.arrive('s1', 'food-court', now, ALL)).toBe(true);
    expect(presence.isHere('s1')).toBe(true);
    expect(presence.size).toBe(1);
    expect(mall()).toBe(1);
    expect(zone('food-court')).toBe(1);
    expect(changes).toBe(1);

    now += WINDOW - 1;
    presence.expire();
    expect(mall()).toBe(1);

    now += 1;
    presence.expire();
    expect(presence.isHere('s1')).toBe(false);
    expect(mall()).toBe(0);
    expect(zone('food-court')).toBe(0);
    expect(changes).toBe(2);
  });

  it('keeps counts per key and per zone', () => {
    presence.arrive('a', 'food-court', now, ['all', 'new']);
    presence.arrive('b', 'food-court', now, ['all']);
    presence.arrive('c', 'fashion', now, ['all', 'new']);
    presence.arrive('d', 'fashion', now, []); // no analytics consent: here, but not counted
    expect(presence.size).toBe(4);
    expect(mall()).toBe(3);
    expect(mall('new')).toBe(2);
    expect(zone('food-court')).toBe(2);
    expect(zone('food-court', 'new')).toBe(1);
    expect(zone('fashion')).toBe(1);
    expect(zone('fashion', 'new')).toBe(1);
  });

  it('a new check-in moves the shopper to the new zone and extends the stay', () => {
    presence.arrive('s1', 'entrance', now, ALL);
    now += 60 * MIN;
    presence.arrive('s1', 'tech', now, ALL);
    expect(presence.size).toBe(1);
    expect(zone('entrance')).toBe(0);
    expect(zone('tech')).toBe(1);
    expect(mall()).toBe(1);
    now += WINDOW - 1; // past the first check-in's window, inside the second's
    presence.expire();
    expect(mall()).toBe(1);
    now += 1;
    presence.expire();
    expect(mall()).toBe(0);
  });

  it('update moves a present shopper between keys and keeps the stay', () => {
    presence.arrive('s1', 'entrance', now, ['all', 'new']);
    presence.update('s1', []); // withdrew analytics consent
    expect(presence.isHere('s1')).toBe(true);
    expect(mall()).toBe(0);
    expect(mall('new')).toBe(0);
    presence.update('s1', ['all']);
    expect(mall()).toBe(1);
    expect(zone('entrance')).toBe(1);
    const before = changes;
    presence.update('nobody', ['all']);
    expect(changes).toBe(before);
    expect(mall()).toBe(1);
  });

  it('leave removes a shopper at once, and twice does no harm', () => {
    presence.arrive('s1', 'entrance', now, ALL);
    presence.arrive('s2', 'entrance', now, ALL);
    presence.leave('s1');
    presence.leave('s1');
    presence.leave('never-here');
    expect(mall()).toBe(1);
    expect(zone('entrance')).toBe(1);
    expect(presence.isHere('s1')).toBe(false);
  });

  it('ignores a check-in already outside the window', () => {
    expect(presence.arrive('s1', 'entrance', now - WINDOW, ALL)).toBe(false);
    expect(presence.arrive('s1', 'entrance', now - WINDOW - MIN, ALL)).toBe(false);
    expect(presence.size).toBe(0);
    expect(changes).toBe(0);
  });

  it('an older replayed check-in does not shorten a newer stay', () => {
    presence.arrive('s1', 'tech', now, ALL);
    expect(presence.arrive('s1', 'entrance', now - 30 * MIN, ALL)).toBe(false);
    expect(zone('tech')).toBe(1);
    expect(zone('entrance')).toBe(0);
    now += WINDOW - 10 * MIN;
    presence.expire();
    expect(mall()).toBe(1);
  });

  it('expires a replayed (out-of-order) arrival on time, even after an earlier sweep', () => {
    presence.arrive('fresh', 'entrance', now, ALL); // until now + 120 min
    presence.arrive('replayed', 'tech', now - 90 * MIN, ALL); // from an offline queue: until now + 30 min
    expect(mall()).toBe(2);

    now += 10 * MIN;
    presence.expire(); // nothing is due yet
    expect(mall()).toBe(2);

    now += 20 * MIN; // the replayed stay has ended, the fresh one has not
    presence.expire();
    expect(presence.isHere('replayed')).toBe(false);
    expect(zone('tech')).toBe(0);
    expect(presence.isHere('fresh')).toBe(true);
    expect(mall()).toBe(1);
  });

  it('expires several interleaved replays in the right order over many sweeps', () => {
    const stays = new Map<string, number>(); // shopper → minutes before now of their check-in
    for (let i = 0; i < 40; i++) {
      const ago = (i * 37) % 110; // shuffled arrival times within the window
      stays.set(`s${i}`, ago);
      presence.arrive(`s${i}`, i % 2 ? 'tech' : 'entrance', now - ago * MIN, ALL);
    }
    const start = now;
    for (let minute = 1; minute <= 130; minute++) {
      now = start + minute * MIN;
      presence.expire();
      const expected = [...stays.values()].filter((ago) => start - ago * MIN + WINDOW > now).length;
      expect(mall(), `after ${minute} min`).toBe(expected);
      expect(presence.size).toBe(expected);
      expect(zone('tech') + zone('entrance')).toBe(expected);
    }
    expect(presence.size).toBe(0);
  });

  it('never lets a count fall below zero', () => {
    presence.arrive('s1', 'entrance', now, ['all', 'new']);
    presence.update('s1', ['all']);
    presence.leave('s1');
    presence.leave('s1');
    presence.update('s1', ['all', 'new']);
    presence.arrive('s2', 'fashion', now - 100 * MIN, ['all']);
    now += 30 * MIN;
    presence.expire();
    presence.expire();
    presence.leave('s2');
    for (const n of allCounts()) expect(n).toBeGreaterThan(0);
    expect(mall()).toBe(0);
    expect(mall('new')).toBe(0);
    expect(presence.size).toBe(0);
  });

  it('a sweep with nothing to expire announces nothing', () => {
    presence.arrive('s1', 'entrance', now, ALL);
    const before = changes;
    presence.expire();
    now += 5 * MIN;
    presence.expire();
    expect(changes).toBe(before);
  });
});
