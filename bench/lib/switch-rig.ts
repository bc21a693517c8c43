/**
 * What the two Chromium switch benches share (kiosk → screen, and the same with video): a hub on
 * a copy of the dataset, real Chromium, an operator signed in through the hub's routes, a segment
 * of the shoppers who came by the kiosk's zone warmed to at least K, a paired /screen and /kiosk
 * page, and the round itself — a fresh promotion that one more check-in qualifies, a card typed at
 * the kiosk, the screen's own measurement read back, the promotion archived again.
 *
 * Each bench gives only what differs: what the promotion shows, what the screen page notes, and
 * how its figure is read back.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CHROMIUM_ARGS } from '../../playwright.config.ts';
import { DEMO_OPERATOR } from '#server/demo/seed.ts';
import { benchPan } from './cards.ts';
import { spawnHub } from './hub-process.ts';
import { KioskLoad } from './kiosk-load.ts';
import type { BenchContext } from './measurement.ts';

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

/** The rig a switch bench runs its rounds on. */
export interface SwitchRig {
  operator: Operator;
  screen: Page;
  kiosk: Page;
  /** The paired screen's device id (the rounds' promotions name it). */
  screenId: string;
  /** Indexes of the dataset's quiet shoppers not yet used: each round taps one of them. */
  cards: number[];
}

/** What one switch bench measures, beside what every round does. */
export interface SwitchRounds<T> {
  rounds: number;
  /**
   * What round r's promotion shows (title, text or media; part of the POST /api/promotions body),
   * given the segment's live count now. The rounds add the targeting (see `roundTargeting`).
   */
  content(r: number, count: number): Record<string, unknown>;
  /** Runs in the screen page before the tap: notes what is measured for the promotion's slide `key`. */
  observe(screen: Page, key: string): Promise<void>;
  /** Reads the screen's note back, once it is there (null: it did not come within the bench's wait). */
  measured(screen: Page): Promise<T | null>;
}

export interface SwitchResult<T> {
  /** Each timed round's figure, with the Enter key's time (ms since epoch) beside it. */
  shown: { t0: number; seen: T }[];
  missed: number;
  /** Rounds whose promotion showed before the tap (not timed). */
  early: number;
  /** Taps the kiosk ignored (typed too slowly on a busy machine) and that were typed again. */
  retyped: number;
}

/**
 * Sets up the rig (see the file's comment), calls `use` with it, and takes everything down again.
 * `prepare` runs once the operator is signed in, before the pages open (the video bench uploads its clip).
 */
export async function withSwitchRig<R>(ctx: BenchContext, use: (rig: SwitchRig) => Promise<R>, prepare?: (operator: Operator) => Promise<void>): Promise<R> {
  const { dataset, log, copyData } = ctx;
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
    await prepare?.(operator);
    await operator.call('/api/segments', { id: SEGMENT, name: 'Came by the bench kiosk’s zone', match: 'all', conditions: [{ kind: 'zoneVisited', zoneId: kioskDevice.zoneId }] });
    // The round's promotion must be the one the screen chooses: campaigns already running in the
    // data (ranked by audience × priority, and a busy mall's audiences are large) are archived
    // first, as an operator clears a screen for a new campaign. House content stays.
    for (const p of await operator.call<{ id: string; house: boolean }[]>('/api/promotions')) if (!p.house) await operator.call(`/api/promotions/${p.id}/archive`, {});
    // Enough of the segment present that its count is at least K, so the panel shows a number.
    await warm.connect();
    for (let i = 0; i < 10; i++) await warm.tap(benchPan(quiet.pop()!));
    const screen = await pairedPage(browser, `${hub.url}/screen`, 'screen', screenDevice.token);
    const kiosk = await pairedPage(browser, `${hub.url}/kiosk`, 'kiosk', kioskDevice.token);
    await screen.locator('[data-testid=slide]').first().waitFor({ timeout: 15_000 });
    await kiosk.getByRole('heading', { name: 'Welcome to the mall' }).waitFor({ timeout: 15_000 });
    return await use({ operator, screen, kiosk, screenId: screenDevice.id, cards: quiet });
  } finally {
    warm.close();
    await browser.close();
    await hub.stop();
  }
}

/**
 * The targeting of every round's promotion: the bench segment, on the rig's one screen, with a
 * minimum audience one above the segment's live `count`, so one more check-in brings it on.
 */
function roundTargeting(screenId: string, count: number): Record<string, unknown> {
  return { segments: [SEGMENT], minAudience: count + 1, audienceScope: 'mall', screens: [screenId], priority: 10, durationSeconds: 30, schedule: { from: '2024-01-01' } };
}

/**
 * Runs the rounds: each makes a promotion that one more check-in qualifies, checks it is not on
 * yet, has the screen note what is measured, types a card at the kiosk (again if the kiosk took
 * it for a person typing), reads the figure, and archives the promotion so the next round starts
 * from house content.
 */
export async function runSwitchRounds<T>({ operator, screen, kiosk, screenId, cards }: SwitchRig, spec: SwitchRounds<T>): Promise<SwitchResult<T>> {
  const out: SwitchResult<T> = { shown: [], missed: 0, early: 0, retyped: 0 };
  for (let r = 0; r < spec.rounds; r++) {
    const count = await operator.liveCount(SEGMENT);
    if (count === null) throw new Error(`the segment ${SEGMENT} is below K: its count is not shown`);
    const promotion = await operator.call<{ id: string }>('/api/promotions', { ...spec.content(r, count), ...roundTargeting(screenId, count) });
    // The hub has recomputed the screen's playlist (a count tick); the promotion must not be on yet.
    await new Promise((res) => setTimeout(res, 300));
    if (await screen.locator(`[data-key="${promotion.id}"]`).count()) {
      out.early++;
      await operator.call(`/api/promotions/${promotion.id}/archive`, {});
      continue;
    }
    await spec.observe(screen, promotion.id);
    const card = benchPan(cards.pop()!);
    // The kiosk takes keys less than 50 ms apart as a reader; on a busy machine a typed card can
    // come out slower and is (rightly) ignored. Such a tap is typed again, and counted.
    let t0 = 0;
    for (let attempt = 0; ; attempt++) {
      await kiosk.keyboard.type(card, { delay: 5 });
      t0 = Date.now();
      await kiosk.keyboard.press('Enter');
      if (await kiosk.getByTestId('welcome').waitFor({ timeout: 3_000 }).then(() => true, () => false)) break;
      if (attempt === 2) throw new Error('the kiosk page ignored the typed card three times');
      out.retyped++;
    }
    const seen = await spec.measured(screen);
    if (seen !== null) out.shown.push({ t0, seen });
    else out.missed++;
    // The kiosk greets in the shopper's language, so the button is found by place, not label.
    await kiosk.locator('section', { has: kiosk.getByTestId('welcome') }).getByRole('button').first().click();
    // Off again, as an operator archives a finished campaign.
    await operator.call(`/api/promotions/${promotion.id}/archive`, {});
    await screen.locator(`[data-key="${promotion.id}"]`).waitFor({ state: 'detached', timeout: 5_000 });
  }
  return out;
}
