import AxeBuilder from '@axe-core/playwright';
import { expect, signInToPanel, test } from './fixtures.ts';
import { pairScreenByApi, screenAction } from './screen-helpers.ts';

test('an operator groups screens, gives the group a ticker layout with a preview, and the group’s screen plays it; a bad web address is refused by name', async ({ browser, hub, page }) => {
  test.setTimeout(120_000);
  const cookie = await hub.login();
  const screen = await (await browser.newContext({ viewport: { width: 1080, height: 1920 } })).newPage();
  const id = await pairScreenByApi(screen, hub.url, (path, body) => hub.api(path, { body, cookie }), 'entrance');
  expect((await hub.api(`/api/devices/${id}/settings`, { body: { name: 'North doors' }, cookie })).status).toBe(200);

  await page.setViewportSize({ width: 1280, height: 900 });
  await signInToPanel(page, hub);
  await page.getByRole('link', { name: 'Screens' }).click();
  await expect(page.getByTestId('screens-summary')).toHaveText('1 online, 0 offline', { timeout: 30_000 });

  await page.getByLabel('New group').fill('Entrances');
  await page.getByRole('button', { name: 'Add group' }).click();
  await expect(page.getByTestId('groups-note')).toContainText('Entrances made');
  await page.getByTestId('screen-group').getByRole('checkbox', { name: 'North doors', exact: true }).check();
  await expect(page.getByTestId('groups-note')).toContainText('North doors added to Entrances');

  const group = page.getByTestId('screen-group');
  await group.getByLabel('Layout').selectOption('main-ticker-sidebar');
  await group.getByTestId('region-ticker').getByRole('button', { name: 'Add to ticker' }).click();
  await group.getByTestId('region-ticker').getByLabel('Shows').selectOption('text');
  await group.getByLabel('Lines, one per line').fill('Late opening on Thursday\nFree parking after 18:00');
  await group.getByTestId('region-sidebar').getByLabel('Widget').selectOption('web-page');
  await group.getByTestId('region-sidebar').getByRole('button', { name: 'Add to sidebar' }).click();
  await group.getByLabel('Web address').fill('http://192.168.1.10/menu');
  await group.getByRole('button', { name: 'Save layout of Entrances' }).click();
  await expect(group.getByRole('alert')).toContainText('private addresses');
  // The preview is the screen's own layout component.
  await expect(group.getByTestId('layout-preview').getByTestId('layout')).toHaveAttribute('data-template', 'main-ticker-sidebar');
  await expect(group.getByTestId('layout-preview').getByTestId('ticker')).toContainText('Late opening on Thursday');

  await group.getByRole('button', { name: 'Remove Web page' }).click();
  await group.getByTestId('region-sidebar').getByLabel('Widget').selectOption('clock');
  await group.getByTestId('region-sidebar').getByRole('button', { name: 'Add to sidebar' }).click();
  await group.getByRole('button', { name: 'Save layout of Entrances' }).click();
  await expect(page.getByTestId('groups-note')).toContainText('layout of Entrances saved');
  await expect(screen.getByTestId('layout')).toHaveAttribute('data-template', 'main-ticker-sidebar');
  await expect(screen.getByTestId('ticker')).toContainText('Free parking after 18:00');
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  for (const width of [1280, 1920, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `test-results/screens/panel-screen-groups-${width}.png`, fullPage: true });
  }
  await screen.screenshot({ path: 'test-results/screens/group-layout-1080x1920.png' });

  // Reload the whole group.
  const reloaded = screen.waitForEvent('load');
  await page.getByRole('button', { name: 'Reload Entrances' }).click();
  await reloaded;
  await expect(page.getByTestId('groups-note')).toContainText('Reload sent to 1 screen of Entrances');

  // The screen's own layout panel previews at its own size (1080×1920 from its heartbeat).
  await page.setViewportSize({ width: 1280, height: 900 });
  await screenAction(page, 'North doors', 'Layout');
  await expect(page.getByTestId('screen-layout-row')).toContainText('plays its group’s layout');
  await expect(page.getByTestId('screen-layout-row').locator('figcaption')).toContainText('1080×1920');
  await page.screenshot({ path: 'test-results/screens/panel-screen-layout-1280.png', fullPage: true });

  // A promotion for the group, with a Polish title, playing outside opening hours too.
  await page.getByRole('link', { name: 'Promotions' }).click();
  await page.getByRole('button', { name: 'New promotion' }).click();
  await page.getByLabel('Title', { exact: true }).fill('Doors open late');
  await page.getByRole('checkbox', { name: 'Entrances' }).check();
  await page.getByRole('checkbox', { name: 'Plays outside opening hours too' }).check();
  await page.getByText('In other languages').click();
  await page.getByLabel('Title in polski').fill('Otwarte do późna');
  await page.screenshot({ path: 'test-results/screens/panel-promotion-groups-languages-1280.png', fullPage: true });
  await page.getByRole('button', { name: 'Save promotion' }).click();
  await expect(screen.locator('[data-testid="slide"]:not([inert])')).toContainText('Doors open late');
  const saved = (await hub.api('/api/promotions', { cookie })).body.find((p: { title: string }) => p.title === 'Doors open late');
  expect(saved).toMatchObject({ outsideHours: true, translations: { pl: { title: 'Otwarte do późna', text: '' } } });
  expect(saved.groups).toHaveLength(1);
});
