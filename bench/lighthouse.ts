/**
 * Lighthouse (desktop preset) on the five pages people meet: the panel signed in, a paired kiosk,
 * a paired screen, the till signed in as a shop, and a shopper's pass page. Runs against a real
 * hub on an ephemeral loopback port (its own temporary data folder, the built dist/) with
 * Debian's Chromium, and prints performance, accessibility and best-practices scores (0–100) per
 * page against the targets (≥ 90, 100, 100). Writes bench/results/lighthouse.json.
 *
 * Each page is prepared first in the same browser (a session cookie, a device pairing in the
 * page's storage), then Lighthouse loads it with that storage kept but the HTTP cache emptied, so
 * the figures are a first visit's load, not a warm one.
 *
 * Usage: npm run build && npm run lighthouse   (exit code 1 when a page misses a target)
 * LIGHTHOUSE_ONLY=panel runs one page; LIGHTHOUSE_KEEP=<folder> keeps each full report there.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import puppeteer, { type Page } from 'puppeteer-core';
import { enrolByTap } from '#server/testing/enrol.ts';
import { startTestHub } from '#server/testing/test-hub.ts';

const TARGETS = { performance: 90, accessibility: 100, 'best-practices': 100 } as const;
type Category = keyof typeof TARGETS;

interface PageResult {
  page: string;
  url: string;
  scores: Record<Category, number>;
  /** The audits that cost points outside performance (id: title), to fix. */
  failing: string[];
}

const hub = await startTestHub({ k: 2, timezone: 'Europe/London' });
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'],
});
const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}`, defaultViewport: null });
const results: PageResult[] = [];

try {
  const operator = await hub.login();
  const shop = await hub.login('bean-there', 'atrium-demo');
  const kiosk = await hub.pair('kiosk', 'entrance');
  const kioskSocket = await hub.socket({ token: kiosk.token });
  const { passId } = await enrolByTap(kioskSocket, '4111111111111111');

  const cookie = (value: string) => {
    const [name, rest] = value.split(';')[0]!.split('=') as [string, string];
    return { name, value: rest, url: hub.url };
  };
  const pages: { page: string; path: string; prepare?: (p: Page) => Promise<void> }[] = [
    { page: 'panel (signed in)', path: '/panel', prepare: (p) => p.setCookie(cookie(operator)) },
    {
      page: 'kiosk (paired)',
      path: '/kiosk',
      prepare: async (p) => {
        await p.goto(`${hub.url}/kiosk`);
        await p.evaluate((t) => localStorage.setItem('atrium.kiosk.token', t), kiosk.token);
      },
    },
    {
      page: 'screen (paired)',
      path: '/screen',
      prepare: async (p) => {
        await p.goto(`${hub.url}/screen`);
        await p.waitForSelector('[data-testid="pairing-code"]');
        const code = (await p.$eval('[data-testid="pairing-code"]', (e) => e.textContent ?? '')).trim();
        const res = await hub.api('/api/devices/pair', { body: { code, name: 'Lighthouse screen', zoneId: 'entrance' }, cookie: operator });
        if (res.status !== 200) throw new Error(`pairing the screen: ${res.status}`);
        await p.waitForFunction(() => !document.querySelector('[data-testid="pairing-code"]'));
      },
    },
    { page: 'till (shop signed in)', path: '/till', prepare: (p) => p.setCookie(cookie(shop)) },
    { page: 'pass page', path: `/pass/${passId}` },
  ];

  // LIGHTHOUSE_ONLY=panel: just the pages whose name starts so (while fixing one).
  const only = process.env.LIGHTHOUSE_ONLY;
  for (const target of pages.filter((p) => !only || p.page.startsWith(only))) {
    const tab = await browser.newPage();
    await target.prepare?.(tab);
    const cdp = await tab.createCDPSession();
    await cdp.send('Network.clearBrowserCache');
    await tab.close();
    const url = `${hub.url}${target.path}`;
    const flags = { port: chrome.port, output: 'json' as const, logLevel: 'error' as const, disableStorageReset: true };
    let run = await lighthouse(url, flags, desktopConfig);
    // The first trace in a fresh browser sometimes misses its navigation start (NO_NAVSTART): once more.
    if (run?.lhr.runtimeError) run = await lighthouse(url, flags, desktopConfig);
    if (!run) throw new Error(`no Lighthouse result for ${url}`);
    if (run.lhr.runtimeError) throw new Error(`Lighthouse on ${url}: ${run.lhr.runtimeError.code} ${run.lhr.runtimeError.message}`);
    const lhr = run.lhr;
    const scores = Object.fromEntries((Object.keys(TARGETS) as Category[]).map((c) => [c, Math.round((lhr.categories[c]?.score ?? 0) * 100)])) as Record<Category, number>;
    const failing = (['accessibility', 'best-practices'] as const).flatMap((c) =>
      (lhr.categories[c]?.auditRefs ?? [])
        .filter((ref) => ref.weight > 0 && (lhr.audits[ref.id]?.score ?? 1) < 1)
        .map((ref) => `${ref.id}: ${lhr.audits[ref.id]?.title ?? ''}`),
    );
    results.push({ page: target.page, url: target.path.replace(passId, '<pass id>'), scores, failing });
    console.log(`${target.page.padEnd(24)} performance ${scores.performance}  accessibility ${scores.accessibility}  best practices ${scores['best-practices']}${failing.length ? `\n  to fix: ${failing.join('; ')}` : ''}`);
    if (process.env.LIGHTHOUSE_KEEP) writeFileSync(resolve(process.env.LIGHTHOUSE_KEEP, `${target.page.split(' ')[0]}-${randomUUID().slice(0, 4)}.json`), JSON.stringify(lhr));
  }
} finally {
  await browser.disconnect();
  chrome.kill();
  await hub.stop();
}

const out = resolve(import.meta.dirname, 'results');
mkdirSync(out, { recursive: true });
writeFileSync(resolve(out, 'lighthouse.json'), `${JSON.stringify({ at: new Date().toISOString(), preset: 'desktop', targets: TARGETS, results }, null, 2)}\n`);
const missed = results.filter((r) => (Object.keys(TARGETS) as Category[]).some((c) => r.scores[c] < TARGETS[c]));
if (missed.length) {
  console.log(`Below target: ${missed.map((r) => r.page).join(', ')}`);
  process.exitCode = 1;
}
