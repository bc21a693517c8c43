import { describe, expect, it } from 'vitest';
import { enrolByTap } from '#server/testing/enrol.ts';
import { testHubForBlock } from '#server/testing/operator-hub.ts';

describe('operators’ dashboard', () => {
  const hub = testHubForBlock({ k: 2, timezone: 'UTC' });

  it('counts today’s check-ins by hour and devices online', async () => {
    const kiosk = await hub().socket({ token: (await hub().pair('kiosk')).token });
    await hub().pair('screen');
    for (const card of ['4111111111111111', '5500005555555559']) {
      await enrolByTap(kiosk, card);
    }
    const cookie = await hub().login();
    const res = await hub().api('/api/dashboard', { cookie });
    expect(res.status).toBe(200);
    expect(res.body.checkins.today[new Date().getUTCHours()]).toBe(2);
    expect(res.body.checkins.today.reduce((a: number, b: number) => a + b, 0)).toBe(2);
    expect(res.body.checkins.usual).toHaveLength(24);
    expect(res.body.checkins.day).toBe(new Date().toISOString().slice(0, 10));
    expect(res.body.present).toBe(2);
    expect(res.body.kiosks).toEqual({ online: 1, offline: 0, queued: 0 });
    expect(res.body.screens).toEqual({ online: 0, offline: 1 });
  });
});
