import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig, wantsReader } from './config.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('the bridge’s config file', () => {
  it('fills the defaults and takes relative paths from the file’s folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bridge-config-'));
    dirs.push(dir);
    await writeFile(join(dir, 'config.json'), JSON.stringify({ hubUrl: 'http://hub.local:8080', tokenFile: 'kiosk-token' }));
    expect(await loadConfig(join(dir, 'config.json'))).toEqual({
      hubUrl: 'http://hub.local:8080/',
      tokenFile: join(dir, 'kiosk-token'),
      readers: [],
      byteOrder: 'as-read',
      stateDir: '/var/lib/atrium-bridge',
      replaySeconds: 10,
    });
  });

  it.each([
    [{ tokenFile: 't' }, 'hubUrl'],
    [{ hubUrl: 'ftp://hub', tokenFile: 't' }, 'hubUrl'],
    [{ hubUrl: 'http://hub' }, 'tokenFile'],
    [{ hubUrl: 'http://hub', tokenFile: 't', readers: 'ACR122' }, 'readers'],
    [{ hubUrl: 'http://hub', tokenFile: 't', byteOrder: 'backwards' }, 'byteOrder'],
    [{ hubUrl: 'http://hub', tokenFile: 't', replaySeconds: 0 }, 'replaySeconds'],
    [{ hubUrl: 'http://hub', tokenFile: 't', hubURL: 'typo' }, 'hubURL'],
    [[], 'file'],
  ])('refuses %j naming %s', (raw, field) => {
    expect(() => parseConfig(raw, '/etc/atrium-bridge')).toThrow(expect.objectContaining({ field }));
  });

  it('a file that is not JSON is refused by name', async () => {
    await expect(loadConfig('/nonexistent/config.json')).rejects.toBeInstanceOf(ConfigError);
  });

  it('readers by name, or every reader', () => {
    expect(wantsReader({ readers: [] }, 'ACS ACR122U PICC Interface 00 00')).toBe(true);
    expect(wantsReader({ readers: ['acr122'] }, 'ACS ACR122U PICC Interface 00 00')).toBe(true);
    expect(wantsReader({ readers: ['acr122'] }, 'Virtual PCD 00 00')).toBe(false);
  });
});
