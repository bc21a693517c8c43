import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import sharp from 'sharp';
import { test, expect, type Page } from '@playwright/test';
import { CONSENT_TEXTS, consentText } from '#shared/consent-texts.ts';
import { MESSAGES } from '#shared/i18n/messages.ts';
import { runNpmScript } from '#server/testing/cli.ts';
import { ephemeralPort, HubProcess, startEmptyHub } from './hub-process.ts';
import { expectAccessible, pairFromPanel, tapCard } from './fixtures.ts';
import { fillSetup, submitSetupAndSignIn } from './setup-form.ts';

const SHOTS = 'test-results/screens';

async function shoot(page: Page, name: string, sizes: readonly (readonly [number, number, string])[]) {
  for (const [w, h, label] of sizes) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: `${SHOTS}/${name}-${label}.png`, fullPage: true });
  }
}

/** A logo made here: a wine-red badge with a gold bar, as a mall's designer might send. */
async function logoFile(dir: string): Promise<string> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="160"><rect width="480" height="160" rx="24" fill="#ffffff"/><circle cx="80" cy="80" r="56" fill="#7a1f3d"/><rect x="160" y="56" width="280" height="48" rx="12" fill="#c8962e"/></svg>`;
  const file = join(dir, 'northgate-logo.png');
  await writeFile(file, await sharp(Buffer.from(svg)).png().toBuffer());
  return file;
}

/** Types a translation into a list item's "Translations" fields in the Mall tab and saves the item. */
async function translate(panel: Page, section: string, item: string, english: string) {
  const list = panel.getByRole('region', { name: section });
  const row = list.getByRole('listitem').filter({ has: panel.getByLabel(`Name of ${section === 'Zones' ? 'zone' : 'interest'} ${item}`) });
  await row.getByText(/^Translations/).click();
  await row.getByLabel(`${item} in English`).fill(english);
  await row.getByRole('button', { name: `Save ${item}` }).click();
  await expect(list.getByRole('status')).toHaveText(`Saved ${item}.`);
}

test('Northgate Centre: set up from an empty hub, named in Polish and English, branded with a logo, a kiosk paired, a shopper enrolled, backed up and restored on a second hub', async ({ browser }) => {
  test.setTimeout(240_000);
  const dataRoot = await mkdtemp(join(tmpdir(), 'atrium-northgate-e2e-'));
  const cleanup: string[] = [];
  const { child, token, url } = await startEmptyHub(dataRoot, await ephemeralPort());
  try {
    const context = await browser.newContext();
    const panel = await context.newPage();

    // 1. Set-up: Europe/Warsaw, Polish by default, three zones named in Polish.
    await panel.goto(`${url}/panel`);
    await fillSetup(panel, {
      token,
      name: 'Northgate Centre',
      timezone: 'Europe/Warsaw',
      locale: 'pl-PL',
      defaultLanguage: 'pl',
      publicUrl: url,
      zones: ['Wejście główne', 'Strefa restauracji', 'Moda'],
      // The journey runs at any hour of this machine's real clock: outside usual hours (09:00–21:00
      // in Warsaw) the kiosk would say "closed" and refuse joining; signage-loops.e2e.ts tests that.
      alwaysOpen: true,
      username: 'anna',
      password: 'a long enough password',
    });
    await submitSetupAndSignIn(panel, 'anna', 'a long enough password');
    await expect(panel.getByRole('heading', { name: 'Atrium — Northgate Centre' })).toBeVisible();

    // 2. The Mall tab: English names for the zones, two interests in both languages.
    await panel.goto(`${url}/panel#mall`);
    await expect(panel.getByRole('heading', { name: 'The mall' })).toBeVisible();
    await translate(panel, 'Zones', 'Wejście główne', 'Main entrance');
    await translate(panel, 'Zones', 'Strefa restauracji', 'Food court');
    await translate(panel, 'Zones', 'Moda', 'Fashion');
    const interests = panel.getByRole('region', { name: 'Interests shoppers may choose' });
    for (const [pl, en] of [['Kawa', 'Coffee'], ['Książki', 'Books']] as const) {
      await interests.getByLabel('New interest', { exact: true }).fill(pl);
      await interests.getByRole('button', { name: 'Add interest' }).click();
      await expect(interests.getByRole('status')).toHaveText('Added.');
      await translate(panel, 'Interests shoppers may choose', pl, en);
    }
    const zones = await panel.evaluate(async () => (await (await fetch('/api/mall')).json()).zones);
    expect(zones).toEqual([
      { id: 'wejscie-glowne', name: 'Wejście główne', names: { en: 'Main entrance' } },
      { id: 'strefa-restauracji', name: 'Strefa restauracji', names: { en: 'Food court' } },
      { id: 'moda', name: 'Moda', names: { en: 'Fashion' } },
    ]);

    // 3. The brand: a logo and the mall's colours; a colour text cannot be read on is refused by name.
    const brand = panel.getByRole('region', { name: 'Logo and colours' });
    await brand.getByLabel(/^Logo \(PNG/).setInputFiles(await logoFile(dataRoot));
    await expect(brand.getByRole('status')).toHaveText('Logo saved.');
    await expect(brand.getByTestId('brand-preview').locator('img')).toBeVisible();
    await brand.getByLabel('Main colour (header, main buttons; white text)', { exact: true }).fill('#e0a020');
    await brand.getByRole('button', { name: 'Save the colours' }).click();
    await expect(brand.getByText(/pick a darker colour/)).toBeVisible();
    await brand.getByLabel('Main colour (header, main buttons; white text)', { exact: true }).fill('#7a1f3d');
    await brand.getByLabel('Accent colour (highlights, the screens’ frame)', { exact: true }).fill('#c8962e');
    await brand.getByRole('button', { name: 'Save the colours' }).click();
    await expect(brand.getByRole('status')).toHaveText('Colours saved.');
    await expectAccessible(panel, 'the Mall tab');
    await shoot(panel, 'mall-tab', [[390, 844, 'phone'], [1280, 800, 'desktop'], [1920, 1080, 'wide']]);
    await panel.setViewportSize({ width: 1280, height: 800 });

    // 4. A kiosk at the entrance: the mall's name and logo, its interests named in Polish, then English.
    await panel.goto(`${url}/panel`);
    const kiosk = await context.newPage();
    await kiosk.setViewportSize({ width: 1080, height: 1920 });
    await pairFromPanel(panel, kiosk, `${url}/kiosk`, 'Kiosk przy wejściu', 'Wejście główne');
    await expect(kiosk.getByRole('heading', { name: MESSAGES.pl.attractTitle })).toBeVisible();
    await expect(kiosk.getByTestId('mall-name')).toHaveText('Northgate Centre');
    const logo = kiosk.getByTestId('brand-logo');
    await expect(logo).toBeVisible();
    expect(await logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(await kiosk.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--accent').trim())).toBe('#7a1f3d');
    await expectAccessible(kiosk, 'the branded attract screen');
    await shoot(kiosk, 'kiosk-brand-attract', [[1080, 1920, 'portrait'], [1280, 800, 'desktop']]);
    await kiosk.setViewportSize({ width: 1080, height: 1920 });

    // A screen in the food court: with no promotions yet it plays the house slide, in the mall's
    // accent colour with its name and logo, over the mall's accent as the page's colour.
    const screen = await context.newPage();
    await screen.setViewportSize({ width: 1920, height: 1080 });
    await pairFromPanel(panel, screen, `${url}/screen`, 'Ekran w strefie restauracji', 'Strefa restauracji');
    await expect(screen.getByRole('heading', { name: 'Welcome to Northgate Centre' })).toBeVisible();
    const slide = screen.getByTestId('slide');
    await expect(slide.locator('img')).toHaveAttribute('src', /^\/brand\/logo-/);
    expect(await slide.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(200, 150, 46)');
    expect(await screen.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(200, 150, 46)');
    await screen.screenshot({ path: `${SHOTS}/screen-brand-idle-1920.png` });
    // Renaming the mall reaches the screen and the kiosk at once (mall:changed), no reload.
    await panel.evaluate(() => fetch('/api/mall', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Northgate' }) }));
    await expect(screen.getByRole('heading', { name: 'Welcome to Northgate', exact: true })).toBeVisible();
    await expect(screen.getByRole('heading', { name: 'Welcome to Northgate Centre' })).toHaveCount(0);
    await expect(kiosk.getByTestId('mall-name')).toHaveText('Northgate');
    await panel.evaluate(() => fetch('/api/mall', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Northgate Centre' }) }));
    await expect(kiosk.getByTestId('mall-name')).toHaveText('Northgate Centre');
    await screen.close();

    // 5. A shopper joins by card tap, in Polish: the interests and age bands are the mall's names.
    await tapCard(kiosk, '4111111111111111');
    await expect(kiosk.getByRole('heading', { name: MESSAGES.pl.consentTitle })).toBeVisible();
    await kiosk.getByLabel(consentText('pl', 'analytics').text).check();
    await kiosk.getByRole('button', { name: MESSAGES.pl.addDetails }).click();
    await expect(kiosk.getByLabel('Kawa')).toBeVisible();
    await expect(kiosk.getByLabel('Książki')).toBeVisible();
    await kiosk.getByRole('button', { name: MESSAGES.pl.back }).click();
    // The same shopper switches to English: the same interests, in English.
    await kiosk.getByRole('button', { name: MESSAGES.pl.notNow }).click();
    await kiosk.getByRole('button', { name: MESSAGES.en.languageName }).click();
    await tapCard(kiosk, '4111111111111111');
    await kiosk.getByLabel(CONSENT_TEXTS.en.analytics).check();
    await kiosk.getByRole('button', { name: MESSAGES.en.addDetails }).click();
    await expect(kiosk.getByLabel('Coffee')).toBeVisible();
    await expect(kiosk.getByLabel('Kawa')).toHaveCount(0);
    await kiosk.getByLabel('Coffee').check();
    await kiosk.getByLabel('65 and over').check();
    await shoot(kiosk, 'kiosk-brand-profile', [[1080, 1920, 'portrait']]);
    await kiosk.getByRole('button', { name: MESSAGES.en.join, exact: true }).click();
    await expect(kiosk.getByTestId('visit-count')).toHaveText('Your first visit');
    await expect(kiosk.getByTestId('mall-name')).toHaveText('Northgate Centre');
    await shoot(kiosk, 'kiosk-brand-welcome', [[1080, 1920, 'portrait']]);

    // The shopper is on the hub, with the choices as the lists' ids.
    const passUrl = (await kiosk.getByTestId('pass-qr').getAttribute('data-link')) ?? '';
    const passId = /\/pass\/([A-Za-z0-9_-]{22})$/.exec(passUrl)?.[1];
    expect(passId).toBeTruthy();
    const shopper = await panel.evaluate(async (id) => (await fetch(`/api/shoppers/${id}`)).json(), passId!);
    expect(shopper.pass).toMatchObject({ interests: ['kawa'], ageBand: '65+', language: 'en', brand: { primary: '#7a1f3d' } });

    // The shopper's pass page on a phone carries the mall's name and logo.
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.goto(passUrl);
    await expect(phone.getByTestId('mall-header')).toContainText('Northgate Centre');
    await expect(phone.getByTestId('mall-header').locator('img')).toBeVisible();
    await phone.screenshot({ path: `${SHOTS}/pass-brand-phone.png`, fullPage: true });
    await phone.close();

    // 6. A backup of this running hub (the real `npm run backup`, keys apart), restored by
    //    `npm run restore` into a fresh folder: a second hub started on it knows the shopper.
    const backupDir = join(dataRoot, '..', `${basename(dataRoot)}-backup`);
    const keysDir = join(dataRoot, '..', `${basename(dataRoot)}-keys`);
    const restoredRoot = join(dataRoot, '..', `${basename(dataRoot)}-restored`);
    cleanup.push(backupDir, keysDir, restoredRoot);
    const taken = await runNpmScript('backup', [backupDir, '--secrets', keysDir], { ATRIUM_DATA: dataRoot, ATRIUM_MALL: 'northgate' }, 90_000);
    expect(taken.code, taken.stderr).toBe(0);
    const restored = await runNpmScript('restore', [backupDir, '--data', restoredRoot, '--secrets', keysDir], { ATRIUM_MALL: 'northgate' }, 90_000);
    expect(restored.code, restored.stderr).toBe(0);
    const second = new HubProcess(await ephemeralPort(), restoredRoot, { ATRIUM_MALL: 'northgate', ATRIUM_DEMO: '0' });
    await second.start();
    try {
      const elsewhere = await browser.newPage();
      await elsewhere.goto(`${second.url}/panel`);
      await elsewhere.getByLabel('Username').fill('anna');
      await elsewhere.getByLabel('Password').fill('a long enough password');
      await elsewhere.getByRole('button', { name: 'Sign in' }).click();
      await expect(elsewhere.getByRole('heading', { name: 'Atrium — Northgate Centre' })).toBeVisible();
      const again = await elsewhere.evaluate(async (id) => (await fetch(`/api/shoppers/${id}`)).json(), passId!);
      expect(again.pass).toMatchObject({ interests: ['kawa'], ageBand: '65+', language: 'en' });
      await elsewhere.close();
    } finally {
      await second.kill();
    }

    await context.close();
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    for (const dir of [dataRoot, ...cleanup]) await rm(dir, { recursive: true, force: true });
  }
});
