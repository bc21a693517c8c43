import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolByTap } from '#server/testing/enrol.ts';
import { testCard } from '#server/testing/cards.ts';
import { startTestHub, type TestHub } from '#server/testing/test-hub.ts';

// The hub's clock in the past (Tuesday 10 March 2026, 10:00 UTC): everything the hub records as
// happening now happens then, whatever the machine's own clock says.
let clock = Date.parse('2026-03-10T10:00:00Z');

describe('one mall clock: presence and what reads it follow the hub clock, not the machine', () => {
  let hub: TestHub;
  let cookie: string;
  beforeAll(async () => {
    hub = await startTestHub({ k: 2, timezone: 'UTC' }, undefined, { now: () => clock });
    cookie = await hub.login();
  });
  afterAll(() => hub.stop());

  it('a till scan after a kiosk check-in reports the zone the shopper came from', async () => {
    const kiosk = await hub.socket({ token: (await hub.pair('kiosk', 'food-court', 'Food court', cookie)).token });
    const passes: string[] = [];
    for (let i = 0; i < 3; i++) passes.push((await enrolByTap(kiosk, testCard(300 + i))).passId);
    // Present on the hub's clock: counted in the mall's live numbers.
    const live = await hub.api('/api/presence', { cookie });
    expect(live.status).toBe(200);
    expect(live.body.present).toBe(3);
    expect(live.body.at).toBe(new Date(clock).toISOString());

    clock += 5 * 60_000;
    const bean = await hub.login('bean-there', 'atrium-demo');
    for (const passId of passes) {
      expect((await hub.api('/api/till/visits', { cookie: bean, body: { visitId: randomUUID(), passId } })).body).toEqual({ recorded: true, redeemed: false });
    }
    const report = await hub.api('/api/tenant/reports?from=2026-03-01&to=2026-03-31&granularity=week', { cookie: bean });
    expect(report.status).toBe(200);
    expect(report.body.summary.visits).toEqual({ value: 3, suppressed: false });
    expect(report.body.mix.priorZone).toEqual([{ key: 'food-court', visitors: { value: 3, suppressed: false } }]);
  });

  it("a till's offers and the dashboard's today are today on the hub clock", async () => {
    const dash = await hub.api('/api/dashboard', { cookie });
    expect(dash.status).toBe(200);
    expect(dash.body.checkins.day).toBe('2026-03-10');
  });
  it('a promotion preview reads its schedule, and the audit log stamps its lines, on the hub clock', async () => {
    await hub.pair('screen', 'food-court', 'Food court screen', cookie);
    // Scheduled for the hub's March only: on the machine's own clock it would not be running.
    const promotion = { title: 'March only', segments: [], minAudience: 0, zones: [], schedule: { from: '2026-03-01', to: '2026-03-20' }, priority: 10 };
    const preview = await hub.api('/api/promotions/preview', { cookie, body: { promotion } });
    expect(preview.status).toBe(200);
    expect(preview.body.screens.map((s: { reason: string }) => s.reason)).not.toContain('not scheduled now');
    expect(preview.body.showing).toBeGreaterThan(0);
    const made = await hub.api('/api/promotions', { cookie, body: promotion });
    expect(made.status).toBe(201);
    const audit = await hub.api('/api/audit/page?from=2026-03-01&to=2026-03-31&q=promotion.create', { cookie });
    expect(audit.status).toBe(200);
    expect(audit.body.rows.map((r: { at: string }) => r.at.slice(0, 10))).toContain('2026-03-10');
  });
});
