import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DailyLog } from '#server/storage/daily-log.ts';
import type { VisitRecord } from '#server/storage/records.ts';
import { CheckinsToday } from './checkins-today.ts';
import { Footfall } from './footfall.ts';

const ZONE = 'Europe/Warsaw';
const visit = (id: string, at: string): VisitRecord => ({ id, at, shopperId: 's', zoneId: 'entrance', touchpoint: 'k1' });
const hoursWith = (counts: Record<number, number>) => Array.from({ length: 24 }, (_, h) => counts[h] ?? 0);

describe('today’s check-ins by hour, kept as visits are recorded', () => {
  let dir: string;
  let visits: DailyLog<VisitRecord>;
  let now: Date;
  let today: CheckinsToday;
  /** Records a visit as the hub does: stored first, then announced. */
  const record = async (v: VisitRecord) => {
    expect(await visits.append(v)).toBe(true);
    today.recorded(v.id, v.at);
  };
  const counts = async () => {
    await expect.poll(() => today.current()).not.toBeNull();
    return today.current()!;
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'atrium-checkins-'));
    visits = await DailyLog.open<VisitRecord>(dir, { fsync: false });
    // 10:30 in Warsaw (UTC+1 in March): local hours are one ahead of UTC ones.
    now = new Date('2026-03-14T09:30:00.000Z');
    today = new CheckinsToday(new Footfall(visits, ZONE), ZONE, () => now);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('reads what is stored on first use, in the mall’s local hours, then counts each new visit', async () => {
    // 00:30 local on the 14th is still the 13th in UTC: it belongs to today all the same.
    await visits.append(visit('a', '2026-03-13T23:30:00.000Z'));
    await visits.append(visit('b', '2026-03-14T08:05:00.000Z'));
    await visits.append(visit('c', '2026-03-13T22:59:00.000Z')); // 23:59 local on the 13th: yesterday
    expect(today.current()).toBeNull();
    expect(await counts()).toEqual({ day: '2026-03-14', hours: hoursWith({ 0: 1, 9: 1 }), hour: 10 });

    await record(visit('d', '2026-03-14T09:29:00.000Z'));
    await record(visit('e', '2026-03-14T09:29:30.000Z'));
    expect(today.current()).toEqual({ day: '2026-03-14', hours: hoursWith({ 0: 1, 9: 1, 10: 2 }), hour: 10 });
  });

  it('counts a visit once when its event comes after the read already found it on disk', async () => {
    await visits.append(visit('a', '2026-03-14T09:00:00.000Z'));
    expect((await counts()).hours[10]).toBe(1);
    // The event of the visit the read already counted (it was stored, its event still to come).
    today.recorded('a', '2026-03-14T09:00:00.000Z');
    expect(today.current()!.hours[10]).toBe(1);
    await record(visit('b', '2026-03-14T09:10:00.000Z'));
    expect(today.current()!.hours[10]).toBe(2);
  });

  it('applies events heard while the day is being read, once each', async () => {
    await visits.append(visit('a', '2026-03-14T09:00:00.000Z'));
    expect(today.current()).toBeNull(); // the read has started
    today.recorded('a', '2026-03-14T09:00:00.000Z'); // stored before the read: counted by it
    await record(visit('b', '2026-03-14T09:01:00.000Z')); // stored during or after the read
    expect((await counts()).hours[10]).toBe(2);
  });

  it('leaves out visits stamped on an earlier day (an offline kiosk’s queue), and starts again each new day', async () => {
    await counts();
    await record(visit('old', '2026-03-13T15:00:00.000Z'));
    await record(visit('late', '2026-03-14T22:30:00.000Z')); // 23:30 local
    expect(today.current()!.hours).toEqual(hoursWith({ 23: 1 }));

    now = new Date('2026-03-14T23:10:00.000Z'); // 00:10 local on the 15th
    expect(today.current()).toBeNull();
    expect(await counts()).toEqual({ day: '2026-03-15', hours: hoursWith({}), hour: 0 });
    await record(visit('next', '2026-03-14T23:15:00.000Z'));
    expect(today.current()!.hours).toEqual(hoursWith({ 0: 1 }));
  });

  it('reads the day again in the new local hours when the mall’s time zone changes (read live)', async () => {
    let zone = ZONE;
    const live = new CheckinsToday(new Footfall(visits, () => zone), () => zone, () => now);
    await visits.append(visit('a', '2026-03-14T08:05:00.000Z'));
    await expect.poll(() => live.current()).not.toBeNull();
    expect(live.current()).toEqual({ day: '2026-03-14', hours: hoursWith({ 9: 1 }), hour: 10 });
    zone = 'Europe/London'; // UTC+0 in March: the same visit is at 08:05 local, and it is 09:30 now
    expect(live.current()).toBeNull();
    await expect.poll(() => live.current()).not.toBeNull();
    expect(live.current()).toEqual({ day: '2026-03-14', hours: hoursWith({ 8: 1 }), hour: 9 });
  });
});
