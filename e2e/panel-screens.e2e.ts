import AxeBuilder from '@axe-core/playwright';
import { pairMany } from '#server/testing/signage.ts';
import { answerConfirm, expect, noSidewaysScroll, openPanelTab, signInToPanel, test, WIDTHS } from './fixtures.ts';
import { pairScreenByApi, screenAction } from './screen-helpers.ts';

test('identify and reload from the Screens tab reach the right screen only; turning a screen reaches it', async ({ browser, hub, page }) => {
  const cookie = await hub.login();
  const pairAs = async (zoneId: string, name: string) => {
    const screen = await (await browser.newContext({ viewport: { width: 960, height: 540 } })).newPage();
    const id = await pairScreenByApi(screen, hub.url, (path, body) => hub.api(path, { body, cookie }), zoneId);
    expect((await hub.api(`/api/devices/${id}/settings`, { body: { name }, cookie })).status).toBe(200);
    // A marker a reload would wipe.
    await screen.evaluate(() => ((window as unknown as { marker: number }).marker = 7));
    return screen;
  };
  const north = await pairAs('entrance', 'North doors');
  const south = await pairAs('fashion', 'South stairs');

  await page.setViewportSize({ width: 1280, height: 800 });
  await signInToPanel(page, hub);
  await page.getByRole('link', { name: 'Screens' }).click();
  await expect(page.getByRole('heading', { name: 'Screens', exact: true })).toBeVisible();
  await expect(page.getByTestId('screen-row')).toHaveCount(2);
  // Online means a heartbeat has arrived; a screen sends its first one a few seconds after it connects.
  await expect(page.getByTestId('screens-summary')).toHaveText('2 online, 0 offline', { timeout: 30_000 });
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  await screenAction(page, 'North doors', 'Identify');
  await expect(north.getByTestId('identify')).toHaveText('North doors');
  await expect(south.getByTestId('identify')).toHaveCount(0);

  const southReloaded = south.waitForEvent('load');
  await page.getByRole('button', { name: 'Reload South stairs' }).click();
  await southReloaded;
  expect(await south.evaluate(() => (window as unknown as { marker?: number }).marker ?? null)).toBeNull();
  expect(await north.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(7);

  // Turn North doors a quarter with the keyboard: the row's menu opens on Enter, arrows reach
  // Settings (after Identify), Enter picks it; the screen turns its content.
  await page.getByRole('button', { name: 'More actions for North doors' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menuitem', { name: 'Identify' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menuitem', { name: 'Settings' })).toBeFocused();
  await page.keyboard.press('Enter');
  await page.screenshot({ path: 'test-results/screens/panel-screen-settings-1280.png', fullPage: true });
  await page.getByLabel('90°', { exact: true }).check();
  await page.getByRole('button', { name: 'Save North doors' }).press('Enter');
  await expect(north.locator('main')).toHaveAttribute('data-rotation', '90');
  await expect(south.locator('main')).toHaveAttribute('data-rotation', '0');
  await expect(page.getByRole('rowheader', { name: /North doors/ })).toContainText('turned 90°');

  // An empty name is refused in the form, naming the field, before anything is sent.
  await screenAction(page, 'North doors', 'Settings');
  await page.getByLabel('Name').fill('');
  await page.getByRole('button', { name: /^Save/ }).click();
  await expect(page.locator('.field-error')).toBeVisible();
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  // A screen that goes dark stands out.
  await north.context().close();
  await expect(page.getByTestId('screens-summary')).toHaveText('1 online, 1 offline', { timeout: 30_000 });
  // (Its settings, still open under it with the refused name, are a row of their own.)
  await expect(page.getByTestId('screen-row').filter({ has: page.getByRole('rowheader', { name: /North doors/ }) })).toContainText('OFFLINE');

  // Tablet width: the tab still works.
  await page.setViewportSize({ width: 820, height: 1180 });
  await expect(page.getByRole('button', { name: 'More actions for South stairs' })).toBeVisible();
  await screenAction(page, 'South stairs', 'Settings');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: 'test-results/screens/panel-screen-settings-390.png', fullPage: true });
});

