import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atrium-units-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/**
 * `systemd-analyze verify` on a copy of the unit whose install paths point into this checkout
 * (verify checks that ExecStart is executable). User units need a runtime folder to load.
 */
async function verify(unit: string, change: (text: string) => string = (t) => t): Promise<{ ok: boolean; output: string }> {
  const text = change((await readFile(join(ROOT, 'deploy/systemd', unit), 'utf8')).replaceAll('/opt/atrium', ROOT).replaceAll('/usr/bin/node', process.execPath));
  const file = join(dir, unit);
  await writeFile(file, text);
  const user = text.includes('graphical-session.target');
  try {
    const { stdout, stderr } = await run('systemd-analyze', [...(user ? ['--user'] : []), 'verify', file], { env: { ...process.env, XDG_RUNTIME_DIR: dir } });
    return { ok: true, output: stdout + stderr };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    return { ok: false, output: `${err.stdout ?? ''}${err.stderr ?? ''}${err.message}` };
  }
}

describe('systemd units', () => {
  it.each(['atrium-hub.service', 'atrium-kiosk.service', 'atrium-bridge.service'])('%s passes systemd-analyze verify', async (unit) => {
    const { ok, output } = await verify(unit);
    expect(output.trim()).toBe('');
    expect(ok).toBe(true);
  });

  it('verify would catch a broken unit (the check can fail)', async () => {
    const { ok, output } = await verify('atrium-hub.service', (t) => t.replace(/^ExecStart=\S+/m, 'ExecStart=/nonexistent/node'));
    expect(ok).toBe(false);
    expect(output).toMatch(/not executable|No such file/);
  });
});
