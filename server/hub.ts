import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { mallDir, offlineKeyFile, secretFile, type HubConfig } from './config.ts';
import { seedDemoMall, DEMO_OPERATOR } from './demo/seed.ts';
import { loadOrCreateSecret } from './domain/enrolment/secrets.ts';
import { createHttpApp } from './http/app.ts';
import { createLogger, type Logger } from './logger.ts';
import { attachRealtime, type HubIo } from './realtime/io.ts';
import { createServices, type Services } from './services.ts';
import { MallStore } from './storage/mall-store.ts';

export interface Hub {
  url: string;
  port: number;
  services: Services;
  store: MallStore;
  io: HubIo;
  logger: Logger;
  /** Stops taking requests, closes sockets and waits for every pending write. */
  close(): Promise<void>;
}

export async function startHub(config: HubConfig, logger: Logger = createLogger(config.logLevel)): Promise<Hub> {
  const store = await MallStore.open(mallDir(config), { fsync: config.fsync });
  const secret = await loadOrCreateSecret(secretFile(config));
  const services = await createServices(config, store, secret, offlineKeyFile(config));
  let demoCreated = false;
  if (!services.mall.exists) {
    if (!config.demo) throw new Error(`No mall in ${mallDir(config)}; start once with ATRIUM_DEMO=1 or create one`);
    await seedDemoMall(services);
    demoCreated = true;
  }

  const app = createHttpApp(services, logger);
  const server: Server =
    config.tlsCert && config.tlsKey
      ? createHttpsServer({ cert: readFileSync(config.tlsCert), key: readFileSync(config.tlsKey) }, app)
      : createHttpServer(app);
  const { io, stop } = attachRealtime(server, services, logger);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const url = `${config.tlsCert ? 'https' : 'http'}://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  if (!config.publicUrl) {
    services.publicUrl = url;
    const warning = `No public URL set (ATRIUM_PUBLIC_URL): links in emails, pass links and the phone-join QR point at ${url}, which shoppers' phones may not reach.`;
    services.warnings.push(warning);
    logger.warn(warning);
  }
  if (demoCreated) logger.info({ username: DEMO_OPERATOR.username }, `demo mall created; operator login ${DEMO_OPERATOR.username} / ${DEMO_OPERATOR.password}`);

  let closing: Promise<void> | null = null;
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
  return {
    url,
    port,
    services,
    store,
    io,
    logger,
    close: () =>
      (closing ??= (async () => {
        stop();
        services.stop();
        await warmed;
        await new Promise<void>((resolve) => {
          io.close(() => resolve());
          server.closeAllConnections?.();
        });
        await Promise.all([store.close(), services.offerMail.flush()]);
      })()),
  };
}
