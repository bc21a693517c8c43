import AxeBuilder from '@axe-core/playwright';
import sharp from 'sharp';
import type { MediaLimits } from '#shared/schemas/media.ts';
import { expect, openPanelTab, signInToPanel, test } from './fixtures.ts';
import { pairScreenByApi } from './screen-helpers.ts';

const today = () => new Date().toISOString().slice(0, 10);

test('an operator changes the mall’s media limits in the Media tab: field-level errors, nothing stored until right, audited', async ({ hub, page }) => {
  test.setTimeout(90_000);
  const before = hub.services.media.limits;
  await page.setViewportSize({ width: 1280, height: 900 });
  await signInToPanel(page, hub);
  await openPanelTab(page, 'Media');
  await page.getByRole('button', { name: 'Change limits' }).click();
  const form = page.getByTestId('media-limits-form');
  await expect(form.getByLabel('Largest image file (MB)')).toHaveValue('15');

  // A short side longer than the long side, and an image limit below what the hub takes: each said by its field.
  await form.getByLabel('Largest resolution: long side (px)').fill('1280');
  await form.getByLabel('Short side (px)').fill('1920');
  await form.getByLabel('Largest image file (MB)').fill('0.01');
  await form.getByRole('button', { name: 'Save limits' }).click();
  await expect(form.getByLabel('Short side (px)')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.locator('.field-error').filter({ hasText: 'short side may not be longer' })).toBeVisible();
  await expect(form.getByLabel('Largest image file (MB)')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.locator('.field-error').filter({ hasText: /MB/ })).toBeVisible();
  expect(hub.services.media.limits).toEqual(before);
  for (const width of [390, 1280, 1920]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `test-results/screens/panel-media-limits-errors-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  expect((await new AxeBuilder({ page }).include('[data-testid="media-limits-form"]').analyze()).violations).toEqual([]);

  // Put right: saved, shown in the library's sentence, in the audit log.
  await form.getByLabel('Short side (px)').fill('720');
  await form.getByLabel('Largest image file (MB)').fill('8');
  await form.getByLabel('Longest video (seconds)').fill('120');
  await form.getByRole('button', { name: 'Save limits' }).click();
  await expect(page.getByTestId('media-limits-form')).toHaveCount(0);
  await expect(page.getByTestId('media-limits')).toContainText('up to 8.0 MB');
  await expect(page.getByTestId('media-limits')).toContainText('2:00 long and 1280×720');
  expect(hub.services.media.limits).toMatchObject({ maxImageBytes: 8 * 1024 * 1024, maxVideoSeconds: 120, maxVideoLongSide: 1280, maxVideoShortSide: 720 } satisfies Partial<MediaLimits>);
  const cookie = await hub.login();
  const audit = (await hub.api(`/api/audit?from=${today()}&to=${today()}&action=media.limits`, { cookie })).body as { action: string }[];
  expect(audit.map((a) => a.action)).toContain('media.limits');
});

test('an operator builds a sidebar loop and a night loop from the library in the panel; the screen plays the loop', async ({ browser, hub, page }) => {
  test.setTimeout(120_000);
  const cookie = await hub.login();
  const png = await sharp({ create: { width: 640, height: 360, channels: 3, background: { r: 30, g: 140, b: 90 } } }).png().toBuffer();
  const up = await fetch(`${hub.url}/api/media/items?name=Garden%20poster`, { method: 'POST', headers: { cookie, 'content-type': 'image/png', origin: hub.url }, body: new Blob([new Uint8Array(png)]) });
  expect(up.status).toBe(201);
  const screen = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  const id = await pairScreenByApi(screen, hub.url, (path, body) => hub.api(path, { body, cookie }), 'entrance');
  expect((await hub.api(`/api/devices/${id}/settings`, { body: { name: 'North doors' }, cookie })).status).toBe(200);

  await page.setViewportSize({ width: 1280, height: 900 });
  await signInToPanel(page, hub);
  await page.getByRole('link', { name: 'Screens' }).click();
  await page.getByLabel('New group').fill('Entrances');
  await page.getByRole('button', { name: 'Add group' }).click();
  await page.getByTestId('screen-group').getByRole('checkbox', { name: 'North doors', exact: true }).check();
  await expect(page.getByTestId('groups-note')).toContainText('North doors added to Entrances');
  const group = page.getByTestId('screen-group');
  await group.getByLabel('Layout').selectOption('main-sidebar');
  await group.getByTestId('region-sidebar').getByLabel('Widget').selectOption('media-loop');
  await group.getByTestId('region-sidebar').getByRole('button', { name: 'Add to sidebar' }).click();
  // An empty loop is refused by name.
  await group.getByRole('button', { name: 'Save layout of Entrances' }).click();
  await expect(group.getByTestId('region-sidebar').getByRole('alert')).toContainText('at least one image or video');
  await group.getByTestId('region-sidebar').getByLabel('Add to the loop').selectOption({ label: 'Garden poster (image)' });
  await group.getByTestId('region-sidebar').getByRole('button', { name: 'Add to the loop' }).click();
  await group.getByTestId('region-sidebar').getByLabel('Seconds').fill('6');
  await group.getByRole('button', { name: 'Save layout of Entrances' }).click();
  await expect(page.getByTestId('groups-note')).toContainText('layout of Entrances saved');
  await expect(group.getByTestId('layout-preview').getByTestId('media-loop')).toBeVisible();
  await expect(screen.locator('[data-region="sidebar"]').getByTestId('media-loop').locator('img')).toBeVisible();

  // The group's night loop.
  const night = group.getByTestId('night-editor');
  await night.getByLabel('The screens show').selectOption('loop');
  await night.getByLabel('Add to the loop').selectOption({ label: 'Garden poster (image)' });
  await night.getByRole('button', { name: 'Add to the loop' }).click();
  await group.getByRole('button', { name: 'Save night state of Entrances' }).click();
  await expect(page.getByTestId('groups-note')).toContainText('night state of Entrances saved');
  await expect(group.locator('.meta')).toContainText('at night: a loop of 1');
  const groups = (await hub.api('/api/screen-groups', { cookie })).body as { night: unknown; layout: unknown }[];
  expect(groups[0].night).toMatchObject({ mode: 'loop', items: [{ kind: 'image', seconds: 8 }] });
  expect(groups[0].layout).toMatchObject({ regions: { sidebar: [{ kind: 'media-loop', items: [{ kind: 'image', seconds: 6 }] }] } });
  expect((await new AxeBuilder({ page }).include('[data-testid="screen-group"]').analyze()).violations).toEqual([]);
  for (const width of [390, 1280, 1920]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `test-results/screens/panel-media-loop-${width}.png`, fullPage: true });
  }

  // The Media tab says who uses it, and refuses to delete it.
  await openPanelTab(page, 'Media');
  await expect(page.getByTestId('media-row').filter({ hasText: 'Garden poster' }).getByTestId('media-used')).toHaveText('Used by 2 loops');
});
