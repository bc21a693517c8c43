import { spawnSync } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.ts';
import { tempFolderEach } from '../testing/files.ts';
import { folderHolder, FolderHeldError, holdFolder, LOCK_FILE, processStart } from './hub-lock.ts';

describe('the data folder lock', () => {
  const dir = tempFolderEach('atrium-lock-');

  it('is refused while another live process holds the folder, naming it', async () => {
    // pid 1 is always alive.
    await writeFile(join(dir(), LOCK_FILE), JSON.stringify({ kind: 'hub', pid: 1, since: '2026-01-01T00:00:00.000Z', url: 'http://127.0.0.1:8080', token: 'x' }));
    await expect(holdFolder(dir(), 'backup')).rejects.toThrow(FolderHeldError);
    await expect(holdFolder(dir(), 'backup')).rejects.toThrow(`${dir()} is in use by a running hub (pid 1, http://127.0.0.1:8080)`);
    expect(await folderHolder(dir())).toMatchObject({ pid: 1 });
  });

  it("names the running hub in its refusal, never the hub's backup token: the refusal goes to the log", async () => {
    const token = 'ab'.repeat(32);
    await writeFile(join(dir(), LOCK_FILE), JSON.stringify({ kind: 'hub', pid: 1, since: '2026-01-01T00:00:00.000Z', url: 'http://127.0.0.1:8080', token }));
    const refusal = await holdFolder(dir(), 'hub').catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(FolderHeldError);
    // As server/main.ts logs a start that fails.
    const lines: string[] = [];
    createLogger('info', { write: (line: string) => void lines.push(line) }).fatal({ err: refusal }, (refusal as Error).message);
    expect(lines.join('')).toContain('pid 1, http://127.0.0.1:8080');
    expect(lines.join('')).not.toContain(token);
  });

  it('takes over a lock whose process is gone (a crash left it), and an unreadable one', async () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    await writeFile(join(dir(), LOCK_FILE), JSON.stringify({ kind: 'hub', pid: Number(gone), since: '2026-01-01T00:00:00.000Z' }));
    expect(await folderHolder(dir())).toBeNull();
    const held = await holdFolder(dir(), 'hub');
    expect(held.lock).toMatchObject({ kind: 'hub', pid: process.pid });
    await held.release();

    await writeFile(join(dir(), LOCK_FILE), 'garbage');
    const again = await holdFolder(dir(), 'backup');
    expect(JSON.parse(await readFile(join(dir(), LOCK_FILE), 'utf8'))).toMatchObject({ kind: 'backup', pid: process.pid });
    await again.release();
    await expect(stat(join(dir(), LOCK_FILE))).rejects.toThrow();
  });

  it('knows a pid reused by another process from the holder, by its start time', async () => {
    const init = processStart(1);
    if (init === null) return; // no /proc here: the pid alone decides, as tested above
    const lock = { kind: 'hub', pid: 1, since: '2026-01-01T00:00:00.000Z' };
    await writeFile(join(dir(), LOCK_FILE), JSON.stringify({ ...lock, start: String(Number(init) + 1) }));
    expect(await folderHolder(dir())).toBeNull();
    await writeFile(join(dir(), LOCK_FILE), JSON.stringify({ ...lock, start: init }));
    expect(await folderHolder(dir())).toMatchObject({ pid: 1, start: init });
    // This process's own lock records its start.
    await writeFile(join(dir(), LOCK_FILE), 'x');
    expect((await holdFolder(dir(), 'hub')).lock.start).toBe(processStart(process.pid));
  });

  it('announces a hub with its address and a fresh token, readable by the owner only', async () => {
    const held = await holdFolder(dir(), 'hub');
    const lock = await held.announce('http://127.0.0.1:1234');
    expect(lock.token).toMatch(/^[0-9a-f]{64}$/);
    expect(await folderHolder(dir())).toEqual(lock);
    expect((await stat(join(dir(), LOCK_FILE))).mode & 0o777).toBe(0o600);
    // A restart makes another token.
    await held.release();
    const next = await (await holdFolder(dir(), 'hub')).announce('http://127.0.0.1:1234');
    expect(next.token).not.toBe(lock.token);
  });
});
