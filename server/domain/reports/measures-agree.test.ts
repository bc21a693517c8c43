import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUMMARY_MEASURES, measureText } from '#shared/reports/summary-measures.ts';
import { enrolShopper } from '#server/testing/signage.ts';
import { startTestHub, type TestHub } from '#server/testing/test-hub.ts';

/** The summary CSV's rows (its cells hold no commas or quotes). */
const rowsOf = (csv: string) => csv.replace(/^\uFEFF/, '').trim().split('\r\n').map((line) => line.split(','));

/**
 * One definition per measure: the report page and the CSV show what the API says, on a fixture of
 * three members who are returning to the mall (their second mall visit) but new to the shop.
 */
describe('a shop report’s numbers agree: page, CSV and API', () => {
  let hub: TestHub;
  let bean: string;
  const today = new Date().toISOString().slice(0, 10);
  const query = `from=${today}&to=${today}&granularity=day`;
  // New and returning are measured for whole calendar months only (differencing.ts).
  const monthEnd = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)), 0)).toISOString().slice(0, 10);
  const monthQuery = `from=${today.slice(0, 8)}01&to=${monthEnd}&granularity=day`;
  beforeAll(async () => {
    // Visit window 0: the till scan after joining is each member's second mall visit (returning to the mall).
    hub = await startTestHub({ k: 2, timezone: 'UTC', visitWindowMinutes: 0 });
    const kiosk = await hub.socket({ token: (await hub.pair('kiosk', 'entrance')).token });
    bean = await hub.login('bean-there', 'atrium-demo');
    const offer = (await hub.api('/api/till/offers', { cookie: bean })).body[0].id as string;
    for (let i = 0; i < 3; i++) {
      const joined = await enrolShopper(kiosk, { interests: ['coffee'] });
      const scan = await hub.api('/api/till/visits', { cookie: bean, body: { visitId: randomUUID(), passId: joined.data!.passId, ...(i === 0 ? { promotionId: offer } : {}) } });
      expect(scan.body.recorded).toBe(true);
    }
  });
  afterAll(() => hub.stop());

  it('the summary CSV says what the API says, row by row, and never NaN', async () => {
    const report = (await hub.api(`/api/tenant/reports?${query}`, { cookie: bean })).body;
    const csv = await hub.api(`/api/tenant/reports.csv?${query}&table=summary`, { cookie: bean });
    expect(csv.status).toBe(200);
    expect(String(csv.body)).not.toContain('NaN');
    const rows = rowsOf(String(csv.body));
    expect(rows.slice(1).map((r) => r[0])).toEqual(SUMMARY_MEASURES.map((m) => m.label));
    for (const [i, m] of SUMMARY_MEASURES.entries()) {
      expect(rows[i + 1][1], m.label).toBe(measureText(report.summary, m.key, report.k));
      expect(rows[i + 1][2], `${m.label}, previous`).toBe(measureText(report.previous.summary, m.key, report.k));
    }
    // No visitors in the previous period: no rate to give.
    expect(report.previous.summary.repeatRate).toBeNull();
  });

  it('"returning" means one thing: the segment table does not call mall-returning shoppers returning here', async () => {
    const report = (await hub.api(`/api/tenant/reports?${monthQuery}`, { cookie: bean })).body;
    expect(report.summary.returningVisitors).toEqual({ value: 0, suppressed: false });
    expect(report.summary.newVisitors).toEqual({ value: 3, suppressed: false });
    const keys = report.mix.segment.map((s: { key: string }) => s.key);
    for (const behaviour of ['new', 'returning', 'frequent', 'lapsed']) expect(keys).not.toContain(behaviour);
    expect(keys).toContain('interest:coffee');
  });

  it('the shop’s own till redemptions are counted, not hidden below K: the till saw each one', async () => {
    const report = (await hub.api(`/api/tenant/reports?${query}`, { cookie: bean })).body;
    const redeemed = report.promotions.find((p: { redemptions: { value: number } }) => p.redemptions.value !== 0);
    expect(redeemed?.redemptions).toEqual({ value: 1, suppressed: false });
  });
});
