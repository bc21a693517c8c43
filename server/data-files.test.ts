import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';
import { shardOf } from './storage/sharded-map.ts';
import { testCard } from './testing/cards.ts';
import { enrolByTap } from './testing/enrol.ts';
import { startTestHub, type ClientSocket, type TestHub } from './testing/test-hub.ts';

const enrol = async (kiosk: ClientSocket, card: string): Promise<string> => (await enrolByTap(kiosk, card)).passId;

describe('data files are checked for shape when read, by name', { timeout: 60_000 }, () => {
  let dataRoot: string;
  let mall: string;
  let hub: TestHub | undefined;
  beforeEach(async () => {
    dataRoot = await mkdtemp(join(tmpdir(), 'atrium-shape-'));
    mall = join(dataRoot, 'demo');
  });
  afterEach(async () => {
    await hub?.stop();
    hub = undefined;
    await rm(dataRoot, { recursive: true, force: true });
  });

  /** A stopped hub's folder with shoppers, visits, a paired kiosk and every small file written. */
  async function populated(): Promise<string[]> {
    hub = await startTestHub({ k: 2 }, dataRoot);
    const kiosk = await hub.socket({ token: (await hub.pair('kiosk')).token });
    const passes = [await enrol(kiosk, testCard(8000)), await enrol(kiosk, testCard(8001))];
    await hub.stop();
    hub = undefined;
    return passes;
  }

  it('refuses to start over any file read at start that has the wrong shape, naming the file', async () => {
    await populated();
    const today = new Date().toISOString().slice(0, 10);
    const eager = [
      ...(await readdir(mall)).filter((f) => f.endsWith('.json')),
      ...(await readdir(join(mall, 'shoppers'))).filter((f) => f.endsWith('.json')).map((f) => join('shoppers', f)),
      join('visits', `${today}.json`),
    ];
    expect(eager).toEqual(expect.arrayContaining(['layout.json', 'mall.json', 'accounts.json', 'devices.json', 'signage.json', join('visits', `${today}.json`)]));
    expect(eager.some((f) => f.startsWith('shoppers'))).toBe(true);
    for (const name of eager) {
      const file = join(mall, name);
      const good = await readFile(file, 'utf8');
      // Valid JSON, wrong shape: a shopper shard holding [1,2,3] used to stop the hub with
      // "s.cardTokens is not iterable", naming nothing.
      await writeFile(file, '[1,2,3]');
      const error = await startTestHub({ k: 2 }, dataRoot).then(
        async (h) => {
          await h.stop();
          return null;
        },
        (e: Error) => e,
      );
      expect(error?.message, name).toContain(file);
      expect(error?.message, name).toMatch(/wrong shape/);
      await writeFile(file, good);
    }
    // Every file restored: it starts.
    hub = await startTestHub({ k: 2 }, dataRoot);
    expect((await hub.api('/api/health')).status).toBe(200);
  });

  it('answers a clear error, and logs the file, when a consent ledger read later is damaged', async () => {
    const [anna, bob] = await populated();
    const shards = JSON.parse(await readFile(join(mall, 'layout.json'), 'utf8')).shopperShards as number;
    const file = join(mall, 'consents', `${shardOf(anna, shards).toString(16).padStart(3, '0')}.json`);
    const shard = JSON.parse(await readFile(file, 'utf8'));
    shard[anna] = [{ purpose: 'membership', granted: 'yes' }];
    await writeFile(file, JSON.stringify(shard));

    const logs: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        logs.push(String(chunk));
        cb();
      },
    });
    hub = await startTestHub({ k: 2, logLevel: 'warn' }, dataRoot, { logger: createLogger('warn', sink) });
    const page = await hub.api(`/api/pass/${anna}`);
    expect(page.status).toBe(503);
    expect(page.body.error).toMatch(/damaged/);
    // The path stays in the log, for the operator; not in the answer to the phone.
    expect(JSON.stringify(page.body)).not.toContain(mall);
    expect(logs.some((l) => l.includes(file) && l.includes('wrong shape'))).toBe(true);
    // Nobody else is affected (unless they share the shard).
    if (shardOf(bob, shards) !== shardOf(anna, shards)) expect((await hub.api(`/api/pass/${bob}`)).status).toBe(200);
    const erase = await hub.api(`/api/pass/${anna}/erase`, { body: { confirm: 'erase' } });
    expect(erase.status).toBe(503);
    // Nothing was half-erased: the profile is still there for a retry once the file is restored.
    expect(hub.store.shoppers.get(anna)).toBeDefined();
  });
});