test('ticked screens are reloaded, moved (with undo) and revoked together; the others are untouched', async ({ browser, hub, page }) => {
  test.setTimeout(90_000);
  const cookie = await hub.login();
  const pairAs = async (name: string) => {
    const screen = await (await browser.newContext({ viewport: { width: 640, height: 360 } })).newPage();
    const id = await pairScreenByApi(screen, hub.url, (path, body) => hub.api(path, { body, cookie }), 'entrance');
    expect((await hub.api(`/api/devices/${id}/settings`, { body: { name }, cookie })).status).toBe(200);
    await screen.evaluate(() => ((window as unknown as { marker: number }).marker = 7));
    return { screen, id };
  };
  const a = await pairAs('Atrium east');
  const b = await pairAs('Atrium west');
  const c = await pairAs('Car park lift');
  const marker = (p: typeof a) => p.screen.evaluate(() => (window as unknown as { marker?: number }).marker ?? null);
  const zoneOf = (id: string) => hub.services.devices.list().find((d) => d.id === id)?.zoneId;

  await page.setViewportSize({ width: 1280, height: 800 });
  await signInToPanel(page, hub);
  await page.getByRole('link', { name: 'Screens' }).click();
  await expect(page.getByTestId('screen-row')).toHaveCount(3);
  await expect(page.getByTestId('bulk-bar')).toHaveCount(0);
  await page.getByRole('checkbox', { name: 'Select Atrium east' }).check();
  await page.getByRole('checkbox', { name: 'Select Atrium west' }).check();
  const bar = page.getByTestId('bulk-bar');
  await expect(bar).toContainText('2 selected');
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  // Reload: the ticked two reload, the third keeps its page.
  const reloaded = [a.screen.waitForEvent('load'), b.screen.waitForEvent('load')];
  await bar.getByRole('button', { name: 'Reload' }).click();
  await Promise.all(reloaded);
  await expect(page.getByTestId('toast').filter({ hasText: 'Reload sent to 2 screens.' })).toBeVisible();
  expect(await marker(c)).toBe(7);

  // Move to another zone, then undo: each goes back where it was.
  await bar.getByLabel('Move to zone').selectOption({ label: 'Fashion wing' });
  await bar.getByRole('button', { name: 'Move' }).click();
  await expect.poll(() => [zoneOf(a.id), zoneOf(b.id), zoneOf(c.id)]).toEqual(['fashion', 'fashion', 'entrance']);
  await page.screenshot({ path: 'test-results/screens/panel-screens-bulk-1280.png' });
  await page.getByTestId('toast').filter({ hasText: '2 screens moved to Fashion wing.' }).getByRole('button', { name: /^Undo/ }).click();
  await expect.poll(() => [zoneOf(a.id), zoneOf(b.id), zoneOf(c.id)]).toEqual(['entrance', 'entrance', 'entrance']);

  // Revoke asks first; cancelling changes nothing, confirming revokes the ticked two only.
  await page.getByRole('checkbox', { name: 'Select every row on this page' }).check();
  await page.getByRole('checkbox', { name: 'Select Car park lift' }).uncheck();
  await expect(bar).toContainText('2 selected');
  await bar.getByRole('button', { name: 'Revoke…' }).click();
  await answerConfirm(page, 'cancel', 'Revoke Atrium east, Atrium west?');
  expect(hub.services.devices.list().filter((d) => !d.revokedAt)).toHaveLength(3);
  await bar.getByRole('button', { name: 'Revoke…' }).click();
  await answerConfirm(page, 'confirm', 'Revoke Atrium east, Atrium west?');
  await expect(page.getByTestId('screen-row')).toHaveCount(1);
  await expect(page.getByRole('rowheader', { name: 'Car park lift' })).toBeVisible();
  expect(hub.services.devices.list().filter((d) => !d.revokedAt).map((d) => d.id)).toEqual([c.id]);
  await expect(page.getByTestId('bulk-bar')).toHaveCount(0);
});

