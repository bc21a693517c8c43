import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { mallDir, offlineKeyFile, secretFile, withMallSettings, type HubConfig } from './config.ts';
import { seedDemoMall, DEMO_OPERATOR } from './demo/seed.ts';
import { Accounts } from './domain/accounts/accounts.ts';
import { Audit } from './domain/accounts/audit.ts';
import { loadOrCreateSecret } from './domain/enrolment/secrets.ts';
import { Mall } from './domain/mall/mall.ts';
import { kioskStatuses, screenStatuses } from './domain/devices/ops-board.ts';
import { MallSetup } from './domain/mall/setup.ts';
import { createHttpApp } from './http/app.ts';
import { createSetupApp } from './http/setup-app.ts';
import { createLogger, type Logger } from './logger.ts';
import { attachRealtime, type HubIo } from './realtime/io.ts';
import { createServices, NO_PUBLIC_URL, type ServiceOptions, type Services } from './services.ts';
import { MallStore } from './storage/mall-store.ts';
import { clearStaging } from './storage/backup/snapshot.ts';
import { holdFolder } from './storage/hub-lock.ts';
import { servedBuild } from './build-info.ts';
import { mkdir } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { announceWriter } from './cluster/announce.ts';
import { connectRedis, type RedisLink } from './cluster/redis.ts';

export interface Hub {
  url: string;
  port: number;
  /** The mall's services; reading them before a first-run set-up is finished throws. */
  readonly services: Services;
  store: MallStore;
  readonly io: HubIo;
  logger: Logger;
  /**
   * Set while the hub has no mall and waits for its first-run set-up (demo off, empty folder):
   * the one-time token the set-up form asks for. Undefined once the mall exists.
   */
  readonly setupToken: string | undefined;
  /** Resolves when the mall's services are up: at once for a hub with a mall, after set-up otherwise. */
  ready: Promise<void>;
  /** Stops taking requests, closes sockets and waits for every pending write. */
  close(): Promise<void>;
}

interface Running {
  services: Services;
  io: HubIo;
  /** Stops the feeds, timers and warm-up; the sockets and the server are closed after. */
  stop(): Promise<void>;
}

/**
 * Opens the mall's data folder and serves it on one HTTP(S) server. With no mall in the folder it
 * creates the demo mall when `config.demo` is set; otherwise it serves only the first-run set-up
 * (server/http/setup-app.ts) until an operator finishes it, then brings the mall up in place,
 * on the same port. Throws when the folder holds damage it cannot repair (see MallStore.open).
 */
