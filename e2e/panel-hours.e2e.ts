import type { Page } from '@playwright/test';
import { expect, expectAccessible, openPanelTab, signInToPanel, test, WIDTHS } from './fixtures.ts';
import { dateField, typeTime } from './date-fields.ts';

/*
 * The Mall tab's opening hours (issue #17): a day may have more than one opening (a lunch break,
 * an evening), and a day may run until midnight. Each was lost or impossible in the hours table.
 */

const SHOTS = 'test-results/hours';

async function shoot(page: Page, name: string): Promise<void> {
  for (const size of WIDTHS) {
    await page.setViewportSize(size);
    await page.screenshot({ path: `${SHOTS}/${name}-${size.width}.png`, fullPage: true });
    // The hours close up: the full page is long.
    await page.locator('table.hours').screenshot({ path: `${SHOTS}/${name}-table-${size.width}.png` });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

const readSettings = (page: Page) => page.evaluate(async () => (await fetch('/api/mall/settings')).json());
const putSettings = (page: Page, body: unknown) =>
  page.evaluate(async (b) => (await fetch('/api/mall/settings', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(b) })).status, body);

async function openMallSettings(page: Page): Promise<void> {
  await openPanelTab(page, 'Mall');
  await expect(page.getByRole('button', { name: 'Save the settings' })).toBeVisible();
}

test('a day with two openings shows both, keeps both on save, and a second opening is added and removed in the table', async ({ page, hub }) => {
  await signInToPanel(page, hub);
  const usual = Array.from({ length: 7 }, () => [{ open: '09:00', close: '21:00' }]);
  const split = structuredClone(usual);
  split[0] = [
    { open: '10:00', close: '14:00' },
    { open: '17:00', close: '22:00' },
  ];
  expect(await putSettings(page, { ...(await readSettings(page)), openingHours: split })).toBe(200);

  // Both of Monday's openings show, and saving another setting keeps them.
  await openMallSettings(page);
  await expect(dateField(page, 'Monday opens')).toHaveAttribute('data-value', '10:00');
  await expect(dateField(page, 'Monday closes')).toHaveAttribute('data-value', '14:00');
  await expect(dateField(page, 'Monday opens, opening 2')).toHaveAttribute('data-value', '17:00');
  await expect(dateField(page, 'Monday closes, opening 2')).toHaveAttribute('data-value', '22:00');
  await page.getByLabel(/^Smallest group shown/).fill('6');
  await page.getByRole('button', { name: 'Save the settings' }).click();
  await expect(page.getByText('Settings saved')).toBeVisible();
  expect((await readSettings(page)).openingHours[0]).toEqual(split[0]);

  // Tuesday gets a second opening in the table; one that overlaps the first is refused beside it.
  await page.getByRole('button', { name: 'Add an opening on Tuesday' }).click();
  await typeTime(dateField(page, 'Tuesday opens, opening 2'), '20:00');
  await typeTime(dateField(page, 'Tuesday closes, opening 2'), '23:00');
  await page.getByRole('button', { name: 'Save the settings' }).click();
  await expect(page.getByText('Overlaps another opening that day.')).toBeVisible();
  // Said under the opening, and the field it concerns is marked and described by it.
  await expect(dateField(page, 'Tuesday opens, opening 2')).toHaveAttribute('aria-invalid', 'true');
  await expect(dateField(page, 'Tuesday opens, opening 2')).toHaveAccessibleDescription('Overlaps another opening that day.');
  await shoot(page, 'overlap');
  expect((await readSettings(page)).openingHours[1]).toEqual(usual[1]);
  // …and one that ends before it starts, likewise.
  await typeTime(dateField(page, 'Tuesday opens, opening 2'), '22:00');
  await typeTime(dateField(page, 'Tuesday closes, opening 2'), '21:30');
  await page.getByRole('button', { name: 'Save the settings' }).click();
  await expect(page.getByText('Closes before it opens.')).toBeVisible();
  await typeTime(dateField(page, 'Tuesday closes, opening 2'), '23:30');
  await page.getByRole('button', { name: 'Save the settings' }).click();
  await expect(page.getByText('Settings saved')).toBeVisible();
  await shoot(page, 'two-openings');
  await expectAccessible(page, 'the Mall tab with two openings on a day');

  // After a reload both days still show both openings.
  await page.reload();
  await openMallSettings(page);
  await expect(dateField(page, 'Monday opens, opening 2')).toHaveAttribute('data-value', '17:00');
  await expect(dateField(page, 'Tuesday opens, opening 2')).toHaveAttribute('data-value', '22:00');
  await expect(dateField(page, 'Tuesday closes, opening 2')).toHaveAttribute('data-value', '23:30');
  expect((await readSettings(page)).openingHours.slice(0, 2)).toEqual([
    split[0],
    [
      { open: '09:00', close: '21:00' },
      { open: '22:00', close: '23:30' },
    ],
  ]);

  // Monday's first opening removed: the evening one is left, and saved.
  await page.getByRole('button', { name: 'Remove Monday’s opening 1' }).click();
  await expect(dateField(page, 'Monday opens, opening 2')).toHaveCount(0);
  await expect(dateField(page, 'Monday opens')).toHaveAttribute('data-value', '17:00');
  await page.getByRole('button', { name: 'Save the settings' }).click();
  await expect(page.getByText('Settings saved')).toBeVisible();
  expect((await readSettings(page)).openingHours[0]).toEqual([{ open: '17:00', close: '22:00' }]);
});

test('a day open until midnight is entered as closing at 00:00, shown as midnight, and stored as the end of the day', async ({ page, hub }) => {
  await signInToPanel(page, hub);
  await openMallSettings(page);
  await page.getByLabel('Always open (all day, every day)').uncheck();
  const fridayCloses = dateField(page, 'Friday closes');
  await expect(page.getByText('A closing time of 00:00 keeps the mall open until midnight.')).toBeVisible();
  await typeTime(fridayCloses, '00:00', '24:00');
  await expect(fridayCloses).toHaveAccessibleDescription(/until midnight/);
  await page.getByRole('button', { name: 'Save the settings' }).click();
  await expect(page.getByText('Settings saved')).toBeVisible();
  expect((await readSettings(page)).openingHours[4]).toEqual([{ open: '09:00', close: '24:00' }]);
  await shoot(page, 'until-midnight');

  // Read back, it is still midnight, and a save of something else keeps it.
  await page.reload();
  await openMallSettings(page);
  await expect(fridayCloses).toHaveAttribute('data-value', '24:00');
  await expect(fridayCloses).toHaveAccessibleDescription(/until midnight/);
  await expect(fridayCloses.locator('[data-segment="hour"]')).toHaveText('00');
  await page.getByLabel(/^Smallest group shown/).fill('6');
  await page.getByRole('button', { name: 'Save the settings' }).click();
  await expect(page.getByText('Settings saved')).toBeVisible();
  expect((await readSettings(page)).openingHours[4]).toEqual([{ open: '09:00', close: '24:00' }]);
});
