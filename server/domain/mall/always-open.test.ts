import { describe, expect, it } from 'vitest';
import { operatorHub } from '#server/testing/operator-hub.ts';
import { hoursNow } from './opening-hours.ts';

const ALL_DAY = Array.from({ length: 7 }, () => [{ open: '00:00', close: '24:00' }]);

/**
 * The demo mall keeps no settings of its own and never closes, yet the Mall tab showed 09–21
 * (Sunday 10–18), and the first save of any setting stored those invented hours: the mall then
 * closed at night. What the panel reads is what the mall keeps.
 */
describe('a mall that keeps no opening hours (the demo mall) is shown always open, and a save keeps it so', () => {
  const ctx = operatorHub();
  const api = (path: string, init: { method?: string; body?: unknown } = {}) => ctx.hub.api(path, { ...init, cookie: ctx.cookie });

  it('reads open all day, every day', async () => {
    const settings = (await api('/api/mall/settings')).body;
    expect(settings.openingHours).toEqual(ALL_DAY);
  });

  it('saving another setting as the panel does (the form sends what it read) leaves the mall open at 03:00', async () => {
    const settings = (await api('/api/mall/settings')).body;
    const saved = await api('/api/mall/settings', { method: 'PUT', body: { ...settings, k: settings.k + 1 } });
    expect(saved.status).toBe(200);
    expect(saved.body.openingHours).toEqual(ALL_DAY);
    const services = ctx.hub.services;
    // 03:00 on a Monday in the mall's time zone: the invented hours had it closed.
    const night = new Date('2026-11-30T03:00:00Z');
    const local = services.mall.clock(night).minutes;
    const at = new Date(night.getTime() - (local - 180) * 60_000);
    expect(hoursNow(services.mall, at).open).toBe(true);
  });
});
