import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, type Page } from '@playwright/test';
import { MESSAGES } from '#shared/i18n/messages.ts';
import { ephemeralPort, startEmptyHub } from './hub-process.ts';
import { expectAccessible, pairFromPanel } from './fixtures.ts';
import { dateField, typeTime } from './date-fields.ts';
import { fillSetup, submitSetupAndSignIn } from './setup-form.ts';

async function shoot(page: Page, name: string) {
  for (const [w, h, label] of [[390, 844, 'phone'], [1280, 800, 'desktop'], [1080, 1920, 'portrait']] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: `test-results/screens/${name}-${label}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

test('an empty hub with demo off is set up from the panel as Northgate Centre, then an operator signs in and pairs a kiosk', async ({ browser }) => {
  const dataRoot = await mkdtemp(join(tmpdir(), 'atrium-setup-e2e-'));
  const { child, token, url } = await startEmptyHub(dataRoot, await ephemeralPort());
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${url}/panel`);
    await expect(page.getByRole('heading', { name: 'Set up your mall' })).toBeVisible();
    await expectAccessible(page, 'the set-up form');

    // The machine's own zone (America/New_York here) is chosen to start with, never a blank.
    await expect(page.getByLabel(/^Time zone/)).toHaveValue(/.+/);
    await fillSetup(page, {
      token,
      name: 'Northgate Centre',
      timezone: 'Europe/Warsaw',
      locale: 'pl-PL',
      defaultLanguage: 'pl',
      // Not an address: refused beside the field, not a frozen form.
      publicUrl: 'northgate.example',
      zones: ['Wejście główne', 'Strefa restauracji', 'Moda'],
      username: 'anna',
      password: 'a long enough password',
    });
    await page.getByRole('button', { name: 'Set up the mall' }).click();
    await expect(page.getByText('give an http:// or https:// address')).toBeVisible();
    await page.getByLabel('Public address shoppers\' phones reach the hub at').fill('https://northgate.example');
    await page.getByLabel('Sunday closed').check();
    // A Wednesday that closes before it opens is refused by name, beside the day.
    await typeTime(dateField(page, 'Wednesday closes'), '08:00');
    await page.getByRole('button', { name: 'Set up the mall' }).click();
    await expect(page.getByText('closes before it opens')).toBeVisible();
    await shoot(page, 'setup-error');
    await typeTime(dateField(page, 'Wednesday closes'), '21:00');

    // A wrong token is the hub's refusal, shown beside the token.
    await page.getByLabel("Token from the hub's console").fill('x'.repeat(43));
    await page.getByRole('button', { name: 'Set up the mall' }).click();
    await expect(page.getByText('that is not the set-up token the hub printed')).toBeVisible();
    await page.getByLabel("Token from the hub's console").fill(token);
    await submitSetupAndSignIn(page, 'anna', 'a long enough password');
    await expect(page.getByRole('heading', { name: 'Atrium — Northgate Centre' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Pair a device' })).toBeVisible();

    // The mall clock is the mall's, not the machine's.
    const settings = await page.evaluate(async () => (await fetch('/api/mall/settings')).json());
    expect(settings).toMatchObject({ timezone: 'Europe/Warsaw', locale: 'pl-PL', defaultLanguage: 'pl', publicUrl: 'https://northgate.example' });
    expect(settings.openingHours[6]).toEqual([]);
    // The kiosk part runs at any hour on this machine's real clock: the mall is opened all week
    // first (outside its hours a kiosk shows "closed": signage-loops.e2e.ts tests that on a test clock).
    const allWeek = Array.from({ length: 7 }, () => [{ open: '00:00', close: '24:00' }]);
    expect(await page.evaluate(async (body) => (await fetch('/api/mall/settings', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).status, { ...settings, openingHours: allWeek })).toBe(200);

    const kiosk = await context.newPage();
    await pairFromPanel(page, kiosk, `${url}/kiosk`, 'Kiosk at the entrance', 'Wejście główne');
    // The mall's default language is Polish: the kiosk starts in it, and comes back to it.
    await expect(kiosk.getByRole('heading', { name: MESSAGES.pl.attractTitle })).toBeVisible();
    await kiosk.getByRole('button', { name: MESSAGES.en.languageName }).click();
    await expect(kiosk.getByRole('heading', { name: MESSAGES.en.attractTitle })).toBeVisible();
    await kiosk.reload();
    await expect(kiosk.getByRole('heading', { name: MESSAGES.pl.attractTitle })).toBeVisible();

    await context.close();
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await rm(dataRoot, { recursive: true, force: true });
  }
});
