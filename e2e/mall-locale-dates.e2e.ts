/**
 * Dates and times are typed in the mall's locale, not the browser's (issue 17): a UK mall's shop
 * manager on an en-US browser sees and types day-first dates and a 24-hour clock; a US mall's
 * operator sees month-first dates and am/pm. Every field still sends the hub 'YYYY-MM-DD' and
 * 'HH:mm'. Screens: a shop's report (tenant), the promotion form (an operator's form) and the
 * opening hours (Mall tab), each looked at with the picker open at 390, 1280 and 1920 px.
 */
import { mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { TestHub } from '#server/testing/test-hub.ts';
import { expect, openPanelTab, settle, signInToPanel, SHOTS, test, THEMES, WIDTHS } from './fixtures.ts';
import { dateField, leave, partsOf, typeDate, typeTime, valueOf } from './date-fields.ts';
import { signInAsShop } from './shop-report.ts';

// The person's browser is American, whatever the mall is.
test.use({ locale: 'en-US', timezoneId: 'America/New_York' });
const DIR = `${SHOTS}/dates`;
mkdirSync(DIR, { recursive: true });

/** Sets the mall's locale (and a London clock) as an operator would in the Mall tab. */
async function setMallLocale(hub: TestHub, locale: string): Promise<void> {
  const cookie = await hub.login();
  const settings = (await hub.api('/api/mall/settings', { cookie })).body as Record<string, unknown>;
  const saved = await hub.api('/api/mall/settings', { method: 'PUT', body: { ...settings, locale, timezone: 'Europe/London' }, cookie });
  expect(saved.status).toBe(200);
}

/** The demo operator in a UK mall, on a 1280 × 900 window, on the panel's `tab`. */
async function operatorInUkMall(page: Page, hub: TestHub, tab: string): Promise<void> {
  await setMallLocale(hub, 'en-GB');
  await page.setViewportSize({ width: 1280, height: 900 });
  await signInToPanel(page, hub);
  await openPanelTab(page, tab);
}

/** 'YYYY-MM-DD' as a UK date field shows it, and as a US one does. */
const dayFirst = (iso: string) => iso.split('-').reverse().join('/');
const monthFirst = (iso: string) => {
  const [y, m, d] = iso.split('-');
  return `${m}/${d}/${y}`;
};

/** axe finds nothing, and the field's and the open calendar's buttons are 48 px targets. */
async function expectPickerAccessible(page: Page, what: string): Promise<void> {
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`), `axe on ${what}`).toEqual([]);
  const small = await page.evaluate(() =>
    [...document.querySelectorAll('.date-field button, .date-field .control, .time-field .control, .ui-calendar-popover button, .ui-calendar-popover [role=button]')]
      .filter((el) => (el as HTMLElement).offsetParent !== null)
      .map((el) => ({ el: (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 30), r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.height < 47.5 || r.width < 47.5)
      .map(({ el, r }) => `${el} ${Math.round(r.width)}x${Math.round(r.height)}`),
  );
  expect(small, `touch targets under 48 px on ${what}`).toEqual([]);
}

/** Opens a date field's calendar and looks at it at every width (light theme) and in both themes (axe). */
async function lookWithPickerOpen(page: Page, label: string, name: string): Promise<void> {
  for (const size of WIDTHS) {
    await page.setViewportSize(size);
    for (const theme of THEMES) {
      await page.emulateMedia({ colorScheme: theme });
      await page.getByRole('button', { name: `Choose ${label} from a calendar` }).first().click();
      const calendar = page.locator('.ui-calendar-popover');
      await expect(calendar).toBeVisible();
      await settle(page);
      if (theme === 'light') {
        // The field and its open calendar, wherever on the page they are (the form is long).
        const { top, bottom } = await page.evaluate(() => {
          const r = document.querySelector('.ui-calendar-popover')!.getBoundingClientRect();
          return { top: r.top + scrollY, bottom: r.bottom + scrollY };
        });
        const y = Math.max(0, top - 160);
        await page.screenshot({ path: `${DIR}/${name}-${size.width}.png`, fullPage: true, clip: { x: 0, y, width: size.width, height: Math.max(size.height, bottom + 24 - y) } });
      }
      await expectPickerAccessible(page, `${name} with the calendar open at ${size.width} px, ${theme}`);
      await page.keyboard.press('Escape');
      await expect(calendar).toHaveCount(0);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 800 });
}

test("a UK mall's shop report shows day-first dates on an en-US browser", async ({ hub, page }) => {
  await setMallLocale(hub, 'en-GB');
  await signInAsShop(page, hub);
  for (const label of ['From', 'To']) {
    const field = dateField(page, label);
    expect(await partsOf(field), `${label}'s parts`).toEqual(['day', 'month', 'year']);
    await expect(field).toHaveText(dayFirst(await valueOf(field)));
  }
});

