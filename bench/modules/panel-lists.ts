/**
 * Issue 17's long lists in real Chromium: the panel's audit log with 10,000 entries (searched,
 * sorted and paged on the hub, GET /api/audit/page) and its Screens tab with 2,000 screens (the
 * same, GET /api/screens/page; the socket's live statuses patch the page in view). Times, per
 * round, from the operator's action to the rows it asked for on screen: opening the tab (first
 * rows), a search, a sort by a column, the next page.
 *
 * Every wait is for the exact answer the hub gives to the same question (the total a search
 * matches, the first row a sort puts on top), so a stale page cannot pass for a fresh one.
 */
import { chromium, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CHROMIUM_ARGS } from '../../playwright.config.ts';
import { DEMO_OPERATOR } from '#server/demo/seed.ts';
import { DailyLog } from '#server/storage/daily-log.ts';
import { AuditRecord } from '#server/storage/records.ts';
import { SEARCH_PAUSE_MS } from '#shared/ui/hub-table-view.svelte.ts';
import { spawnHub } from '../lib/hub-process.ts';
import { notBuilt, type BenchModule, type Row } from '../lib/measurement.ts';
import { withScreens } from '../lib/more-screens.ts';
import { now, summarise } from '../lib/stats.ts';
import { Operator } from '#bench/lib/switch-rig.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const AUDIT_ENTRIES = 10_000;
const SCREENS = 2_000;
const ACTORS = ['user:olga', 'user:ben', 'user:aisha', 'user:dafydd', 'editor:zofia', 'tenant:bean-there'];
const ACTIONS = ['screen.rename', 'screen.reload', 'promotion.update', 'shopper.view', 'auth.sign-in', 'user.update', 'segment.update'];

/**
 * 10,000 entries over the last six days (inside the panel's default week), written straight into
 * the copied data folder's audit log before the hub starts, as a busy mall's week leaves them.
 */
async function seedAudit(dataRoot: string, mall: string): Promise<void> {
  const log = await DailyLog.open<AuditRecord>(join(dataRoot, mall, 'audit'), { fsync: false, schema: AuditRecord });
  const end = Date.now() - 60_000;
  const span = 6 * 86400_000;
  const entries: AuditRecord[] = Array.from({ length: AUDIT_ENTRIES }, (_, i) => ({
    id: `bench-audit-${i}`,
    at: new Date(end - span + Math.floor((i * span) / AUDIT_ENTRIES)).toISOString(),
    actor: ACTORS[(i * 7) % ACTORS.length],
    action: ACTIONS[(i * 5) % ACTIONS.length],
    target: `bench screen ${(i % SCREENS) + 1}`,
    from: `10.0.${i % 250}.${(i * 13) % 250}`,
    ...(i % 10 === 0 ? { detail: `changed ${i % 3 === 0 ? 'zone' : 'name'}` } : {}),
  }));
  await log.appendMany(entries);
  await log.flush();
}

