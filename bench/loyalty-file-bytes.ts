/**
 * How big rewards.json and feedback.json are — rewritten whole at every checkpoint (visits change
 * them through the journal; before, every check-in rewrote both) — after N
 * check-ins over a data folder holding the last 9 days of a bench-like mall's visits. Times
 * nothing; prints bytes. For comparing the loyalty files' applied record between versions:
 *
 *   npx tsx bench/loyalty-file-bytes.ts [visitsPerDay=2700] [checkIns=2000]
 *
 * Steps: a test hub (demo mall, no fsync, visit window 0 so every tap is a mall visit) enrols 50
 * shoppers; the 9 days' visits are bulk-loaded into the day logs (as bench/generate.ts does); the
 * loyalty files are removed and the hub restarted, so they start as a file from main does (no
 * applied record: the stored visits are adopted); a stamp card and feedback emails are set up;
 * then `checkIns` kiosk taps, 10 at a time, by the 50 shoppers.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testCard } from '#server/testing/cards.ts';
import { enrolByTap } from '#server/testing/enrol.ts';
import { request, startTestHub, type TestHub } from '#server/testing/test-hub.ts';

const visitsPerDay = Number(process.argv[2] ?? 2700);
const checkIns = Number(process.argv[3] ?? 2000);
const DAY = 86_400_000;
const config = { visitWindowMinutes: 0 };

const dataRoot = await mkdtemp(join(tmpdir(), 'atrium-loyalty-bytes-'));
const mallDir = join(dataRoot, 'demo');
let hub: TestHub | undefined = await startTestHub(config, dataRoot);
try {
  let operator = await hub.login();
  let kiosk = await hub.socket({ token: (await hub.pair('kiosk', 'entrance', undefined, operator)).token });
  const cards = Array.from({ length: 50 }, (_, i) => testCard(500 + i));
  for (const card of cards) await enrolByTap(kiosk, card, { email: `s${card.slice(-4)}@example.com`, consents: { marketing_email: true } });

  const now = Date.now();
  const today = Date.parse(new Date(now).toISOString().slice(0, 10));
  const visits = [];
  for (let d = 8; d >= 0; d--) {
    const start = today - d * DAY;
    const span = Math.min(DAY, now - start);
    for (let i = 0; i < visitsPerDay; i++) {
      visits.push({ id: randomUUID(), at: new Date(start + Math.floor((i / visitsPerDay) * span)).toISOString(), shopperId: `bench-${i % 5000}`, zoneId: 'entrance', touchpoint: 'kiosk-bench' });
    }
  }
  await hub.store.visits.appendMany(visits);
  await hub.stop();
  hub = undefined;
  await rm(join(mallDir, 'rewards.json'), { force: true });
  await rm(join(mallDir, 'feedback.json'), { force: true });

  hub = await startTestHub(config, dataRoot);
  operator = await hub.login();
  const reward = await hub.api('/api/rewards', { cookie: operator, body: { name: 'a free coffee', kind: 'stamps', counts: 'mall', stamps: { visits: 10, periodDays: 30 }, validDays: 14, onRedeem: 'reset' } });
  const settings = await hub.api('/api/loyalty/settings', { method: 'PUT', cookie: operator, body: { shopRewardsNeedApproval: true, kioskFeedback: false, feedbackEmailAfterMinutes: 30, feedbackEveryDays: 30 } });
  if (reward.status !== 200 || settings.status !== 200) throw new Error(`set-up refused: ${reward.status} ${settings.status}`);
  kiosk = await hub.socket({ token: (await hub.pair('kiosk', 'entrance', undefined, operator)).token });

  for (let i = 0; i < checkIns; i += 10) {
    await Promise.all(
      Array.from({ length: Math.min(10, checkIns - i) }, async (_, j) => {
        const ack = await request<{ ok: boolean }>(kiosk, 'checkin:tap', { visitId: randomUUID(), card: cards[(i + j) % cards.length] });
        if (!ack.ok) throw new Error(JSON.stringify(ack));
      }),
    );
  }
  await hub.stop();
  hub = undefined;

  console.log(`${visitsPerDay} stored visits a day for 9 days, then ${checkIns} check-ins`);
  for (const name of ['rewards.json', 'feedback.json']) {
    const text = await readFile(join(mallDir, name), 'utf8');
    const applied = (JSON.parse(text) as { applied?: Record<string, unknown> }).applied;
    const appliedBytes = applied === undefined ? 0 : Buffer.byteLength(JSON.stringify(applied));
    const entries = applied === undefined ? 0 : Object.values(applied).reduce<number>((n, v) => n + (Array.isArray(v) ? v.length : 1 + ((v as { ahead?: unknown[] }).ahead?.length ?? 0)), 0);
    console.log(`${name}: ${Buffer.byteLength(text)} bytes; applied record ${appliedBytes} bytes, ${entries} entries`);
  }
} finally {
  await hub?.stop();
  await rm(dataRoot, { recursive: true, force: true });
}
