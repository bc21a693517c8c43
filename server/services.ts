import { visitWindowMs, type HubConfig } from './config.ts';
import { Accounts } from './domain/accounts/accounts.ts';
import { ApiTokens } from './domain/shops/api-tokens.ts';
import { Audit } from './domain/accounts/audit.ts';
import { CheckinsToday } from './domain/presence/checkins-today.ts';
import { Footfall } from './domain/presence/footfall.ts';
import { Mailer } from './domain/integrations/mailer.ts';
import { mailBrandOf } from './domain/integrations/mail/brand.ts';
import { toMallSettings } from './domain/mall/wire.ts';
import { Offers } from './domain/signage/offers.ts';
import { feedOfferMail, OfferMail } from './domain/integrations/offer-mail.ts';
import { OfferMailRecord, SmsRecord } from './storage/records.ts';
import { Sms } from './domain/integrations/sms/sms.ts';
import { onJoinVisit } from './domain/integrations/join-visit.ts';
import { NextPlaces } from './domain/reports/next-place.ts';
import { ZoneFlows } from './domain/reports/zone-flow.ts';
import { feedSms, smsTextOf } from './domain/integrations/sms/sms-feed.ts';
import { Partition } from './storage/partition.ts';
import { join } from 'node:path';
import { feedWebhooks } from './domain/integrations/webhook-feed.ts';
import { Webhooks } from './domain/integrations/webhooks.ts';
import { Reports } from './domain/reports/reports.ts';
import { StoreVisits } from './domain/shops/store-visits.ts';
import { Redemptions } from './domain/shops/redemptions.ts';
import { playsOf } from './domain/reports/plays.ts';
import { Till } from './domain/shops/till.ts';
import { DomainBus } from './domain/core/bus.ts';
import { Devices } from './domain/devices/devices.ts';
import { KioskHealth } from './domain/devices/kiosk-health.ts';
import { Mall } from './domain/mall/mall.ts';
import { toBrand } from './domain/mall/wire.ts';
import { Playlists } from './domain/signage/playlists.ts';
import { ScreenGroups } from './domain/signage/screen-groups.ts';
import { assertOpen, hoursNow } from './domain/mall/opening-hours.ts';
import type { MallHoursNow } from '#shared/schemas/devices.ts';
import { OfflineSeal } from './domain/enrolment/offline-seal.ts';
import { Presence } from './domain/presence/presence.ts';
import { ProofOfPlay } from './domain/signage/proof-of-play.ts';
import { PlayReports } from './domain/signage/play-report.ts';
import { Promotions } from './domain/signage/promotions.ts';
import { ScreenHealth } from './domain/signage/screen-health.ts';
import { followConsent, segmentKeys } from './domain/presence/segments.ts';
import { Shoppers } from './domain/enrolment/shoppers.ts';
import { Retention } from './domain/retention/retention.ts';
import type { CustomSegment } from '#shared/schemas/segments.ts';
import type { MallStore } from './storage/mall-store.ts';
import { HubMetrics } from './observability/metrics.ts';
import { servedBuild } from './build-info.ts';
import { Backups } from './domain/backup/backups.ts';
import { MediaLibrary } from './domain/media/library.ts';
import { MediaLibraryRecord } from './storage/records.ts';
import { mallDir } from './config.ts';
import { resolve } from 'node:path';
import type { ShopperRecord } from './storage/records.ts';
import { LANGUAGES } from '#shared/constants.ts';
import { isScheduled } from './domain/signage/ranking.ts';
import type { Language } from '#shared/schemas/shoppers.ts';
import { CONSENT_TEXT_VERSION } from '#shared/consent-texts.ts';
import { Rewards } from './domain/rewards/rewards.ts';
import { Feedback } from './domain/rewards/feedback.ts';
import { recoverFromVisits, type FollowedVisit } from './domain/rewards/applied-visits.ts';
import { FeedbackMail } from './domain/integrations/feedback-mail.ts';
import { localMoment } from './domain/mall/local-time.ts';
import { rewardLine } from '#shared/rewards-text.ts';
import { translator } from '#shared/i18n/index.ts';

