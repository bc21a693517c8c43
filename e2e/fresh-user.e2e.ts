import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { ephemeralPort, startEmptyHub } from './hub-process.ts';
import { expect, openPanelTab, signInToPanel, test, WIDTHS } from './fixtures.ts';
import { showReport, signInAsShop } from './shop-report.ts';

/** What a new user reported on first trying Atrium (issue #17), each checked where they saw it. */

const SHOTS = 'test-results/fresh';

async function shoot(page: Page, name: string): Promise<void> {
  for (const size of WIDTHS) {
    await page.setViewportSize(size);
    await page.screenshot({ path: `${SHOTS}/${name}-${size.width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

test('the demo mall, which never closes, shows “Always open” on the Mall tab, and a save keeps it open', async ({ page, hub }) => {
  await signInToPanel(page, hub);
  await openPanelTab(page, 'Mall');
  const always = page.getByLabel('Always open (all day, every day)');
  await expect(always).toBeChecked();
  await expect(page.getByLabel('Monday opens')).toHaveCount(0);
  await shoot(page, 'mall-always-open');
  await page.getByLabel(/^Smallest group shown/).fill('6');
  await page.getByRole('button', { name: 'Save the settings' }).click();
  await expect(page.getByText('Settings saved')).toBeVisible();
  const settings = await page.evaluate(async () => (await fetch('/api/mall/settings')).json());
  expect(settings.k).toBe(6);
  expect(settings.openingHours).toEqual(Array.from({ length: 7 }, () => [{ open: '00:00', close: '24:00' }]));
  // Unticked, the usual hours appear to edit.
  await always.uncheck();
  await expect(page.getByLabel('Monday opens')).toBeVisible();
});

test('a shop report with no visits shows the empty state alone, no empty chart', async ({ page, hub }) => {
  await signInAsShop(page, hub);
  await showReport(page, '2020-01-06', '2020-02-02', 'week');
  await expect(page.getByTestId('chart-empty').first()).toHaveText('No visits in this period');
  await expect(page.locator('.reports canvas')).toHaveCount(0);
  await expect(page.getByTestId('x-axis')).toHaveCount(0);
  await shoot(page, 'shop-report-empty');
});
