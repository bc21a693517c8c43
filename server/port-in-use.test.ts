import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hubArgs, hubEnv, ROOT } from './testing/hub-spawn.ts';
import { tempFolderEach } from './testing/files.ts';

/**
 * `npm start` on a machine where the port is taken (another hub, another program on 8080): the
 * hub stopped with one JSON log line and a stack. A newcomer must read which port, and how to
 * start on another one.
 */
describe('a hub whose port is taken', () => {
  const dataRoot = tempFolderEach('atrium-port-');

  it('stops with words naming the port and the setting that moves it', async () => {
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const port = (taken.address() as AddressInfo).port;
    try {
      const child = spawn(process.execPath, hubArgs(), { cwd: ROOT, env: { ...process.env, ...hubEnv(port, join(dataRoot(), 'data')) }, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout!.setEncoding('utf8').on('data', (d: string) => (output += d));
      child.stderr!.setEncoding('utf8').on('data', (d: string) => (output += d));
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code).toBe(1);
      expect(output).toContain(`Port ${port} on 127.0.0.1 is already in use`);
      expect(output).toContain(`ATRIUM_PORT=`);
    } finally {
      taken.close();
    }
  }, 60_000);
});
