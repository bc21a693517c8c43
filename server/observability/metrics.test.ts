import { randomUUID } from 'node:crypto';
import parsePrometheusTextFormat, { type PromFamily } from 'parse-prometheus-text-format';
import { afterEach, describe, expect, it } from 'vitest';
import { enrolBody } from '#server/testing/enrol.ts';
import { testCard } from '#server/testing/cards.ts';
import { request, startTestHub, type TestHub } from '#server/testing/test-hub.ts';

const hubs: TestHub[] = [];
afterEach(async () => {
  while (hubs.length) await hubs.pop()!.stop();
});

async function scrape(hub: TestHub, headers: Record<string, string> = {}): Promise<{ status: number; families: Map<string, PromFamily>; type: string | null; text: string }> {
  const res = await fetch(`${hub.url}/metrics`, { headers });
  const text = await res.text();
  const families = res.status === 200 ? new Map(parsePrometheusTextFormat(text).map((f) => [f.name, f])) : new Map<string, PromFamily>();
  return { status: res.status, families, type: res.headers.get('content-type'), text };
}

const value = (f: PromFamily | undefined, labels: Record<string, string> = {}) =>
  Number(f?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))?.value ?? NaN);
/**
 * A labelled histogram's `_count`, read off its sample line: the parser keeps the family (name,
 * type) but folds away the labels of histogram samples, so their counts are read from the text.
 */
function count(text: string, name: string, labels: Record<string, string>): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}_count{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

describe('/metrics', () => {
  it('serves the Prometheus text format to this machine, and its numbers move with a check-in', async () => {
    const hub = await startTestHub();
    hubs.push(hub);
    const before = await scrape(hub);
    expect(before.status).toBe(200);
    expect(before.type).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const name of ['process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'atrium_journal_bytes', 'atrium_webhook_queue', 'atrium_mail_queue', 'atrium_sockets']) {
      expect(before.families.has(name), name).toBe(true);
    }
    expect(value(before.families.get('process_resident_memory_bytes'))).toBeGreaterThan(10_000_000);
    expect(value(before.families.get('atrium_kiosks_online'))).toBe(0);

    const kiosk = await hub.pair('kiosk', 'food-court');
    const socket = await hub.socket({ token: kiosk.token });
    const tap = await request<any>(socket, 'checkin:tap', { visitId: randomUUID(), card: testCard(1) });
    const enrol = await request<any>(socket, 'shopper:enrol', enrolBody(tap.data.enrolTicket));
    expect(enrol.ok).toBe(true);
    const refused = await request<any>(socket, 'checkin:tap', { visitId: 'not-a-uuid', card: testCard(1) });
    expect(refused.ok).toBe(false);

    const after = await scrape(hub);
    expect(value(after.families.get('atrium_enrolments_total'))).toBe(1);
    expect(value(after.families.get('atrium_checkins_total'), { zone: 'food-court' })).toBe(1);
    expect(value(after.families.get('atrium_shoppers'))).toBe(1);
    expect(value(after.families.get('atrium_shoppers_present'))).toBe(1);
    expect(value(after.families.get('atrium_kiosks_online'))).toBe(1);
    expect(value(after.families.get('atrium_sockets'))).toBeGreaterThanOrEqual(1);
    const events = after.families.get('atrium_socket_event_duration_seconds');
    expect(events?.type).toBe('HISTOGRAM');
    const events_ = 'atrium_socket_event_duration_seconds';
    expect(count(after.text, events_, { event: 'checkin:tap', outcome: 'ok' })).toBe(1);
    expect(count(after.text, events_, { event: 'checkin:tap', outcome: 'refused' })).toBe(1);
    expect(count(after.text, events_, { event: 'shopper:enrol', outcome: 'ok' })).toBe(1);
    expect(after.families.get('atrium_http_request_duration_seconds')?.type).toBe('HISTOGRAM');
    expect(count(after.text, 'atrium_http_request_duration_seconds', { method: 'POST', route: '/api/devices/pair', status: '200' })).toBe(1);
  });

  it('refuses a scrape that came through a proxy, and with a token set asks for it', async () => {
    const open = await startTestHub();
    hubs.push(open);
    expect((await scrape(open, { 'x-forwarded-for': '203.0.113.9' })).status).toBe(403);

    const token = 'metrics-token-0123456789abcdef';
    const guarded = await startTestHub({ metricsToken: token });
    hubs.push(guarded);
    expect((await scrape(guarded)).status).toBe(403);
    expect((await scrape(guarded, { authorization: 'Bearer wrong-token-0123456789abcdef' })).status).toBe(403);
    const ok = await scrape(guarded, { authorization: `Bearer ${token}`, 'x-forwarded-for': '203.0.113.9' });
    expect(ok.status).toBe(200);
    expect(ok.families.has('atrium_checkins_total')).toBe(true);
  });
});