export async function startHub(config: HubConfig, logger: Logger = createLogger(config.logLevel), options: Pick<ServiceOptions, 'now'> = {}): Promise<Hub> {
  const dir = mallDir(config);
  await mkdir(dir, { recursive: true });
  // One process per data folder: a second hub, a restore or an offline backup is refused while
  // this one runs (FolderHeldError names it). The lock also tells `npm run backup` where we listen.
  const held = await holdFolder(dir, 'hub');
  let store: MallStore;
  try {
    // Snapshots a backup command staged and never removed (it was stopped midway): none is in use now.
    await clearStaging(dir);
    store = await MallStore.open(dir, {
      fsync: config.fsync,
      checkpointMs: config.checkpointSeconds * 1000,
      salvage: config.salvage,
      warn: (message, details) => logger.warn(details, message),
      layout: {
        origin: { hubBuild: servedBuild(config.distDir)(), hubVersion: process.env.npm_package_version ?? '0.1.0' },
        log: (message, details) => logger.warn(details, message),
      },
    });
  } catch (e) {
    await held.release();
    throw e;
  }
  const secret = await loadOrCreateSecret(secretFile(config));
  let handle: RequestListener = (_req, res) => res.writeHead(503).end();
  const listener: RequestListener = (req, res) => handle(req, res);
  const server: Server =
    config.tlsCert && config.tlsKey
      ? createHttpsServer({ cert: readFileSync(config.tlsCert), key: readFileSync(config.tlsKey) }, listener)
      : createHttpServer(listener);

  let url = '';
  let running: Running | null = null;
  // Several processes for one mall (docs/cluster.md): this one is the writer. Pushes go to every
  // process through Redis; fan-out processes relay their sockets here with this key.
  const redis: RedisLink | null = config.redisUrl ? connectRedis(config.redisUrl, config.mall, logger) : null;
  const relayKey = randomBytes(32).toString('base64url');
  let closing: Promise<void> | null = null;

  /** Without a public URL, links point at the address the hub listens on: said once, loudly. */
  const usePublicUrl = (services: Services): void => {
    if (services.config.publicUrl) return;
    services.publicUrl = url;
    const warning = `${NO_PUBLIC_URL} (ATRIUM_PUBLIC_URL): links in emails, pass links and the phone-join QR point at ${url}, which shoppers' phones may not reach.`;
    services.warnings.push(warning);
    logger.warn(warning);
  };

  /** Builds the services over the mall now in the folder and serves them. */
  const bringUp = async (): Promise<void> => {
    const mallConfig = withMallSettings(config, store.mall.data);
    const services = await createServices(mallConfig, store, secret, offlineKeyFile(mallConfig), {
      ...options,
      onRetentionError: (e) => logger.error({ err: e }, 'the daily retention run failed; it is tried again at the next check'),
      onSmsError: (e) => logger.warn({ err: e instanceof Error ? e.message : String(e) }, 'SMS: the SMS centre could not be reached or a reply was not handled'),
    });
    if (!services.mall.exists) {
      await seedDemoMall(services);
      logger.info({ username: DEMO_OPERATOR.username }, `demo mall created; operator login ${DEMO_OPERATOR.username} / ${DEMO_OPERATOR.password}`);
    }
    if (url) usePublicUrl(services);
    services.backups.localToken = () => held.lock.token;
    services.backups.onError = (e, message) => logger.error({ err: e }, message);
    services.backups.start();
    handle = createHttpApp(services, logger);
    const realtime = attachRealtime(server, services, logger, redis ? { adapter: redis.adapter, relayKey, onRedisBack: (fn) => redis.onBack(fn) } : undefined);
    services.metrics.read({
      screensOnline: () => screenStatuses(services).filter((s) => s.online).length,
      kiosksOnline: () => kioskStatuses(services).filter((k) => k.online).length,
      sockets: () => realtime.io.engine.clientsCount,
    });
    // Shops' first reports after a start are then as quick as later ones; see Reports.warm.
    const started = performance.now();
    const warmed = services.reports
      .warmUp(
        services.mall.record.tenants.map((t) => t.id),
        () => closing !== null,
      )
      .then(
        (profiles) => logger.info({ profiles, ms: Math.round(performance.now() - started) }, 'reports warmed up'),
        (e: unknown) => logger.warn({ err: e }, 'warming up reports failed; the first report will do it'),
      );
    running = {
      services,
      io: realtime.io,
      stop: async () => {
        realtime.stop();
        services.stop();
        // A retention run stops after its current step, and a scheduled backup under way
        // finishes; the store closes only after both.
        await Promise.all([warmed, services.retention.idle(), services.backups.idle()]);
      },
    };
  };

  let setup: MallSetup | null = null;
  let ready: Promise<void>;
  if (store.mall.data === null && !config.demo) {
    const now = options.now ?? (() => Date.now());
    setup = new MallSetup(config.mall, new Mall(store.mall, config, now), new Accounts(store.accounts), new Audit(store.audit, now));
    let done!: () => void;
    let failed!: (e: unknown) => void;
    ready = new Promise<void>((res, rej) => ((done = res), (failed = rej)));
    handle = createSetupApp(setup, config, logger, async () => {
      try {
        await bringUp();
        setup = null;
        done();
      } catch (e) {
        failed(e);
        throw e;
      }
    });
  } else {
    await bringUp();
    ready = Promise.resolve();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  url = `${config.tlsCert ? 'https' : 'http'}://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  await held.announce(url);
  if (redis) {
    // Fan-out processes on this machine reach a writer listening on every address through loopback.
    const reachable = config.writerUrl ?? url.replace('//0.0.0.0:', '//127.0.0.1:').replace('//[::]:', '//[::1]:');
    announceWriter(redis, config.mall, { url: reachable, key: relayKey, pid: process.pid });
  }
  const current = (): Running => {
    if (!running) throw new Error(`the mall is not set up yet; finish the set-up at ${url}/panel`);
    return running;
  };
  const up = running as Running | null;
  if (up) usePublicUrl(up.services);

  return {
    url,
    port,
    get services() {
      return current().services;
    },
    get io() {
      return current().io;
    },
    store,
    logger,
    get setupToken() {
      return setup?.token;
    },
    ready,
    close: () =>
      (closing ??= (async () => {
        const r = running as Running | null;
        if (r) await r.stop();
        await new Promise<void>((resolve) => {
          // Socket.io closes the HTTP server with its sockets; without it, close the server alone.
          if (r) r.io.close(() => resolve());
          else server.close(() => resolve());
          server.closeAllConnections?.();
        });
        await Promise.all([store.close(), r?.services.offerMail.flush(), r?.services.sms.flush(), redis?.close()]);
        await held.release();
      })()),
  };
}
