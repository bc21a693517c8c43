import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ephemeralPort, HubProcess } from '#e2e/hub-process.ts';
import { hubClient } from '#server/testing/test-hub.ts';
import { localMoment } from './local-time.ts';

const MALL_ZONE = 'America/New_York';
/** 14 hours (13 in the northern summer) ahead of the mall: no hour of the one is the same hour of the other. */
const PROCESS_ZONE = 'Asia/Tokyo';

const hourIn = (timeZone: string) => Math.floor(localMoment(new Date(), timeZone).minute / 60);
const pad = (n: number) => String(n).padStart(2, '0');
/** A day-part covering the given local hour. */
const dayPartAt = (hour: number) => ({ start: `${pad(hour)}:00`, end: hour === 23 ? '23:59' : `${pad(hour + 1)}:00` });

describe('one mall clock: a hub process whose TZ is not the mall’s time zone', { timeout: 60_000 }, () => {
  let dataRoot: string;
  let hub: HubProcess;
  let cookie: string;
  beforeAll(async () => {
    dataRoot = await mkdtemp(join(tmpdir(), 'atrium-clock-'));
    hub = new HubProcess(await ephemeralPort(), dataRoot, { TZ: PROCESS_ZONE, ATRIUM_TIMEZONE: MALL_ZONE });
    await hub.start();
    cookie = await hub.login();
    await hubClient(hub.url).pair('screen', 'food-court', 'Food court screen', cookie);
  });
  afterAll(async () => {
    await hub?.kill();
    await rm(dataRoot, { recursive: true, force: true });
  });

  const reason = async (hour: number) => {
    const promotion = { title: 'Breakfast', segments: [], minAudience: 0, zones: [], schedule: { from: '2020-01-01', dayParts: [dayPartAt(hour)] }, priority: 10 };
    const res = await hub.api('/api/promotions/preview', cookie, { promotion });
    expect(res.status).toBe(200);
    return res.body.screens[0].reason as string;
  };

  it('plays a day-part at the mall’s hour, not at the process’s', async () => {
    expect(hourIn(MALL_ZONE)).not.toBe(hourIn(PROCESS_ZONE));
    expect(await reason(hourIn(MALL_ZONE))).not.toBe('not_scheduled');
    expect(await reason(hourIn(PROCESS_ZONE))).toBe('not_scheduled');
  });

  it('the dashboard names the mall’s hour now, for its "now" row', async () => {
    const dash = await hub.api('/api/dashboard', cookie);
    expect(dash.body.checkins.hour).toBe(hourIn(MALL_ZONE));
  });
});
