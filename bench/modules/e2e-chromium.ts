/**
 * Target 3 in real Chromium: a card typed into the real kiosk page (as a keyboard-wedge reader
 * types it) until a real, paired /screen page shows the promotion that check-in brought.
 *
 * Set up as an operator does it in the panel, through the hub's own routes: a segment of the
 * shoppers who came by the kiosk's zone, and each round a fresh promotion for that segment, for
 * that one screen, whose minimum audience is the segment's count right now plus one. So each
 * round starts with the promotion off the screen, and the one check-in typed at the kiosk is what
 * brings it on. The round's promotion is archived afterwards, so the next starts from house content.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CHROMIUM_ARGS } from '../../playwright.config.ts';
import { DEMO_OPERATOR } from '#server/demo/seed.ts';
import { benchPan } from '../lib/cards.ts';
import { spawnHub } from '../lib/hub-process.ts';
import { KioskLoad } from '../lib/kiosk-load.ts';
import type { BenchModule } from '../lib/measurement.ts';
import { summarise } from '../lib/stats.ts';

const ROOT = resolve(import.meta.dirname, '../..');
export const SEGMENT = 'custom:bench-came-by';

export async function pairedPage(browser: Browser, url: string, kind: 'kiosk' | 'screen', token: string): Promise<Page> {
  const context = await browser.newContext();
  await context.addInitScript(([key, value]) => localStorage.setItem(key, value), [`atrium.${kind}.token`, token] as const);
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

/** The operator's side, over the hub's HTTP routes with a signed-in cookie, as the panel calls them. */
export class Operator {
  constructor(
    private readonly url: string,
    private readonly cookie: string,
  ) {}

