import AxeBuilder from '@axe-core/playwright';
import { expect, signInToPanel, test } from './fixtures.ts';
import { pairScreenByApi } from './screen-helpers.ts';

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

  await page.getByRole('button', { name: 'Identify North doors' }).click();
  await expect(north.getByTestId('identify')).toHaveText('North doors');
  await expect(south.getByTestId('identify')).toHaveCount(0);

  const southReloaded = south.waitForEvent('load');
  await page.getByRole('button', { name: 'Reload South stairs' }).click();
  await southReloaded;
  expect(await south.evaluate(() => (window as unknown as { marker?: number }).marker ?? null)).toBeNull();
  expect(await north.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(7);

  // Turn North doors a quarter with the keyboard: the screen turns its content.
  await page.getByRole('button', { name: 'Settings of North doors' }).focus();
  await page.keyboard.press('Enter');
  await page.screenshot({ path: 'test-results/screens/panel-screen-settings-1280.png', fullPage: true });
  await page.getByLabel('90°', { exact: true }).check();
  await page.getByRole('button', { name: 'Save North doors' }).press('Enter');
  await expect(north.locator('main')).toHaveAttribute('data-rotation', '90');
  await expect(south.locator('main')).toHaveAttribute('data-rotation', '0');
  await expect(page.getByRole('rowheader', { name: /North doors/ })).toContainText('turned 90°');

  // An empty name is refused in the form, naming the field, before anything is sent.
  await page.getByRole('button', { name: 'Settings of North doors' }).click();
  await page.getByLabel('Name').fill('');
  await page.getByRole('button', { name: /^Save/ }).click();
  await expect(page.locator('.field-error')).toBeVisible();
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  // A screen that goes dark stands out.
  await north.context().close();
  await expect(page.getByTestId('screens-summary')).toHaveText('1 online, 1 offline', { timeout: 30_000 });
  await expect(page.getByRole('row', { name: /North doors/ })).toContainText('OFFLINE');

  // Tablet width: the tab still works.
  await page.setViewportSize({ width: 820, height: 1180 });
  await expect(page.getByRole('button', { name: 'Identify South stairs' })).toBeVisible();
  await page.getByRole('button', { name: 'Settings of South stairs' }).click();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: 'test-results/screens/panel-screen-settings-390.png', fullPage: true });
});
