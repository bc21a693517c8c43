import { setFlagsFromString } from 'node:v8';
import { loadConfig, mallDir } from './config.ts';
import { createLogger } from './logger.ts';

const config = loadConfig();
const logger = createLogger(config.logLevel);
// Before the mall's data is read: V8 reads the factor each time it sets the next collection's limit.
if (config.heapGrowingPercent > 0) setFlagsFromString(`--heap-growing-percent=${config.heapGrowingPercent}`);

if (config.role === 'fanout') {
  // A fan-out process of a cluster (docs/cluster.md): sockets and pages, no data folder.
  try {
    // Loaded only here: a fan-out process needs none of the domain, storage or API.
    const { startFanout } = await import('./fanout.ts');
    const fanout = await startFanout(config, logger);
    logger.info({ url: fanout.url, mall: config.mall }, 'Atrium fan-out process is up');
    console.log(`\n  Atrium fan-out process for mall "${config.mall}" at ${fanout.url}\n`);
    let stopping = false;
    const stop = async () => {
      if (stopping) return;
      stopping = true;
      await fanout.close();
      process.exit(0);
    };
    process.on('SIGTERM', () => void stop());
    process.on('SIGINT', () => void stop());
  } catch (e) {
    logger.fatal({ err: e }, e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
} else try {
  const { startHub } = await import('./hub.ts');
  const hub = await startHub(config, logger);
  const banner = () =>
    console.log(
      [
        '',
        `  Atrium hub ready — mall "${config.mall}", data in ${mallDir(config)}`,
        `  Panel   ${hub.url}/panel`,
        `  Kiosk   ${hub.url}/kiosk`,
        `  Screen  ${hub.url}/screen`,
        `  Health  ${hub.url}/api/health`,
        '',
      ].join('\n'),
    );
  if (hub.setupToken) {
    logger.warn({ data: mallDir(config) }, 'no mall in the data folder: waiting for the first-run set-up in the panel');
    // On the console only, never in the structured log: whoever can read it may set the mall up.
    console.log(
      [
        '',
        `  This hub has no mall yet (data in ${mallDir(config)}).`,
        `  Open ${hub.url}/panel and enter this one-time set-up token:`,
        '',
        `      ${hub.setupToken}`,
        '',
      ].join('\n'),
    );
  }
  hub.ready.then(
    () => {
      logger.info({ data: mallDir(config) }, `Atrium hub for mall "${config.mall}" is up`);
      banner();
    },
    (e: unknown) => {
      logger.fatal({ err: e }, 'the mall could not be brought up after set-up');
      process.exit(1);
    },
  );
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down; flushing pending writes');
    await hub.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
} catch (e) {
  logger.fatal({ err: e }, e instanceof Error ? e.message : String(e));
  // The one refusal a newcomer meets on `npm start`: say it in words, with the setting that moves it.
  if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(
      `\n  Port ${config.port} on ${config.host} is already in use (another hub, or another program).\n` +
        `  Stop that, or start this hub on another port: ATRIUM_PORT=${config.port + 1} npm start\n`,
    );
  }
  process.exit(1);
}
