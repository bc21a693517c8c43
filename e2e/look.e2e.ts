import type { Locator, Page } from '@playwright/test';
import { enrolByTap } from '#server/testing/enrol.ts';
import { expect, expectAccessible, test } from './fixtures.ts';

/**
 * The till and the pass page on the design system: axe-clean with 48 px targets in the light and
 * the dark theme, at a phone's, a laptop's and a wall monitor's width. Each is kept in
 * test-results/screenshots/ (left behind by `npm test`) to look at, and the light 1280 px view is
 * compared with the committed reference (e2e/look.e2e.ts-snapshots/) with a tolerance that
 * survives another machine's font hinting: animations off, the per-run pass QR masked.
 */
const DIR = 'test-results/screenshots';
const WIDTHS = [390, 1280, 1920] as const;
const THEMES = ['light', 'dark'] as const;
const COMPARE = { maxDiffPixelRatio: 0.02, animations: 'disabled', caret: 'hide', fullPage: true } as const;

test.use({ hubConfig: { k: 2, timezone: 'Europe/London' } });

async function tour(page: Page, name: string, ready: Locator, mask: Locator[] = []): Promise<void> {
  for (const theme of THEMES) {
    await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : width === 1280 ? 800 : 1080 });
      await expect(ready).toBeVisible();
      await expectAccessible(page, `${name} at ${width} px, ${theme}`);
      // Nothing wider than the window.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await page.screenshot({ path: `${DIR}/${name}-${width}-${theme}.png`, fullPage: true, mask });
      if (width === 1280 && theme === 'light') await expect(page).toHaveScreenshot(`${name}-1280-light.png`, { ...COMPARE, mask });
    }
  }
}

test('the till, signed in as a shop, wears the mall and the theme', async ({ hub, page }) => {
  test.setTimeout(90_000);
  await page.goto(`${hub.url}/till`);
  await page.emulateMedia({ colorScheme: 'dark' });
  await expectAccessible(page, 'the till sign-in, dark');
  await page.screenshot({ path: `${DIR}/till-sign-in-390-dark.png` });
  await page.getByLabel('Username').fill('bean-there');
  await page.getByLabel('Password').fill('atrium-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('till-shop')).toHaveText('Bean There Coffee');
  // The mall's brand colour is on the page (applyBrand over the tokens).
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--brand').trim())).toBe(
    (await (await fetch(`${hub.url}/api/mall`, { headers: { cookie: await hub.login() } })).json()).brand.primary,
  );
  await tour(page, 'till', page.getByRole('heading', { name: 'Scan a pass' }));
});

test('the pass page follows the phone’s light or dark setting and the mall’s colours', async ({ hub, page }) => {
  test.setTimeout(90_000);
  const kiosk = await hub.socket({ token: (await hub.pair('kiosk', 'entrance')).token });
  const { passId } = await enrolByTap(kiosk, '4111111111111111');
  await page.goto(`${hub.url}/pass/${passId}`);
  await tour(page, 'pass', page.getByTestId('mall-header'), [page.getByTestId('pass-qr'), page.getByTestId('receipts'), page.locator('li', { hasText: ' · ' })]);
});