async function signIn(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/panel`);
  await page.getByLabel('Username').fill(DEMO_OPERATOR.username);
  await page.getByLabel('Password').fill(DEMO_OPERATOR.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Pair a device' }).waitFor({ timeout: 30_000 });
}

/** Runs `act`, then waits (polling each frame) until `done` holds in the page; returns the ms between. */
async function timed(page: Page, act: () => Promise<void>, done: string, arg?: unknown): Promise<number> {
  const t0 = now();
  await act();
  try {
    await page.waitForFunction(new Function('arg', `return (${done})(arg)`) as (arg: unknown) => boolean, arg, { polling: 'raf', timeout: 30_000 });
  } catch (e) {
    const shows = await page.evaluate(() => [...document.querySelectorAll('.ui-table .pages')].map((el) => el.textContent?.trim()).join(' | '));
    throw new Error(`waited for ${JSON.stringify(arg)}; the table shows "${shows}": ${(e as Error).message.split('\n')[0]}`);
  }
  return now() - t0;
}

/** The table's "1–50 of 10,006" line, read in the page (numbers as the panel prints them). */
const countIs = `(want) => [...document.querySelectorAll('.ui-table .count')].some((el) => el.textContent.replace(/[^0-9–of ]/g, '').replace(/\\s+/g, ' ').trim() === want)`;
/** The table has the sort asked for (aria-sort on its header) and its first row holds `text`. */
const sortedWithFirst = `([label, column, dir, text]) => { const table = document.querySelector('[role=region][aria-label="' + label + '"] table'); if (!table) return false; const th = [...table.querySelectorAll('thead th')].find((h) => h.textContent.trim().startsWith(column)); const row = table.querySelector('tbody tr'); return th?.getAttribute('aria-sort') === dir && !!row && row.textContent.includes(text); }`;
const pageIs = `(want) => [...document.querySelectorAll('.ui-table .pages span')].some((el) => el.textContent.trim() === want)`;

const fmt = (n: number) => n.toLocaleString('en-GB');
const countLine = (total: number, page = 0, size = 50) => `${fmt(page * size + 1)}–${fmt(Math.min(total, (page + 1) * size))} of ${fmt(total)}`.replace(/[^0-9–of ]/g, '');

interface Rounds {
  first: number[];
  search: number[];
  sort: number[];
  page: number[];
}

export const panelLists: BenchModule = {
  name: 'panel lists (10,000 audit entries, 2,000 screens) in Chromium',
  async run({ quick, dataset, log, copyData }) {
    const what = (list: string) => `panel ${list}: time to first rows, and to the rows after a search, a sort and a page change, real Chromium`;
    if (!existsSync(resolve(ROOT, 'dist/server/panel/index.html'))) return [notBuilt('panel-lists', what('lists'), '', 'dist/ not built: run npm run build')];
    const rounds = quick ? 5 : 10;
    const dataRoot = await copyData();
    await withScreens(dataRoot, dataset, SCREENS);
    await seedAudit(dataRoot, dataset.mall);
    const hub = await spawnHub(dataRoot, { ATRIUM_DIST: resolve(ROOT, 'dist') });
    const executablePath = process.env.ATRIUM_CHROMIUM ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
    const browser = await chromium.launch({ headless: true, args: CHROMIUM_ARGS, ...(executablePath ? { executablePath } : {}) });
    try {
      // The browser signs in first: its sign-in is an audit entry too, counted in the totals below.
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await signIn(page, hub.url);
      const operator = await Operator.signIn(hub.url);
      const from = new Date(Date.now() - 6 * 86400_000).toISOString().slice(0, 10);
      const to = new Date().toISOString().slice(0, 10);
      type AuditPage = { total: number; rows: { actor: string; action: string }[] };
      const audit = (q: string) => operator.call<AuditPage>(`/api/audit/page?from=${from}&to=${to}${q}`);
      const all = await audit('&pageSize=1');
      if (all.total < AUDIT_ENTRIES) throw new Error(`the hub finds ${all.total} audit entries in the week, not ${AUDIT_ENTRIES}`);
      const searched = await audit('&q=olga%20screen.rename&pageSize=1');
      const byWho = await audit('&sort=actor&dir=ascending&pageSize=1');
      const devices = (await operator.call<{ kind: string; name: string }[]>('/api/devices')).filter((d) => d.kind === 'screen');
      const screens = devices.length;
      // A name only one screen has (the dataset's own and the added screens share the "bench screen N" pattern).
      const lone = devices.map((d) => d.name).find((n) => devices.filter((d) => d.name.includes(n)).length === 1) ?? devices[0].name;
      const lastByName = devices.map((d) => d.name).sort(new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' }).compare).at(-1)!;
      // The hub searches by words (each in the name, zone or groups), so it is asked what the name matches.
      const loneFound = (await operator.call<{ total: number }>(`/api/screens/page?q=${encodeURIComponent(lone)}&pageSize=1`)).total;
      log(`  ${fmt(all.total)} audit entries in the week (search "olga screen.rename": ${fmt(searched.total)}), ${fmt(screens)} screens (search "${lone}": ${fmt(loneFound)})`);

      const auditTimes: Rounds = { first: [], search: [], sort: [], page: [] };
      const screenTimes: Rounds = { first: [], search: [], sort: [], page: [] };
      for (let r = 0; r < rounds; r++) {
        // The audit log, from another tab: its first page of 10,000.
        await page.evaluate(() => (location.hash = 'today'));
        await page.getByRole('heading', { name: 'Pair a device' }).waitFor();
        auditTimes.first.push(await timed(page, () => page.evaluate(() => void (location.hash = 'audit')), countIs, countLine(all.total)));
        const box = page.getByLabel('Search these entries');
        auditTimes.search.push(await timed(page, () => box.fill('olga screen.rename'), countIs, countLine(searched.total)));
        await box.fill('');
        await page.waitForFunction(new Function('arg', `return (${countIs})(arg)`) as (a: unknown) => boolean, countLine(all.total), { polling: 'raf' });
        auditTimes.sort.push(await timed(page, () => page.getByRole('button', { name: /^Who/ }).click(), sortedWithFirst, ['Audit entries', 'Who', 'ascending', byWho.rows[0].actor]));
        auditTimes.page.push(await timed(page, () => page.getByRole('button', { name: 'Next page' }).click(), pageIs, `Page 2 of ${Math.ceil(all.total / 50)}`));

        // The Screens tab: 2,000 screens on the hub, one page asked for and in the DOM.
        screenTimes.first.push(await timed(page, () => page.evaluate(() => void (location.hash = 'screens')), countIs, countLine(screens)));
        const find = page.getByLabel('Search screens');
        screenTimes.search.push(await timed(page, () => find.fill(lone), countIs, countLine(loneFound)));
        await find.fill('');
        await page.waitForFunction(new Function('arg', `return (${countIs})(arg)`) as (a: unknown) => boolean, countLine(screens), { polling: 'raf' });
        // Sorted by name, then the other way: the last name by the panel's own collation comes first.
        await page.getByRole('button', { name: /^Screen/ }).first().click();
        screenTimes.sort.push(await timed(page, () => page.getByRole('button', { name: /^Screen/ }).first().click(), sortedWithFirst, ['Screens table', 'Screen', 'descending', lastByName]));
        screenTimes.page.push(await timed(page, () => page.getByRole('button', { name: 'Next page' }).click(), pageIs, `Page 2 of ${Math.ceil(screens / 50)}`));
      }
      await context.close();

      const rows: Row[] = [];
      for (const [id, list, times, note] of [
        ['panel-audit-10000', `audit log (${fmt(all.total)} entries)`, auditTimes, `searched, sorted and paged on the hub (GET /api/audit/page); the search includes the ${SEARCH_PAUSE_MS} ms typing pause before the hub is asked`],
        ['panel-screens-2000', `Screens tab (${fmt(screens)} screens)`, screenTimes, `filtered, searched, sorted and paged on the hub (GET /api/screens/page), live statuses from the socket patch the page in view; the search includes the ${SEARCH_PAUSE_MS} ms typing pause`],
      ] as const) {
        const s = { first: summarise(times.first), search: summarise(times.search), sort: summarise(times.sort), page: summarise(times.page) };
        const worstChange = Math.max(s.search.p95, s.sort.p95, s.page.p95);
        const line = `first rows p50 ${s.first.p50} / p95 ${s.first.p95} ms; search ${s.search.p50} / ${s.search.p95}; sort ${s.sort.p50} / ${s.sort.p95}; next page ${s.page.p50} / ${s.page.p95} ms (p50 / p95, ${rounds} rounds)`;
        log(`  ${list}: ${line}`);
        rows.push({
          id,
          what: what(list),
          target: 'first rows p95 ≤ 1,000 ms; each change p95 ≤ 500 ms',
          measured: worstChange,
          unit: 'ms',
          display: line,
          pass: s.first.p95 <= 1000 && worstChange <= 500,
          summary: s.first,
          rounds: [s],
          note,
        });
      }
      return rows;
    } finally {
      await browser.close();
      await hub.stop();
    }
  },
};
