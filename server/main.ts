import { loadConfig, mallDir } from './config.ts';
import { startHub } from './hub.ts';
import { createLogger } from './logger.ts';

const config = loadConfig();
const logger = createLogger(config.logLevel);

try {
  const hub = await startHub(config, logger);
  logger.info({ data: mallDir(config) }, `Atrium hub for mall "${config.mall}" is up`);
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
  process.exit(1);
}