test("a shop's report: typing and picking a date give the same value, a half-typed date is named at its field", async ({ hub, page }) => {
  test.setTimeout(120_000);
  await setMallLocale(hub, 'en-GB');
  await signInAsShop(page, hub);
  const from = dateField(page, 'From');
  const to = dateField(page, 'To');

  // Picked: the first day of To's month, from the calendar.
  const first = `${(await valueOf(to)).slice(0, 7)}-01`;
  await page.getByRole('button', { name: 'Choose To from a calendar' }).click();
  await page.locator(`.ui-calendar-popover [data-value="${first}"] [role="button"]`).click();
  await expect(page.locator('.ui-calendar-popover')).toHaveCount(0);
  await expect(to).toHaveAttribute('data-value', first);
  await expect(to).toHaveText(dayFirst(first));

  // Typed, in the order the field shows (day, month, year), the same day.
  await from.locator('[data-segment="day"]').click();
  await page.keyboard.type(dayFirst(first).replaceAll('/', ''));
  await expect(from).toHaveAttribute('data-value', first);
  await page.getByRole('combobox', { name: /^By/ }).selectOption('day');
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  const shown = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${first}T00:00:00Z`));
  await expect(page.getByTestId('period-shown')).toContainText(shown);

  // A year rubbed out: no date to send, and the field says so by name.
  await from.locator('[data-segment="year"]').click();
  for (let i = 0; i < 5; i++) await page.keyboard.press('Backspace');
  await expect(from).toHaveAttribute('data-value', '');
  await leave(from);
  const fromField = page.getByTestId('date-field').filter({ has: from });
  await expect(fromField.getByRole('alert')).toContainText('“From”');
  await expect(from).toHaveAttribute('aria-invalid', 'true');
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await expect(fromField.getByRole('alert')).toContainText('“From”');
  await typeDate(from, first);
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await expect(fromField.getByRole('alert')).toHaveCount(0);

  await lookWithPickerOpen(page, 'From', 'shop-report');
});

test('the promotion form types dates and day-parts on the mall’s clock: 24-hour in a UK mall, am/pm in a US one', async ({ hub, page }) => {
  test.setTimeout(150_000);
  await operatorInUkMall(page, hub, 'Promotions');
  await page.getByRole('button', { name: 'New promotion' }).click();
  await page.getByLabel('Title', { exact: true }).fill('Lunch on the terrace');
  const from = dateField(page, 'From');
  expect(await partsOf(from)).toEqual(['day', 'month', 'year']);
  const start = new Date(Date.now() + 3 * 86400_000).toISOString().slice(0, 10);
  await typeDate(from, start);
  await expect(from).toHaveText(dayFirst(start));
  await page.getByRole('button', { name: 'Add a day-part' }).click();
  const starts = dateField(page, 'Starts');
  expect(await partsOf(starts)).toEqual(['hour', 'minute']);
  await expect(starts).toHaveText('12:00');
  await typeTime(starts, '11:30');
  await typeTime(dateField(page, 'Ends'), '14:15');
  await page.getByRole('button', { name: 'Save promotion' }).click();
  await expect.poll(() => hub.services.promotions.list().find((p) => p.title === 'Lunch on the terrace')?.schedule).toMatchObject({ from: start, dayParts: [{ start: '11:30', end: '14:15' }] });

  // The screenshot: the form with its calendar open.
  await page.getByRole('button', { name: 'Edit Lunch on the terrace' }).click();
  await expect(dateField(page, 'From')).toHaveAttribute('data-value', start);
  await lookWithPickerOpen(page, 'From', 'promotion-form');
  await page.getByRole('button', { name: 'Cancel' }).click();

  // A US mall: month first, and the same day-part on a 12-hour clock.
  await setMallLocale(hub, 'en-US');
  await page.reload();
  await openPanelTab(page, 'Promotions');
  await page.getByRole('button', { name: 'Edit Lunch on the terrace' }).click();
  expect(await partsOf(dateField(page, 'From'))).toEqual(['month', 'day', 'year']);
  await expect(dateField(page, 'From')).toHaveText(monthFirst(start));
  expect(await partsOf(dateField(page, 'Starts'))).toEqual(['hour', 'minute', 'dayPeriod']);
  await expect(dateField(page, 'Starts')).toHaveText(/^11:30\s?AM\W*$/);
  await expect(dateField(page, 'Ends')).toHaveText(/^02:15\s?PM\W*$/);
  await typeTime(dateField(page, 'Ends'), '15:45');
  await page.getByRole('button', { name: 'Save promotion' }).click();
  await expect.poll(() => hub.services.promotions.list().find((p) => p.title === 'Lunch on the terrace')?.schedule.dayParts).toEqual([{ start: '11:30', end: '15:45' }]);
});

test('opening hours follow the locale set beside them: 24-hour for en-GB, am/pm for en-US, stored as HH:mm', async ({ hub, page }) => {
  test.setTimeout(120_000);
  await operatorInUkMall(page, hub, 'Mall');
  // The demo mall keeps no hours of its own (always open): untick to edit them.
  await page.getByLabel('Always open (all day, every day)').uncheck();
  const opens = dateField(page, 'Monday opens');
  expect(await partsOf(opens)).toEqual(['hour', 'minute']);
  const before = await valueOf(opens);
  await expect(opens).toHaveText(before);

  // The locale field changes the clock face at once; the value stays.
  await page.getByLabel(/^Date and number format/).fill('en-US');
  await expect(opens.locator('[data-segment="dayPeriod"]')).toHaveCount(1);
  await expect(opens).toHaveAttribute('data-value', before);
  await typeTime(dateField(page, 'Monday closes'), '21:30');
  await page.getByRole('button', { name: 'Save the settings' }).click();
  const cookie = await hub.login();
  await expect.poll(async () => (await hub.api('/api/mall/settings', { cookie })).body.openingHours[0][0]).toEqual({ open: before, close: '21:30' });
  expect((await hub.api('/api/mall/settings', { cookie })).body.locale).toBe('en-US');
  await expect(dateField(page, 'Monday closes')).toHaveText(/^09:30\s?PM\W*$/);

  // A half-typed time is named at its field.
  const closes = dateField(page, 'Tuesday closes');
  await closes.locator('[data-segment="hour"]').click();
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await leave(closes);
  await expect(page.getByTestId('time-field').filter({ has: closes }).getByRole('alert')).toContainText('“Tuesday closes”');

  for (const size of WIDTHS) {
    await page.setViewportSize(size);
    await dateField(page, 'Wednesday opens').locator('[data-segment="hour"]').click();
    await settle(page);
    await page.getByRole('table').filter({ has: opens }).screenshot({ path: `${DIR}/opening-hours-${size.width}.png` });
  }
  for (const theme of THEMES) {
    await page.emulateMedia({ colorScheme: theme });
    await expectPickerAccessible(page, `the Mall tab's opening hours, ${theme}`);
  }
});
