import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCard } from '#server/testing/cards.ts';
import { enrolByTap } from '#server/testing/enrol.ts';
import { snapshotFiles } from '#server/testing/files.ts';
import { request, startTestHub, type ClientSocket, type TestHub } from '#server/testing/test-hub.ts';
import { localMoment } from '../mall/local-time.ts';
import { localDay, monthsBack } from './schedule.ts';

const TZ = 'Europe/Warsaw';
const REAL = Date.now();
/** When the lapsed shoppers joined and last came: 26 months before the run. */
const LONG_AGO = monthsBack(new Date(REAL), 26).getTime();
/** When the current shoppers came last: a month before the run. */
const LAST_MONTH = monthsBack(new Date(REAL), 1).getTime();

interface Joined {
  passId: string;
  firstName: string;
  email: string;
  phone: string;
  cardTokens: string[];
}

describe('retention: a daily run on the hub clock keeps only what the mall may keep', { timeout: 60_000 }, () => {
  let hub: TestHub;
  let clock = LONG_AGO;
  let operator: string;
  let bean: string;
  let kiosk: ClientSocket;
  const lapsed: Joined[] = [];
  let cora: Joined;
  let bruno: Joined;
  const oldDay = localMoment(new Date(LONG_AGO), TZ).day;
  const oldIso = new Date(oldDay * 86_400_000).toISOString().slice(0, 10);
  // The audit list is by UTC date; a retention run is for the mall's local day (Warsaw's runs
  // ahead of UTC from 23:00 in winter, when this test once failed).
  const today = new Date(REAL).toISOString().slice(0, 10);
  const localToday = localDay(new Date(REAL), TZ);

  const join = async (n: number, firstName: string): Promise<Joined> => {
    const email = `${firstName.toLowerCase()}@example.org`;
    // Written as stored (E.164), so the check for it left on disk below can find it.
    const phone = `+48600100${String(100 + n)}`;
    const { passId } = await enrolByTap(kiosk, testCard(n), { firstName, email, phone, consents: { marketing_email: true, marketing_sms: true } });
    return { passId, firstName, email, phone, cardTokens: [...hub.store.shoppers.get(passId)!.cardTokens] };
  };
  const tillVisit = async (passId: string) => {
    const res = await hub.api('/api/till/visits', { cookie: bean, body: { visitId: randomUUID(), passId } });
    expect(res.body).toEqual({ recorded: true, redeemed: false });
  };
  const oldReport = async () => {
    const res = await hub.api(`/api/tenant/reports?from=${oldIso}&to=${oldIso}&granularity=day`, { cookie: bean });
    expect(res.status).toBe(200);
    return res.body.summary;
  };

  beforeAll(async () => {
    hub = await startTestHub({ k: 2, timezone: TZ, testOnlyAllowLoopbackOutbound: true }, undefined, { now: () => clock });
    operator = await hub.login();
    bean = await hub.login('bean-there', 'atrium-demo');
    kiosk = await hub.socket({ token: (await hub.pair('kiosk', 'entrance', undefined, operator)).token });
    // 26 months ago: three shoppers join, visit the café and never come back; Cora does the same but returns.
    for (const [i, name] of ['Ludwika', 'Leopold', 'Lucyna'].entries()) lapsed.push(await join(i + 1, name));
    cora = await join(10, 'Cora');
    for (const s of [...lapsed, cora]) await tillVisit(s.passId);
    // Last month: Bruno joins, Cora taps her card again.
    clock = LAST_MONTH;
    bruno = await join(20, 'Bruno');
    const back = await request<{ ok: boolean; data: { status: string } }>(kiosk, 'checkin:tap', { visitId: randomUUID(), card: testCard(10) });
    expect(back.data.status).toBe('welcome');
    clock = REAL;
  });
  afterAll(() => hub.stop());

  it('erases the lapsed shoppers from every file, keeps the recent ones, and reports still count the visits', async () => {
    const footfallBefore = await hub.services.footfall.hourly(oldDay);
    const reportBefore = await oldReport();
    expect(footfallBefore.reduce((a, b) => a + b, 0)).toBe(4);
    expect(reportBefore.visits).toEqual({ value: 4, suppressed: false });

    const run = await hub.services.retention.run();
    // Cora's two old rows (her joining visit and the café) lose her; the lapsed shoppers' rows went with their erasure.
    expect(run).toMatchObject({ shoppersErased: 3, visitsFolded: 2 });

    await hub.store.flush();
    const files = await snapshotFiles(hub.dataRoot);
    expect(Object.keys(files).length).toBeGreaterThan(10);
    for (const s of lapsed) {
      for (const [file, text] of Object.entries(files)) {
        for (const personal of [s.firstName, s.email, s.phone, s.passId, ...s.cardTokens]) expect(text, `${file} holds ${personal}`).not.toContain(personal);
      }
      expect((await hub.api(`/api/shoppers/${s.passId}`, { cookie: operator })).status).toBe(404);
    }
    // The recent shoppers stay, as they were.
    for (const s of [cora, bruno]) {
      const record = await hub.api(`/api/shoppers/${s.passId}`, { cookie: operator });
      expect(record.body.pass).toMatchObject({ passId: s.passId, firstName: s.firstName, email: s.email });
    }
    // Cora's visits beyond the reporting horizon are no longer hers.
    const coraVisits = await hub.services.shoppers.visitsOf(cora.passId);
    expect(coraVisits.map((v) => v.at)).toEqual([new Date(LAST_MONTH).toISOString()]);

    // The same totals for the old day, now from anonymous rows.
    expect(await hub.services.footfall.hourly(oldDay)).toEqual(footfallBefore);
    const reportAfter = await oldReport();
    expect(reportAfter.visits).toEqual(reportBefore.visits);
    expect(reportAfter.uniqueVisitors).toEqual(reportBefore.uniqueVisitors);

    // Audited with counts only, and shown to the operator.
    const audit = (await hub.api(`/api/audit?from=${today}&to=${today}&action=retention.run`, { cookie: operator })).body;
    expect(audit).toEqual([
      // The audit lines of the set-up 26 months ago (sign-ins, the kiosk's pairing) are stamped
      // on the hub clock then, so they are past the audit period too.
      expect.objectContaining({ actor: 'hub:retention', target: '3 shoppers erased, 2 visits folded, 4 feedback answers and loyalty rows dropped, 3 audit entries dropped, 0 deliveries dropped' }),
    ]);
    const view = (await hub.api('/api/retention', { cookie: operator })).body;
    expect(view.lastRun).toMatchObject({ shoppersErased: 3, visitsFolded: 2, day: localToday });
  });

  it('is idempotent: a second run finds nothing more to do and changes no shopper or visit file', async () => {
    await hub.store.flush();
    const before = await snapshotFiles(hub.dataRoot);
    const again = await hub.services.retention.run();
    expect(again).toMatchObject({ shoppersErased: 0, visitsFolded: 0, loyaltyRowsDropped: 0, auditEntriesDropped: 0, deliveriesDropped: 0 });
    await hub.store.flush();
    const after = await snapshotFiles(hub.dataRoot);
    const kept = (files: Record<string, string>) => Object.fromEntries(Object.entries(files).filter(([f]) => /\/(shoppers|consents|visits|storevisits)\//.test(f)));
    expect(kept(after)).toEqual(kept(before));
  });

  it('leaves a lapsed shopper who checks in while the run comes to them', async () => {
    clock = LONG_AGO;
    const lotta = await join(30, 'Lotta');
    const lars = await join(31, 'Lars');
    clock = REAL;
    const cutoff = monthsBack(new Date(REAL), 24).getTime();
    const entrance = { id: 'kiosk-at-the-door', zoneId: 'entrance' };
    // Lotta's check-in is under way when the run reaches her: it waits, then finds her seen today.
    const checkIn = hub.services.shoppers.checkIn(lotta.passId, randomUUID(), undefined, entrance);
    expect(await hub.services.shoppers.eraseIfLapsed(lotta.passId, cutoff)).toBe(false);
    expect((await checkIn).status).toBe('welcome');
    expect(hub.store.shoppers.get(lotta.passId)?.firstName).toBe('Lotta');
    expect(await hub.services.shoppers.eraseIfLapsed(lars.passId, cutoff)).toBe(true);
    expect(hub.store.shoppers.get(lars.passId)).toBeUndefined();
  });

  it('trims the audit log and finished deliveries to their own periods', async () => {
    const receiver: Server = createServer((_req, res) => res.writeHead(204).end());
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const hook = await hub.services.webhooks.create({ url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, events: ['visit.checked_in'] });
      expect((await hub.services.webhooks.ping(hook.id)).status).toBe('delivered');
    } finally {
      receiver.close();
    }
    await hub.services.mailer.note('welcome', true);
    const put = await hub.api('/api/retention', { cookie: operator, method: 'PUT', body: { shopperMonths: 120, visitMonths: 120, auditMonths: 6, deliveryDays: 30 } });
    expect(put.status).toBe(200);
    // Seven months on: today's audit entries and mail outcomes are past their periods; shoppers and visits are not.
    const later = monthsBack(new Date(REAL), -7);
    const run = await hub.services.retention.run(later);
    expect(run.shoppersErased).toBe(0);
    expect(run.auditEntriesDropped).toBeGreaterThan(0);
    // The webhook's test delivery and the mail log's one outcome.
    expect(run.deliveriesDropped).toBe(2);
    expect(hub.services.mailer.log).toEqual([]);
    const audit = await hub.services.audit.find({ from: today, to: today });
    // Only the run that trimmed the day is left of it.
    expect(audit.map((e) => e.action)).toEqual(['retention.run']);
    expect(hub.store.shoppers.get(bruno.passId)).toBeDefined();
  });
});
