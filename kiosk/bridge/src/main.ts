import { parseArgs } from 'node:util';
import { Bridge } from './bridge.ts';
import { CardReadError, readPresentedCard } from './card-read.ts';
import { ConfigError, loadConfig, readToken, wantsReader, type BridgeConfig } from './config.ts';
import { HubClient } from './hub-client.ts';
import { lineLog, why, type Log } from './log.ts';
import { watchReaders } from './pcsc.ts';

const USAGE = `atrium-bridge [--config FILE] [--check [--wait SECONDS]]
  --config FILE   the config file (default $ATRIUM_BRIDGE_CONFIG, else /etc/atrium-bridge/config.json)
  --check         for the installer: check the hub and the token, list the readers, read one card (nothing is sent)
  --wait SECONDS  how long --check waits for a card (default 30)`;

/** Runs the bridge until SIGTERM / SIGINT. */
async function run(config: BridgeConfig, log: Log): Promise<void> {
  const hub = new HubClient(config.hubUrl, () => readToken(config.tokenFile));
  const bridge = new Bridge(config, hub, log);
  await bridge.start();
  const watch = watchReaders({ wants: (name) => wantsReader(config, name), presented: (reader, transmit) => bridge.presented(reader, transmit), log });
  log.info(`bridge started for ${config.hubUrl}${config.readers.length ? ` on readers matching ${config.readers.map((r) => `"${r}"`).join(', ')}` : ' on every reader'}`);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  watch.stop();
  bridge.stop();
  log.info('bridge stopped');
}

/**
 * The installer's check: the hub reachable with this kiosk's token, the readers pcscd offers,
 * one card read. Says what it found in plain lines on stdout; no card data. Exit code 0 when all
 * of it worked.
 */
async function check(config: BridgeConfig, waitSeconds: number): Promise<number> {
  const say = (line: string) => process.stdout.write(`${line}\n`);
  let ok = true;
  const hub = new HubClient(config.hubUrl, () => readToken(config.tokenFile));
  const me = await hub.kioskId();
  if (me.ok) say(`hub: ${config.hubUrl} answers; the token in ${config.tokenFile} is kiosk ${me.data}'s`);
  else {
    ok = false;
    say(me.kind === 'token' ? `hub: ${config.hubUrl} refused the token in ${config.tokenFile} (${me.status} ${me.error})` : `hub: ${config.hubUrl} is out of reach (${me.error})`);
  }
  const quiet: Log = { info: () => undefined, warn: (m) => say(`pc/sc: ${m}`) };
  let done: (result: string) => void = () => undefined;
  const read = new Promise<string>((resolve) => (done = resolve));
  const watch = watchReaders({
    wants: (name) => wantsReader(config, name),
    log: quiet,
    presented: async (reader, transmit) => {
      try {
        const card = await readPresentedCard(transmit, { byteOrder: config.byteOrder });
        done(`card: read on "${reader}": ${card.kind === 'pan' ? 'a bank card (EMV), its card number read (not shown)' : `a card by its UID (${card.value.length / 2} bytes, not shown)`}`);
      } catch (e) {
        done(`card: on "${reader}" the card could not be read (${e instanceof CardReadError ? e.reason : why(e)})`);
      }
    },
  });
  await new Promise((r) => setTimeout(r, 1500));
  const readers = watch.readers();
  if (readers.length) say(`readers: ${readers.map((r) => `"${r}"`).join(', ')}`);
  else say('readers: none found (is pcscd running, the reader plugged in, and named in the config’s readers?)');
  let result = 'card: none presented';
  if (readers.length) {
    say(`present a card on a reader (waiting ${waitSeconds} s)…`);
    result = await Promise.race([read, new Promise<string>((r) => setTimeout(() => r(`card: none presented within ${waitSeconds} s`), waitSeconds * 1000))]);
  }
  say(result);
  watch.stop();
  return ok && readers.length > 0 && result.startsWith('card: read') ? 0 : 1;
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({ options: { config: { type: 'string' }, check: { type: 'boolean' }, wait: { type: 'string' }, help: { type: 'boolean' } } }).values;
  } catch (e) {
    process.stderr.write(`${why(e)}\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const file = args.config ?? process.env.ATRIUM_BRIDGE_CONFIG ?? '/etc/atrium-bridge/config.json';
  let config: BridgeConfig;
  try {
    config = await loadConfig(file);
  } catch (e) {
    process.stderr.write(`${e instanceof ConfigError ? e.message : why(e)}\n`);
    return 2;
  }
  if (args.check) return check(config, Number(args.wait ?? 30) || 30);
  await run(config, lineLog());
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`${new Date().toISOString()} error the bridge stopped: ${why(e)}\n`);
    process.exit(1);
  },
);
