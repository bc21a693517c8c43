import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SealedQueue } from './queue.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('the bridge’s queue of sealed reads', () => {
  it('keeps reads whole, oldest first, until removed; a damaged file is reported and removed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bridge-queue-'));
    dirs.push(dir);
    const q = new SealedQueue(join(dir, 'queue'));
    expect(await q.all()).toEqual([]);
    const later = { visitId: randomUUID(), at: '2026-11-30T10:00:01.000Z', sealed: 'A'.repeat(344) };
    const earlier = { visitId: randomUUID(), at: '2026-11-30T10:00:00.000Z', sealed: 'B'.repeat(344) };
    await q.add(later);
    await q.add(earlier);
    await writeFile(join(dir, 'queue', `${randomUUID()}.json`), '{"visitId": "cut sh');
    const bad: string[] = [];
    expect(await q.all((f) => bad.push(f))).toEqual([earlier, later]);
    expect(bad).toHaveLength(1);
    expect(await readdir(join(dir, 'queue'))).toHaveLength(2);
    // Only the sealed form is on disk.
    expect(JSON.parse(await readFile(join(dir, 'queue', `${later.visitId}.json`), 'utf8'))).toEqual(later);
    await q.remove(earlier.visitId);
    expect(await q.all()).toEqual([later]);
  });
});