/** The domain modules of one hub, wired to its storage. Transport gets this and nothing lower. */
export interface Services {
  /** The hub's clock (epoch ms): what happens now happens at this time (ServiceOptions.now). */
  now: () => number;
  config: HubConfig;
  bus: DomainBus;
  mall: Mall;
  accounts: Accounts;
  devices: Devices;
  presence: Presence;
  shoppers: Shoppers;
  /** Opens card taps a kiosk sealed while offline. */
  offlineSeal: OfflineSeal;
  apiTokens: ApiTokens;
  till: Till;
  reports: Reports;
  webhooks: Webhooks;
  audit: Audit;
  mailer: Mailer;
  offers: Offers;
  /** Promotions' offer emails on check-in. */
  offerMail: OfferMail;
  /** Where people go next: moves between zones, for operators. */
  zoneFlows: ZoneFlows;
  /** Text messages over SMPP: welcome and feedback texts, receipts, STOP replies. */
  sms: Sms;
  footfall: Footfall;
  checkinsToday: CheckinsToday;
  /** Where phones reach the hub: the configured public URL, else the address it listens on. */
  publicUrl: string;
  /** Set-up problems an operator should fix, found at start; shown on the panel's dashboard. */
  warnings: string[];
  promotions: Promotions;
  /** The mall's images and videos, checked by content, used by promotions (and layouts). */
  media: MediaLibrary;
  /** Screen groups and screens' own layouts. */
  screenGroups: ScreenGroups;
  playlists: Playlists;
  screenHealth: ScreenHealth;
  /** Kiosks' last sign of life and offline queue length, as they report it. */
  kioskHealth: KioskHealth;
  proofOfPlay: ProofOfPlay;
  /** Proof-of-play reports per promotion, screen, zone and local hour (operators', and each shop's own). */
  playReports: PlayReports;
  startedAt: Date;
  /** The build of the browser apps the hub serves now (dist/build.json), 'dev' without one. */
  build: () => string;
  /** Prometheus metrics, served at /metrics. */
  metrics: HubMetrics;
  /** Snapshots for the local backup command and the daily scheduled backup. */
  backups: Backups;
  /** What the mall keeps for how long, and the daily run that keeps to it. */
  retention: Retention;
  /**
   * Applies the mall's stored settings to the running hub after an operator changed them: the
   * time zone and K (read at each use through the Mall), the public URL; then counts and
   * playlists are computed again. Opening hours, locale and language are read where used.
   */
  applySettings(): void;
  /** Stamp cards and points schemes: earned by recorded visits, redeemed at tills. */
  rewards: Rewards;
  /** The one recommend question (kiosk and post-visit message) and its answers. */
  feedback: Feedback;
  /** Open or closed now on the hub's clock, with the next opening (kiosks show "closed"). */
  hours(): MallHoursNow;
  /** @throws DomainError 'conflict' on field `openingHours` outside opening hours (kiosk check-in and joining). */
  assertOpen(): void;
  /** Stops timers and listeners that outlive a request. */
  stop(): void;
}

/**
 * Only shoppers who granted `analytics` are counted: `all` (the headcount) and each segment they
 * are in. Time-based segments are judged at check-in and hold for that stay.
 */
export function countKeys(shopper: ShopperRecord, now = Date.now(), custom: readonly CustomSegment[] = []): string[] {
  return segmentKeys(shopper, now, custom);
}

/** How the hub is built beyond its settings; tests set the clock. */
export interface ServiceOptions {
  /**
   * The hub's clock (epoch ms) for what it records as happening now — check-ins, joining, consents,
   * till scans, who is present, today's footfall — and for the daily retention run. Sessions and
   * timers keep real time.
   */
  now?: () => number;
  /** Where a failed retention run is reported (the hub's log). */
  onRetentionError?: (e: unknown) => void;
  /** Where SMS trouble outside a send is reported (the hub's log): the SMS centre unreachable, a reply not handled. */
  onSmsError?: (e: unknown) => void;
}

/** How the warning about a missing public URL begins (server/hub.ts), so a later setting can clear it. */
export const NO_PUBLIC_URL = 'No public URL set';

