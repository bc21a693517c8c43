import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DomainBus } from '../domain/core/bus.ts';

/** Readings taken at scrape time from the running hub; each defaults to 0 until it is given. */
export interface MetricsSources {
  screensOnline: () => number;
  kiosksOnline: () => number;
  /** Everyone present, consenting to analytics or not: an operational figure, never shown to shops. */
  present: () => number;
  shoppers: () => number;
  sockets: () => number;
  /** Bytes journaled since the last checkpoint: what a crash now would replay. */
  journalBytes: () => number;
  webhookQueue: () => number;
  mailQueue: () => number;
  /** When the last scheduled backup finished, in Unix seconds; 0 before the first. */
  lastBackup: () => number;
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Latency buckets in seconds, from a fast check-in ack (~1 ms) to a slow report (~1 s). */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/**
 * The hub's Prometheus metrics (prom-client), one registry per hub so several hubs in one process
 * (tests) do not mix. Counters follow the domain bus; gauges read `MetricsSources` when scraped;
 * Node's own metrics (event-loop lag, memory, GC, handles) come from prom-client's defaults.
 */
export class HubMetrics {
  readonly registry = new Registry();
  readonly #sources: Partial<MetricsSources> = {};
  readonly #socketEvents: Histogram<'event' | 'outcome'>;
  readonly #http: Histogram<'method' | 'route' | 'status'>;
  /** Stops following the bus. */
  readonly stop: () => void;

  constructor(bus: DomainBus) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    const checkins = new Counter({ name: 'atrium_checkins_total', help: 'Check-ins recorded, by zone.', labelNames: ['zone'], registers });
    const enrolments = new Counter({ name: 'atrium_enrolments_total', help: 'Shoppers enrolled.', registers });
    const redemptions = new Counter({ name: 'atrium_redemptions_total', help: 'Promotions redeemed at tills.', registers });
    // By zone, not by touchpoint: zones are a short list, touchpoints one per device and till.
    const onVisit = (e: { zoneId: string }) => checkins.inc({ zone: e.zoneId });
    const onEnrolled = () => enrolments.inc();
    const onRedeemed = () => redemptions.inc();
    bus.on('visit.checked_in', onVisit);
    bus.on('shopper.enrolled', onEnrolled);
    bus.on('promotion.redeemed', onRedeemed);
    this.stop = () => {
      bus.off('visit.checked_in', onVisit);
      bus.off('shopper.enrolled', onEnrolled);
      bus.off('promotion.redeemed', onRedeemed);
    };
    this.#socketEvents = new Histogram({
      name: 'atrium_socket_event_duration_seconds',
      help: 'From a socket event arriving to its acknowledgement, by event and outcome (ok or refused); a check-in ack is checkin:tap / checkin:pass.',
      labelNames: ['event', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.#http = new Histogram({
      name: 'atrium_http_request_duration_seconds',
      help: 'HTTP requests by method, route pattern (never the URL: a pass page URL is a secret) and status.',
      labelNames: ['method', 'route', 'status'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    const sources = this.#sources;
    for (const [name, help, read] of [
      ['atrium_screens_online', 'Paired screens connected with fresh heartbeats.', 'screensOnline'],
      ['atrium_kiosks_online', 'Paired kiosks connected.', 'kiosksOnline'],
      ['atrium_shoppers_present', 'Shoppers present now (all, not only those counted in segments).', 'present'],
      ['atrium_shoppers', 'Shoppers enrolled.', 'shoppers'],
      ['atrium_sockets', 'Socket.io connections open.', 'sockets'],
      ['atrium_journal_bytes', 'Bytes journaled since the last checkpoint.', 'journalBytes'],
      ['atrium_webhook_queue', 'Webhook deliveries waiting for a retry.', 'webhookQueue'],
      ['atrium_mail_queue', 'Offer emails waiting for a retry.', 'mailQueue'],
      ['atrium_backup_last_success_timestamp_seconds', 'When the last scheduled backup finished (Unix seconds); 0 before the first.', 'lastBackup'],
    ] as const) {
      new Gauge({
        name,
        help,
        registers,
        collect() {
          this.set(sources[read]?.() ?? 0);
        },
      });
    }
  }

  /** Gives (or replaces) the readings behind the gauges. */
  read(sources: Partial<MetricsSources>): void {
    Object.assign(this.#sources, sources);
  }

  /** A socket event was answered after `seconds`; `ok` false when it was refused. */
  socketEvent(event: string, seconds: number, ok: boolean): void {
    this.#socketEvents.observe({ event, outcome: ok ? 'ok' : 'refused' }, seconds);
  }

  /** An HTTP request finished; `route` is the route's pattern ('static' for files). */
  httpRequest(method: string, route: string, status: number, seconds: number): void {
    // A client may send any method name; only the ones routes use become labels.
    const m = METHODS.has(method) ? method : 'OTHER';
    this.#http.observe({ method: m, route, status: String(status) }, seconds);
  }

  /** The Prometheus text exposition (format 0.0.4) and its content type. */
  async render(): Promise<{ contentType: string; text: string }> {
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }
}
