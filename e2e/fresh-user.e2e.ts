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

test('a shop report with no visits shows the empty state alone, no empty chart', async ({ page, hub }) => {
  await signInAsShop(page, hub);
  await showReport(page, '2020-01-06', '2020-02-02', 'week');
  await expect(page.getByTestId('chart-empty').first()).toHaveText('No visits in this period');
  await expect(page.locator('.reports canvas')).toHaveCount(0);
  await expect(page.getByTestId('x-axis')).toHaveCount(0);
  await shoot(page, 'shop-report-empty');
});