export async function createServices(config: HubConfig, store: MallStore, secret: Buffer, sealFile?: string, options: ServiceOptions = {}): Promise<Services> {
  const now = options.now ?? (() => Date.now());
  const bus = new DomainBus();
  // This hub's own copy: applySettings() changes it when the mall's settings change in the panel.
  config = { ...config };
  const mall = new Mall(store.mall, { timezone: config.timezone, k: config.k, ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}) }, now);
  const timeZone = () => mall.timeZone;
  const k = () => mall.k;
  // Presence follows the hub's clock: a check-in stamped on it must count as here now (a till reads
  // the zone a shopper came from off it).
  const presence = new Presence(config.presenceMinutes * 60_000, bus, now);
  const devices = new Devices(store.devices, bus, {
    pairingCodeMinutes: config.pairingCodeMinutes,
    zoneExists: (z) => mall.zoneExists(z),
  });
  const mediaFile = await Partition.open<MediaLibraryRecord>(join(store.dir, 'media.json'), () => ({ items: [] }), { fsync: config.fsync, schema: MediaLibraryRecord });
  const media = new MediaLibrary(mediaFile, join(mallDir(config), 'media'), bus);
  const isScreen = (id: string) => devices.get(id)?.kind === 'screen' && !devices.get(id)?.revokedAt;
  const screenGroups = new ScreenGroups(store.signage, bus, isScreen, (id) => media.get(id)?.kind);
  const promotions = new Promotions(store.signage, mall, bus, (id) => devices.get(id)?.kind === 'screen', (id) => media.get(id), (id) => !!screenGroups.get(id), (): { baseUrl: string; stop: string } => ({
    baseUrl: services.publicUrl,
    stop: sms.settings?.stopKeyword ?? 'STOP',
  }));
  media.addUsers((id) => promotions.list().filter((p) => p.status === 'active' && p.media?.id === id).map((p) => p.title));
  // Loops in layouts and night states use media too: in use, it cannot be deleted; replaced, they follow.
  media.addUsers((id) => screenGroups.loopUsers(id, (screenId) => devices.get(screenId)?.name ?? screenId), 'loop');
  const keysOf = (s: ShopperRecord) => countKeys(s, now(), promotions.customSegments);
  const shoppers = new Shoppers(mall, store, secret, presence, bus, keysOf, visitWindowMs(config), now);
  followConsent(bus, (id) => shoppers.get(id), presence, keysOf);
  // A new custom segment counts the shoppers already here, not only those who check in next.
  bus.on('segments.changed', () =>
    presence.rekeyAll((id) => {
      const s = shoppers.get(id);
      return s ? keysOf(s) : null;
    }),
  );
  await shoppers.recover(config.presenceMinutes * 60_000);
  presence.start();
  const storeVisits = new StoreVisits(store.storeVisits, secret, timeZone, now);
  const redemptions = new Redemptions(store.redemptions, storeVisits, (id) => promotions.get(id), timeZone);
  const proofOfPlay = new ProofOfPlay(store.proofOfPlay, (id) => !!promotions.get(id));
  const outbound = { allowPrivate: config.allowPrivateOutbound, allowLoopback: config.testOnlyAllowLoopbackOutbound };
  const webhooks = new Webhooks(store.integrations, { retrySeconds: config.webhookRetrySeconds, userAgent: 'Atrium-Webhooks/1', policy: outbound });
  webhooks.start();
  const stopFeed = feedWebhooks(bus, webhooks, (id) => shoppers.get(id), (id) => storeVisits.visitorOf(id));
  const mailer = new Mailer(store.integrations, outbound);
  /** The shopper's rewards as lines in `language` ("2 more visits to a free coffee at Bean There"); `rewards` is made below, before any message goes. */
  const rewardLinesOf = async (id: string, language: Language): Promise<string[]> => (await rewards.progressOf(id, language)).map((r) => rewardLine(r, translator(language)));
  const shopperLanguage = (s: ShopperRecord): Language => ((LANGUAGES as readonly string[]).includes(s.language) ? (s.language as Language) : 'en');
  // The welcome email goes once the joining check-in is in, so its reward progress counts that visit.
  const onEnrolled = (shopperId: string) => {
    const shopper = shoppers.get(shopperId);
    if (!shopper?.consent.marketing_email || !shopper.email || !mailer.settings) return;
    void (async () => {
      try {
        await mailer.sendWelcome(
          {
            shopper,
            passUrl: `${services.publicUrl}/pass/${shopper.id}`,
            receipt: (await store.consents.load(shopperId)) ?? [],
            mallName: mall.record.name,
            timeZone: mall.timeZone,
            locale: toMallSettings(mall.record, config).locale,
            rewards: await rewardLinesOf(shopper.id, shopperLanguage(shopper)),
          },
          mailBrandOf(mall.record, services.publicUrl),
        );
        await mailer.note('welcome', true);
      } catch (e) {
        await mailer.note('welcome', false, e instanceof Error ? e.message : String(e));
      }
    })();
  };
  const stopWelcomeMail = onJoinVisit(bus, onEnrolled);
  const kioskHealth = new KioskHealth();
  const onRevoked = ({ deviceId }: { deviceId: string }) => kioskHealth.forget(deviceId);
  bus.on('device.revoked', onRevoked);
  const footfall = new Footfall(store.visits, timeZone, now);
  const checkinsToday = new CheckinsToday(footfall, timeZone, () => new Date(now()));
  const onVisit = ({ visitId, at, mallVisit }: { visitId: string; at: string; mallVisit: boolean }) => {
    if (mallVisit) checkinsToday.recorded(visitId, at);
  };
  bus.on('visit.checked_in', onVisit);
  // Its own file: the sent marks grow with shoppers × promotions, and integrations.json is
  // rewritten on every webhook delivery.
  const offerMailFile = await Partition.open<OfferMailRecord>(join(store.dir, 'offer-mail.json'), () => ({ sent: {}, deliveries: [] }), { fsync: config.fsync, schema: OfferMailRecord });
  const offerMail = new OfferMail(offerMailFile, {
    promotions: () => promotions.list(),
    shopperOf: (id) => shoppers.get(id),
    visitorOf: (id) => storeVisits.visitorOf(id),
    screenZone: (id) => {
      const d = devices.get(id);
      return d?.kind === 'screen' ? d.zoneId : undefined;
    },
    segmentsOf: keysOf,
    mailer,
    mall,
    baseUrl: () => services.publicUrl,
    retrySeconds: config.mailRetrySeconds,
    freshForMs: config.presenceMinutes * 60_000,
    // The shopper's rewards in their offer emails (`rewards` is made below, before any email goes).
    rewardLines: rewardLinesOf,
    texts: () => sms,
  });
  offerMail.start();
  const stopOfferFeed = feedOfferMail(bus, offerMail, (e) => void mailer.note('offer', false, e instanceof Error ? e.message : String(e)).catch(() => undefined));
  // Its own file, like offer emails: the log changes with every text and receipt.
  const smsFile = await Partition.open<SmsRecord>(join(store.dir, 'sms.json'), () => ({ log: [] }), { fsync: config.fsync, schema: SmsRecord });
  const sms = new Sms(smsFile, {
    policy: outbound,
    retrySeconds: config.smsRetrySeconds,
    timeoutMs: config.smsTimeoutMs,
    shopperOf: (id) => shoppers.get(id),
    shopperByPhone: (e164) => {
      const digits = e164.replace(/\D/g, '');
      for (const id of shoppers.ids()) {
        const s = shoppers.get(id);
        if (s?.phone && s.phone.replace(/\D/g, '') === digits) return s;
      }
      return undefined;
    },
    withdraw: async (s) => {
      await shoppers.changeConsent(s.id, { purpose: 'marketing_sms', granted: false, language: s.language as Language, consentTextVersion: CONSENT_TEXT_VERSION }, 'sms');
    },
    compose: async (kind, s, ref, stop) => {
      const offer = kind === 'offer' && ref ? promotions.get(ref) : undefined;
      // The welcome text names the shopper's nearest reward, as the welcome email lists them.
      const reward = kind === 'welcome' ? (await rewardLinesOf(s.id, shopperLanguage(s)))[0] : undefined;
      return smsTextOf(kind, s, {
        mallName: mall.record.name,
        baseUrl: services.publicUrl,
        stop,
        ref,
        offer: offer && { title: offer.title, offerSms: offer.offerSms ?? { text: '' }, translations: offer.translations },
        reward,
      });
    },
    // An offer text waits in the queue like an offer email, and is dropped as one is.
    cancelReason: (kind, ref) => {
      if (kind !== 'offer') return null;
      const p = ref ? promotions.get(ref) : undefined;
      return !p || p.status !== 'active' || !p.offerSms?.enabled || !isScheduled(p.schedule, mall.clock()) ? 'the promotion is no longer running or its SMS was switched off' : null;
    },
    promotionTitle: (id) => promotions.get(id)?.title,
    testText: () => `${mall.record.name}: SMS from your Atrium hub works.`,
    onError: (e) => options.onSmsError?.(e),
  });
  sms.start();
  const stopSmsFeed = feedSms(bus, sms, (e) => options.onSmsError?.(e), {
    mailable: (id) => {
      const s = shoppers.get(id);
      return !!(s?.consent.marketing_email && s.email && mailer.settings);
    },
  });
  // Loyalty: each in its own file, as the cards grow with shoppers × rewards.
  const audit = new Audit(store.audit, now);
  const rewards = new Rewards(store.rewards, { mall, shopperOf: (id) => shoppers.get(id), visitorOf: (id) => storeVisits.visitorOf(id), timeZone, now, rows: store.rewardVisits });
  const feedback = new Feedback(store.feedback, {
    settings: () => rewards.settings(),
    shopperOf: (id) => shoppers.get(id),
    visitorOf: (id) => storeVisits.visitorOf(id),
    shopsVisited: async (shopperId, at) => {
      const day = localMoment(new Date(at), mall.timeZone).day;
      const visits = await shoppers.visitsOf(shopperId, 2).catch(() => []);
      const shops = visits.filter((v) => v.touchpoint.startsWith('till:') && localMoment(new Date(v.at), mall.timeZone).day === day).map((v) => v.touchpoint.slice(5));
      return [...new Set(shops)];
    },
    timeZone,
    bus,
    now,
  });
  const till = new Till(mall, shoppers, presence, storeVisits, redemptions, bus, now);
  // Visits stored before a crash that these files had not followed yet (applied-visits.ts), and
  // till visits whose index row or redemption was not written yet (till.ts): one pass over the
  // recent visit days feeds all three.
  await recoverFromVisits(store.visits, now(), [rewards.recovery(), feedback.recovery(), till.recovery()]);
  feedback.start(15_000, (e) => void mailer.note('feedback', false, e instanceof Error ? e.message : String(e)).catch(() => undefined));
  const onLoyaltyVisit = (e: FollowedVisit) => {
    void rewards.visited(e).catch(() => undefined);
    void feedback.visited(e).catch(() => undefined);
  };
  bus.on('visit.checked_in', onLoyaltyVisit);
  // An erased shopper's cards and waiting messages go with them.
  shoppers.onChange((s) => {
    if (shoppers.get(s.id) || !s.visitor) return;
    void rewards.forget(s.visitor).catch(() => undefined);
    void feedback.forget(s.id, s.visitor).catch(() => undefined);
  });
  const feedbackMail = new FeedbackMail({ mailer, mall, shopperOf: (id) => shoppers.get(id), baseUrl: () => services.publicUrl, progressOf: (id, language) => rewards.progressOf(id, language) });
  const stopFeedbackMail = feedbackMail.listen(bus);
  const build = servedBuild(config.distDir);
  const backups = new Backups(
    store,
    // The mall clock read at each use: an operator may change the time zone while the hub runs.
    { ...config, backupDir: config.backupDir ? resolve(config.backupDir) : undefined, get timezone() { return mall.timeZone; } },
    audit,
    () => ({ hubBuild: build(), hubVersion: process.env.npm_package_version ?? '0.1.0' }),
  );
  const metrics = new HubMetrics(bus);
  metrics.read({
    present: () => presence.size,
    shoppers: () => shoppers.count,
    journalBytes: () => store.journal.backlog,
    webhookQueue: () => webhooks.queued,
    mailQueue: () => offerMail.queued,
    lastBackup: () => (backups.lastSuccessAt ? Math.floor(backups.lastSuccessAt.getTime() / 1000) : 0),
  });
  const retention = new Retention({ mall: store.mall, timeZone, shoppers, audit, auditLog: store.audit, webhooks, offerMail, mailer, sms, feedback, rewards, now });
  if (config.retentionJob) retention.start({}, options.onRetentionError);
  const playlists = new Playlists(mall, () => devices.list(), promotions, presence, k, screenGroups, now, (id) => media.get(id));
  // Which screens share a playlist changes only with these (see Playlists.regroup).
  for (const event of ['device.paired', 'device.updated', 'device.revoked', 'promotions.changed', 'mall.changed'] as const) bus.on(event, () => playlists.regroup());
  const services: Services = {
    now,
    build,
    backups,
    config,
    bus,
    metrics,
    mall,
    accounts: new Accounts(store.accounts, { bus, sessionMinutes: config.sessionMinutes, audit }),
    devices,
    presence,
    shoppers,
    offlineSeal: new OfflineSeal(sealFile ?? `${store.dir}.offline-key.pem`),
    apiTokens: new ApiTokens(store.accounts),
    till,
    reports: new Reports(storeVisits, shoppers, k, {
      ofTenant: (tenantId) => promotions.list().filter((p) => p.tenantId === tenantId).map((p) => ({ id: p.id, title: p.title })),
      plays: (promotionId) => playsOf(proofOfPlay, promotionId, (id) => devices.get(id)?.zoneId, mall.timeZone),
      redemptions: (tenantId, fromDay, toDay) => redemptions.between(tenantId, fromDay, toDay),
    }, new NextPlaces({ visits: store.visits, timeZone })),
    webhooks,
    audit,
    retention,
    mailer,
    offerMail,
    sms,
    zoneFlows: new ZoneFlows({
      visits: store.visits,
      counted: (id) => !!shoppers.get(id)?.consent.analytics,
      timeZone,
      zones: () => mall.record.zones.map((z) => ({ id: z.id, name: z.name })),
      k,
    }),
    offers: new Offers(() => promotions.list(), mall, (s) => keysOf(s)),
    footfall,
    checkinsToday,
    publicUrl: config.publicUrl?.replace(/\/$/, '') ?? `http://${config.host}:${config.port}`,
    warnings: [],
    applySettings: () => {
      const settings = mall.settings();
      config.timezone = settings.timezone;
      config.k = settings.k;
      if (settings.publicUrl) {
        config.publicUrl = settings.publicUrl;
        services.publicUrl = settings.publicUrl.replace(/\/$/, '');
        services.warnings = services.warnings.filter((w) => !w.startsWith(NO_PUBLIC_URL));
      }
      // Counts (suppressed below K) and playlists (ranked on the mall clock) are computed again.
      bus.emit('presence.changed');
    },
    stop: () => {
      metrics.stop();
      backups.stop();
      retention.stop();
      stopWelcomeMail();
      bus.off('device.revoked', onRevoked);
      bus.off('visit.checked_in', onVisit);
      bus.off('visit.checked_in', onLoyaltyVisit);
      stopFeedbackMail();
      feedback.stop();
      stopFeed();
      stopOfferFeed();
      offerMail.stop();
      stopSmsFeed();
      void sms.stop();
      webhooks.stop();
      presence.stop();
    },
    rewards,
    feedback,
    hours: () => hoursNow(mall, new Date(now())),
    assertOpen: () => assertOpen(mall, new Date(now())),
    promotions,
    media,
    screenGroups,
    playlists,
    screenHealth: new ScreenHealth(store.signage, (id) => devices.isOnline(id)),
    kioskHealth,
    proofOfPlay,
    playReports: new PlayReports({
      proofOfPlay,
      promotion: (id) => promotions.get(id),
      device: (id) => devices.get(id),
      zones: () => (mall.exists ? mall.record.zones : []),
      timeZone: () => mall.timeZone,
    }),
    startedAt: new Date(),
  };
  return services;
}
