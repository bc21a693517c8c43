import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';

/** The bridge's config file (JSON), as the installer writes it; see docs/reader-bridge.md. */
export interface BridgeConfig {
  /** The hub's address as this kiosk PC reaches it, e.g. `http://hub.local:8080`. */
  hubUrl: string;
  /** A file holding this kiosk's device token (the one its Chromium profile keeps from pairing); under systemd, the `kiosk-token` credential by default. */
  tokenFile: string;
  /** Readers to read cards on: names, or parts of names, case-insensitive; empty = every reader. */
  readers: string[];
  /** UIDs as GET DATA returns them, or reversed (to match how this mall's wedge readers print them). */
  byteOrder: 'as-read' | 'reversed';
  /** Where sealed reads wait while the hub is out of reach, and the hub's public key is kept. */
  stateDir: string;
  /** How often kept reads are offered to the hub again (seconds). */
  replaySeconds: number;
}

export class ConfigError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`config ${field}: ${message}`);
  }
}

const DEFAULTS = { readers: [] as string[], byteOrder: 'as-read' as const, stateDir: '/var/lib/atrium-bridge', replaySeconds: 10 };
const FIELDS = new Set(['hubUrl', 'tokenFile', 'readers', 'byteOrder', 'stateDir', 'replaySeconds']);

/**
 * Reads and checks the config file. Relative paths in it are taken from the file's folder.
 * Throws ConfigError naming the field that is missing or wrong (or `file` if it cannot be read).
 */
export async function loadConfig(path: string): Promise<BridgeConfig> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new ConfigError('file', `${path} cannot be read as JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  return parseConfig(raw, resolve(path, '..'));
}

/** Checks a parsed config object; `base` is the folder relative paths are taken from. */
export function parseConfig(raw: unknown, base: string): BridgeConfig {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError('file', 'must be a JSON object');
  const c: Record<string, unknown> & { tokenFile?: unknown } = { ...DEFAULTS, ...(raw as Record<string, unknown>) };
  for (const key of Object.keys(raw)) if (!FIELDS.has(key)) throw new ConfigError(key, 'is not a setting of the bridge');
  let url: URL;
  try {
    url = new URL(String(c.hubUrl));
  } catch {
    throw new ConfigError('hubUrl', 'must be the hub’s address, e.g. http://hub.local:8080');
  }
  if (typeof c.hubUrl !== 'string' || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw new ConfigError('hubUrl', 'must be an http:// or https:// address');
  // Under systemd (deploy/systemd/atrium-bridge.service) the token comes as a credential.
  if (c.tokenFile === undefined && process.env.CREDENTIALS_DIRECTORY) c.tokenFile = resolve(process.env.CREDENTIALS_DIRECTORY, 'kiosk-token');
  if (typeof c.tokenFile !== 'string' || !c.tokenFile) throw new ConfigError('tokenFile', 'must name the file holding the kiosk’s token');
  if (!Array.isArray(c.readers) || !c.readers.every((r) => typeof r === 'string' && r.trim())) throw new ConfigError('readers', 'must be a list of reader names (empty: every reader)');
  if (c.byteOrder !== 'as-read' && c.byteOrder !== 'reversed') throw new ConfigError('byteOrder', 'must be "as-read" or "reversed"');
  if (typeof c.stateDir !== 'string' || !c.stateDir) throw new ConfigError('stateDir', 'must be a folder');
  if (typeof c.replaySeconds !== 'number' || !(c.replaySeconds >= 1 && c.replaySeconds <= 3600)) throw new ConfigError('replaySeconds', 'must be a number of seconds from 1 to 3600');
  const path = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
  return { hubUrl: url.href, tokenFile: path(c.tokenFile), readers: c.readers as string[], byteOrder: c.byteOrder, stateDir: path(c.stateDir), replaySeconds: c.replaySeconds };
}

/** Whether the config wants cards read on this reader. */
export const wantsReader = (config: Pick<BridgeConfig, 'readers'>, name: string): boolean =>
  config.readers.length === 0 || config.readers.some((r) => name.toLowerCase().includes(r.trim().toLowerCase()));

/** The kiosk token from its file (read at each use, so a corrected file needs no restart). */
export async function readToken(file: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    return '';
  }
}