  static async signIn(url: string): Promise<Operator> {
    const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(DEMO_OPERATOR) });
    if (res.status !== 200) throw new Error(`operator login failed: ${res.status}`);
    return new Operator(url, (res.headers.get('set-cookie') ?? '').split(';')[0]);
  }

  async call<T>(path: string, body?: unknown): Promise<T> {
    const res = await fetch(this.url + path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { cookie: this.cookie, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  /** A file's bytes to an upload route (the media library), as the panel sends them. */
  async upload<T>(path: string, contentType: string, bytes: Uint8Array): Promise<{ status: number; body: T }> {
    const res = await fetch(this.url + path, { method: 'POST', headers: { cookie: this.cookie, 'content-type': contentType }, body: new Blob([new Uint8Array(bytes)]) });
    return { status: res.status, body: (await res.json()) as T };
  }

  /** The segment's mall-wide live count, as the panel's segments tab shows it (null below K). */
  async liveCount(segment: string): Promise<number | null> {
    return (await this.call<{ counts: Record<string, number | null> }>('/api/segments/live')).counts[segment] ?? null;
  }
}

interface Round {
  /** Enter → the promotion's slide is in the screen's DOM, ms. */
  dom: number;
  /** Enter → the next frame after that, ms: the figure compared with the target. */
  painted: number;
}

export const e2eChromium: BenchModule = {
  name: 'kiosk → screen in Chromium',
  async run({ quick, dataset, log, copyData }) {
    const rounds = quick ? 10 : 15;
    if (!existsSync(resolve(ROOT, 'dist/signage/index.html')) || !existsSync(resolve(ROOT, 'dist/kiosk/index.html'))) {
      log('  dist/ is missing; building the browser apps');
      execFileSync(process.execPath, [resolve(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
    }
    const executablePath = process.env.ATRIUM_CHROMIUM ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
    const hub = await spawnHub(await copyData(), { ATRIUM_DIST: resolve(ROOT, 'dist') });
    const browser = await chromium.launch({ headless: true, args: CHROMIUM_ARGS, ...(executablePath ? { executablePath } : {}) });
    const quiet = [...dataset.quietAnalyticsIndexes];
    const [kioskDevice] = dataset.kioskDevices;
    const screenDevice = dataset.screenDevices.find((s) => s.zoneId === kioskDevice.zoneId) ?? dataset.screenDevices[0];
    const warm = new KioskLoad(hub.url, [kioskDevice]);
    try {
      const operator = await Operator.signIn(hub.url);
      await operator.call('/api/segments', {
        id: SEGMENT,
        name: 'Came by the bench kiosk’s zone',
        match: 'all',
        conditions: [{ kind: 'zoneVisited', zoneId: kioskDevice.zoneId }],
      });
      // The round's promotion must be the one the screen chooses: campaigns already running in the
      // data (ranked by audience × priority, and a busy mall's audiences are large) are archived
      // first, as an operator clears a screen for a new campaign. House content stays.
      for (const p of await operator.call<{ id: string; house: boolean }[]>('/api/promotions')) {
        if (!p.house) await operator.call(`/api/promotions/${p.id}/archive`, {});
      }
      // Enough of the segment present that its count is at least K, so the panel shows a number.
      await warm.connect();
      for (let i = 0; i < 10; i++) await warm.tap(benchPan(quiet.pop()!));

      const screen = await pairedPage(browser, `${hub.url}/screen`, 'screen', screenDevice.token);
      const kiosk = await pairedPage(browser, `${hub.url}/kiosk`, 'kiosk', kioskDevice.token);
      await screen.locator('[data-testid=slide]').first().waitFor({ timeout: 15_000 });
      await kiosk.getByRole('heading', { name: 'Welcome to the mall' }).waitFor({ timeout: 15_000 });

      const shown: Round[] = [];
      let missed = 0;
      let retyped = 0;
      let early = 0;
      for (let r = 0; r < rounds; r++) {
        const count = await operator.liveCount(SEGMENT);
        if (count === null) throw new Error(`the segment ${SEGMENT} is below K: its count is not shown`);
        const promotion = await operator.call<{ id: string }>('/api/promotions', {
          title: `Bench round ${r + 1}: ${count + 1} of you are here`,
          text: 'Shown when one more of the segment checks in.',
          segments: [SEGMENT],
          minAudience: count + 1,
          audienceScope: 'mall',
          screens: [screenDevice.id],
          priority: 10,
          durationSeconds: 30,
          schedule: { from: '2024-01-01' },
        });
        // The hub has recomputed the screen's playlist (a count tick); the promotion must not be on yet.
        await new Promise((res) => setTimeout(res, 300));
        if (await screen.locator(`[data-key="${promotion.id}"]`).count()) {
          early++;
          await operator.call(`/api/promotions/${promotion.id}/archive`, {});
          continue;
        }
        // The screen notes when the promotion's slide enters its DOM, and the next frame after.
        await screen.evaluate((key) => {
          const w = window as unknown as { benchShown?: { at: number; painted?: number } };
          delete w.benchShown;
          new MutationObserver((_, observer) => {
            if (!document.querySelector(`[data-key="${key}"]`)) return;
            observer.disconnect();
            const seen: { at: number; painted?: number } = { at: Date.now() };
            w.benchShown = seen;
            requestAnimationFrame(() => (seen.painted = Date.now()));
          }).observe(document.body, { subtree: true, childList: true });
        }, promotion.id);

        const card = benchPan(quiet.pop()!);
        // The kiosk takes keys less than 50 ms apart as a reader; on a busy machine a typed card can
        // come out slower and is (rightly) ignored. Such a tap is typed again, and counted.
        let t0 = 0;
        for (let attempt = 0; ; attempt++) {
          await kiosk.keyboard.type(card, { delay: 5 });
          t0 = Date.now();
          await kiosk.keyboard.press('Enter');
          const welcomed = await kiosk.getByTestId('welcome').waitFor({ timeout: 3_000 }).then(() => true, () => false);
          if (welcomed) break;
          if (attempt === 2) throw new Error('the kiosk page ignored the typed card three times');
          retyped++;
        }
        const seen = await screen
          .waitForFunction(() => {
            const s = (window as unknown as { benchShown?: { at: number; painted?: number } }).benchShown;
            return s?.painted ? s : null;
          }, undefined, { timeout: 5_000 })
          .then((h) => h.jsonValue() as Promise<{ at: number; painted: number }>)
          .catch(() => null);
        if (seen) shown.push({ dom: seen.at - t0, painted: seen.painted - t0 });
        else missed++;
        // The kiosk greets in the shopper's language, so the button is found by place, not label.
        await kiosk.locator('section', { has: kiosk.getByTestId('welcome') }).getByRole('button').first().click();
        // Off again, as an operator archives a finished campaign: the next round starts from house content.
        await operator.call(`/api/promotions/${promotion.id}/archive`, {});
        await screen.locator(`[data-key="${promotion.id}"]`).waitFor({ state: 'detached', timeout: 5_000 });
      }
      const s = summarise(shown.map((x) => x.painted));
      const dom = summarise(shown.map((x) => x.dom));
      log(`  ${shown.length} rounds: p50 ${s.p50} ms, p95 ${s.p95} ms, max ${s.max} ms (in the DOM: p50 ${dom.p50}, p95 ${dom.p95})${missed ? `, ${missed} rounds without the promotion` : ''}`);
      const problems = [missed && `${missed} missed`, early && `${early} rounds where the promotion showed before the tap (not timed)`, retyped && `${retyped} taps typed again`].filter(Boolean);
      return [
        {
          id: 'e2e-chromium',
          what: 'kiosk page card tap (Enter) → paired /screen page shows the promotion that one check-in qualified (minimum audience crossed), real Chromium',
          target: 'p95 ≤ 1 s (aim 250 ms)',
          measured: s.p95,
          unit: 'ms',
          display: `p95 ${s.p95} ms (p50 ${s.p50}, max ${s.max}; ${shown.length} rounds${problems.length ? `; ${problems.join(', ')}` : ''})`,
          pass: s.p95 <= 1000 && missed === 0 && shown.length >= 10,
          summary: s,
          rounds: shown,
          note:
            `each round a fresh promotion for ${SEGMENT} on one screen with minimum audience = the live count + 1, made through POST /api/promotions; ` +
            `timed from the Enter key to the frame after its slide enters the DOM (DOM alone: p50 ${dom.p50}, p95 ${dom.p95} ms); archived after the round`,
        },
      ];
    } finally {
      warm.close();
      await browser.close();
      await hub.stop();
    }
  },
};
