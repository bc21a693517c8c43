import { mkdirSync, readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { request } from '#server/testing/test-hub.ts';
import { expect, expectAccessible, noSidewaysScroll, openPanelTab, settle, signInToPanel, SHOTS as DIR, test, THEMES, WIDTHS } from './fixtures.ts';
import { dateField, typeDate, valueOf } from './date-fields.ts';

/**
 * An operator's proof of play, calendar and loop preview: the report filtered and downloaded as
 * CSV, the week's calendar, and a screen's loop played with the screen's own slide; each sub-tab
 * axe-clean and fitting at 390, 1280 and 1920 px, light and dark, with screenshots to look at.
 */
async function lookAt(page: Page, name: string) {
  for (const theme of THEMES) {
    await page.emulateMedia({ colorScheme: theme });
    for (const size of WIDTHS) {
      await page.setViewportSize(size);
      await settle(page);
      const what = `${name} at ${size.width} px, ${theme}`;
      await page.screenshot({ path: `${DIR}/panel-plays-${name}-${size.width}-${theme}.png`, fullPage: true });
      await noSidewaysScroll(page, what);
      await expectAccessible(page, what);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 800 });
}

test.beforeAll(() => mkdirSync(DIR, { recursive: true }));

test('an operator reads proof of play, filters it, downloads the CSV, opens the calendar and plays a loop', async ({ hub, page }) => {
  test.setTimeout(240_000);
  const cookie = await hub.login();
  const paired = await hub.pair('screen', 'food-court', 'Screen by the fountain', cookie);
  const screen = await hub.socket({ token: paired.token });
  const id = (t: string) => hub.services.promotions.list().find((p) => p.title.startsWith(t))!.id;
  // Plays in the last hour, so they fall in the report's default week whatever the clock says.
  const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
  const impressions = [
    { seq: 1, promotionId: id('Flat white'), startedAt: at(5), durationMs: 10_000 },
    { seq: 2, promotionId: id('Flat white'), startedAt: at(4), durationMs: 10_000 },
    { seq: 3, promotionId: id('Welcome to'), startedAt: at(3), durationMs: 10_000 },
  ];
  expect(await request<any>(screen, 'impressions:report', { screenId: paired.device.id, impressions })).toMatchObject({ ok: true, data: { stored: 3 } });

  // A lunchtime promotion in the food court: it overlaps the all-day coffee one from 11:30 to 14:00.
  const today = hub.services.mall.clock().date;
  const lunch = { title: 'Lunch deal', zones: ['food-court'], priority: 9, schedule: { from: today, dayParts: [{ start: '11:30', end: '14:00' }] } };
  expect((await hub.api('/api/promotions', { cookie, body: lunch })).status).toBe(201);

  await page.setViewportSize({ width: 1280, height: 800 });
  await signInToPanel(page, hub);
  await openPanelTab(page, 'Plays & schedule');
  await expect(page.getByRole('heading', { name: 'Proof of play' })).toBeVisible();
  await expect(page.getByTestId('play-total')).toContainText('3 impressions');
  await expect(page.getByRole('row', { name: /Flat white, half price/ })).toContainText('2');
  await lookAt(page, 'report');

  // Filter: one promotion, then a zone where nothing played.
  await page.getByRole('combobox', { name: 'Promotion', exact: true }).selectOption({ label: 'Flat white, half price' });
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page.getByTestId('play-total')).toContainText('2 impressions');
  await page.getByRole('combobox', { name: 'Zone', exact: true }).selectOption({ label: 'Fashion wing' });
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page.getByTestId('play-total')).toContainText('0 impressions');
  await page.getByRole('combobox', { name: 'Zone', exact: true }).selectOption({ label: 'All zones' });
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page.getByTestId('play-total')).toContainText('2 impressions');

  // The CSV of what is shown: the filtered detail.
  const download = page.waitForEvent('download');
  await page.getByTestId('play-csv').click();
  const file = await (await download).path();
  const csv = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  const lines = csv.trimEnd().split('\r\n');
  expect(lines[0]).toMatch(/^date,hour \(.+\),promotion id,promotion,screen id,screen,zone id,zone,impressions$/);
  expect(lines.slice(1).every((l) => l.includes('"Flat white, half price"') && l.includes('Screen by the fountain'))).toBe(true);
  expect(lines.slice(1).reduce((sum, l) => sum + Number(l.split(',').at(-1)), 0)).toBe(2);

  // A range that ends before it starts: the hub's refusal shows at the field it names.
  const from = await valueOf(dateField(page, 'From'));
  await typeDate(dateField(page, 'To'), new Date(Date.parse(`${from}T00:00:00Z`) - 86400_000).toISOString().slice(0, 10));
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'before' })).toBeVisible();

  // The calendar: every zone's week, today marked.
  await page.getByRole('tab', { name: 'Calendar' }).click();
  await expect(page.getByRole('heading', { name: 'What plays when' })).toBeVisible();
  await expect(page.getByTestId('calendar-zone')).toHaveCount(4);
  const foodCourt = page.getByRole('region', { name: 'Food court' });
  await expect(foodCourt.getByTestId('calendar-day')).toHaveCount(7);
  await expect(foodCourt.getByTestId('calendar-day').first()).toContainText('today');
  const todayInFoodCourt = foodCourt.getByTestId('calendar-day').first().getByTestId('calendar-slot');
  await expect(todayInFoodCourt).toHaveCount(3);
  await expect(todayInFoodCourt.nth(0)).toContainText('00:00–11:30');
  await expect(todayInFoodCourt.nth(1)).toContainText('11:30–14:00');
  await expect(todayInFoodCourt.nth(1)).toContainText('2 promotions overlap');
  await expect(todayInFoodCourt.nth(1)).toContainText('Lunch deal');
  await expect(todayInFoodCourt.nth(2)).not.toContainText('Lunch deal');
  await page.getByRole('combobox', { name: 'Zone', exact: true }).selectOption({ label: 'Food court' });
  await expect(page.getByTestId('calendar-zone')).toHaveCount(1);
  await lookAt(page, 'calendar');

  // The loop preview: the screen's playlist, with the signage Slide, item after item.
  await page.getByRole('tab', { name: 'Loop preview' }).click();
  await page.getByRole('button', { name: 'Play' }).click();
  const frame = page.getByTestId('loop-frame');
  await expect(frame.getByTestId('slide')).toBeVisible();
  const playlist = (await hub.api(`/api/screens/${paired.device.id}/playlist`, { cookie })).body;
  await expect(page.getByTestId('loop-position')).toContainText(`Item 1 of ${playlist.items.length}: ${playlist.items[0].title}`);
  await expect(frame.getByTestId('slide')).toContainText(playlist.items[0].title);
  await lookAt(page, 'loop');
  if (playlist.items.length > 1) {
    await expect(page.getByTestId('loop-position')).toContainText(`Item 2 of ${playlist.items.length}`, { timeout: playlist.items[0].durationMs + 5_000 });
    await expect(frame.getByTestId('slide').last()).toContainText(playlist.items[1].title);
  }
});
