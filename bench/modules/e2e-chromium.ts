/**
 * Target 3 in real Chromium: a card typed into the real kiosk page (as a keyboard-wedge reader
 * types it) until a real, paired signage page shows the change: the live-count strip, which every
 * check-in by a counted shopper changes. A promotion switch (a threshold crossed) is not timed yet.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CHROMIUM_ARGS } from '../../playwright.config.ts';
import { benchPan } from '../lib/cards.ts';
import { spawnHub } from '../lib/hub-process.ts';
import { KioskLoad } from '../lib/kiosk-load.ts';
import type { BenchModule } from '../lib/measurement.ts';
import { summarise } from '../lib/stats.ts';

const ROOT = resolve(import.meta.dirname, '../..');
/** What the screen page shows that a check-in changes. */
const SCREEN_CONTENT = '[data-testid=present]';

async function pairedPage(browser: Browser, url: string, kind: 'kiosk' | 'screen', token: string): Promise<Page> {
  const context = await browser.newContext();
  await context.addInitScript(([key, value]) => localStorage.setItem(key, value), [`atrium.${kind}.token`, token] as const);
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

export const e2eChromium: BenchModule = {
  name: 'kiosk → screen in Chromium',
  async run({ quick, dataset, log, copyData }) {
    const rounds = quick ? 5 : 15;
    if (!existsSync(resolve(ROOT, 'dist/signage/index.html')) || !existsSync(resolve(ROOT, 'dist/kiosk/index.html'))) {
      log('  dist/ is missing; building the browser apps');
      execFileSync(process.execPath, [resolve(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
    }
    const executablePath = process.env.ATRIUM_CHROMIUM ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
    const hub = await spawnHub(await copyData(), { ATRIUM_DIST: resolve(ROOT, 'dist') });
    const browser = await chromium.launch({ headless: true, args: CHROMIUM_ARGS, ...(executablePath ? { executablePath } : {}) });
    const quiet = [...dataset.quietAnalyticsIndexes];
    const warm = new KioskLoad(hub.url, dataset.kioskDevices.slice(0, 1));
    try {
      // Enough shoppers present that the count is above K and shown as a number.
      await warm.connect();
      for (let i = 0; i < 10; i++) await warm.tap(benchPan(quiet.pop()!));
      const [kioskDevice] = dataset.kioskDevices;
      const screenDevice = dataset.screenDevices[0];
      const screen = await pairedPage(browser, `${hub.url}/screen`, 'screen', screenDevice.token);
      const kiosk = await pairedPage(browser, `${hub.url}/kiosk`, 'kiosk', kioskDevice.token);
      await screen.locator(SCREEN_CONTENT).filter({ hasText: 'shoppers here right now' }).waitFor({ timeout: 15_000 });
      await kiosk.getByRole('heading', { name: 'Welcome to the mall' }).waitFor({ timeout: 15_000 });
      // The screen notes when the watched content changes, and when the next frame is drawn after it.
      await screen.evaluate((selector) => {
        const w = window as unknown as { benchChanges: { text: string; at: number; painted?: number }[] };
        w.benchChanges = [];
        let last = document.querySelector(selector)?.textContent ?? '';
        new MutationObserver(() => {
          const text = document.querySelector(selector)?.textContent ?? '';
          if (text === last) return;
          last = text;
          const change: { text: string; at: number; painted?: number } = { text, at: Date.now() };
          w.benchChanges.push(change);
          requestAnimationFrame(() => (change.painted = Date.now()));
        }).observe(document.body, { subtree: true, childList: true, characterData: true });
      }, SCREEN_CONTENT);

      const shown: number[] = [];
      let missed = 0;
      let retyped = 0;
      for (let r = 0; r < rounds; r++) {
        const before = await screen.evaluate(() => (window as unknown as { benchChanges: unknown[] }).benchChanges.length);
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
        const change = await screen
          .waitForFunction(
            (n) => {
              const c = (window as unknown as { benchChanges: { painted?: number }[] }).benchChanges[n];
              return c?.painted ? c : null;
            },
            before,
            { timeout: 5_000 },
          )
          .then((h) => h.jsonValue() as Promise<{ painted: number }>)
          .catch(() => null);
        if (change) shown.push(change.painted - t0);
        else missed++;
        // The kiosk greets in the shopper's language, so the button is found by place, not label.
        await kiosk.locator('section', { has: kiosk.getByTestId('welcome') }).getByRole('button').first().click();
        await new Promise((res) => setTimeout(res, 400));
      }
      const s = summarise(shown);
      log(`  ${shown.length} rounds: p50 ${s.p50} ms, p95 ${s.p95} ms${missed ? `, ${missed} rounds without a change` : ''}`);
      return [
        {
          id: 'e2e-chromium',
          what: 'kiosk page card tap (Enter) → paired /screen page repaints its live count [data-testid=present], real Chromium (a promotion switch is not measured yet)',
          target: 'p95 ≤ 1 s (aim 250 ms)',
          measured: s.p95,
          unit: 'ms',
          display: `p95 ${s.p95} ms (p50 ${s.p50}, max ${s.max}; ${shown.length} rounds${missed ? `, ${missed} missed` : ''}${retyped ? `, ${retyped} taps typed again` : ''})`,
          pass: s.p95 <= 1000 && missed === 0,
          summary: s,
          rounds: shown,
          note: 'measures the live-count strip every screen shows; timing a promotion switch needs a promotion whose audience threshold one check-in crosses, not set up here yet',
        },
      ];
    } finally {
      warm.close();
      await browser.close();
      await hub.stop();
    }
  },
};