test('a long Screens list pages, sorts and searches on the hub, patches live status in view, and reloads all matching screens', async ({ browser, hub, page }) => {
  test.setTimeout(120_000);
  const cookie = await hub.login();
  // Sixty screens that were paired but are not on (offline), and two real ones at the entrance.
  // Their names end in a short id of their own (names are unique): read them from the pairing.
  const tech = (await pairMany(hub.services, 'screen', 'tech', 60)).map((s) => s.device.name);
  const pairAs = async (name: string) => {
    const screen = await (await browser.newContext({ viewport: { width: 640, height: 360 } })).newPage();
    const id = await pairScreenByApi(screen, hub.url, (path, body) => hub.api(path, { body, cookie }), 'entrance');
    expect((await hub.api(`/api/devices/${id}/settings`, { body: { name }, cookie })).status).toBe(200);
    await screen.evaluate(() => ((window as unknown as { marker: number }).marker = 7));
    return screen;
  };
  const north = await pairAs('Lobby north');
  const south = await pairAs('Lobby south');
  const table = page.getByRole('region', { name: 'Screens table' });
  const pages = page.getByRole('navigation', { name: 'Screens table pages' });

  await page.setViewportSize({ width: 1280, height: 800 });
  await signInToPanel(page, hub);
  await openPanelTab(page, 'Screens');
  await expect(page.getByTestId('screens-summary')).toHaveText('2 online, 60 offline', { timeout: 30_000 });
  // One page of 50 from the hub; offline first, so the two lobby screens are on the second page.
  await expect(pages).toContainText('1–50 of 62');
  await expect(page.getByTestId('screen-row')).toHaveCount(50);
  await pages.getByRole('button', { name: 'Next page' }).click();
  await expect(pages).toContainText('51–62 of 62');
  await expect(table.getByRole('rowheader')).toHaveText([...Array.from({ length: 10 }, () => /^screen tech/), 'Lobby north', 'Lobby south']);
  await noSidewaysScroll(page, 'the Screens tab at 1280 px');
  // The whole row fits: Reload and the row's menu are in view without scrolling sideways.
  const reloadNorth = table.getByRole('button', { name: 'Reload Lobby north' });
  const box = (await reloadNorth.boundingBox())!;
  const region = (await table.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(region.x + region.width);

  // Sorted by name, the other way: back to the first page, the last name first.
  await table.getByRole('button', { name: /^Screen/ }).click();
  await table.getByRole('button', { name: /^Screen/ }).click();
  await expect(table.getByRole('columnheader', { name: /^Screen/ })).toHaveAttribute('aria-sort', 'descending');
  await expect(pages).toContainText('1–50 of 62');
  await expect(table.getByRole('rowheader').first()).toHaveText(tech[59]);

  // A search: the hub finds the two lobby screens, by name or by their zone's name.
  await page.getByLabel('Search screens').fill('lobby');
  await expect(page.getByTestId('screen-row')).toHaveCount(2);
  await page.getByLabel('Search screens').fill('main entrance');
  await expect(table.getByRole('rowheader')).toHaveText(['Lobby south', 'Lobby north']);

  // A live change on the page in view: North goes dark; its row says so without a reload.
  await north.close();
  const northRow = page.getByTestId('screen-row').filter({ has: page.getByRole('rowheader', { name: 'Lobby north' }) });
  await expect(northRow).toContainText('OFFLINE', { timeout: 30_000 });
  // Filtered to offline screens, the list follows live changes by itself: North, back on, leaves it.
  await page.getByLabel('State', { exact: true }).selectOption('offline');
  await expect(table.getByRole('rowheader')).toHaveText(['Lobby north']);
  const northAgain = await north.context().newPage();
  await northAgain.goto(`${hub.url}/screen`);
  await expect(table.getByRole('rowheader')).toHaveCount(0, { timeout: 30_000 });
  await expect(table).toContainText('Nothing matches “main entrance”.');
  await page.getByLabel('State', { exact: true }).selectOption('');
  await expect(northRow).toContainText('online');
  await page.getByLabel('Search screens').fill('');
  await expect(pages).toContainText('1–50 of 62');

  // Every matching screen, across both pages, less one: reloaded on the hub by the filter.
  await table.getByRole('checkbox', { name: 'Select every row on this page' }).check();
  const bar = page.getByTestId('bulk-bar');
  await expect(bar).toContainText('50 selected');
  await bar.getByRole('button', { name: 'Select all 62 screens matching' }).click();
  await expect(bar).toContainText('62 selected');
  await table.getByRole('checkbox', { name: `Select ${tech[30]}`, exact: true }).uncheck();
  await expect(bar).toContainText('61 selected');
  const southReloaded = south.waitForEvent('load');
  const asked = page.waitForRequest((r) => r.url().endsWith('/api/screens/bulk'));
  await bar.getByRole('button', { name: 'Reload' }).click();
  // The hub was sent the filter and the one exception, not 61 ids.
  expect((await asked).postDataJSON()).toMatchObject({ action: 'reload', target: { filter: {}, except: [expect.any(String)] } });
  await southReloaded;
  await expect(page.getByTestId('toast').filter({ hasText: 'Reload sent to 61 screens.' })).toBeVisible();
  for (const size of WIDTHS) {
    await page.setViewportSize(size);
    await page.screenshot({ path: `test-results/screens/panel-screens-many-${size.width}.png`, fullPage: size.width !== 1920 });
    if (size.width !== 1920) await noSidewaysScroll(page, `the Screens tab at ${size.width} px`);
  }
});
