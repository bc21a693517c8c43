import AxeBuilder from '@axe-core/playwright';
import type { Device } from '../shared/schemas/devices.ts';
import { pairMany } from '../server/testing/signage.ts';
import { expect, signInToPanel, test } from './fixtures.ts';

test('an operator sets a kiosk idle timeout and languages; the kiosk is told; bad values name the field', async ({ hub, page }) => {
  const [kiosk] = await pairMany(hub.services, 'kiosk', 'entrance', 1);
  const socket = await hub.socket({ token: kiosk.token });
  const hellos: Device[] = [];
  socket.on('device:hello', (d) => hellos.push(d));

  await page.setViewportSize({ width: 1280, height: 800 });
  await signInToPanel(page, hub);
  await page.getByRole('link', { name: 'Kiosks' }).click();
  const row = page.getByTestId('kiosk-row');
  await expect(row).toContainText('online');
  await expect(row).toContainText('60 s');
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  await page.getByRole('button', { name: `Settings of ${kiosk.device.name}` }).click();
  await page.getByLabel(/seconds idle/).fill('5');
  await page.getByRole('button', { name: `Save ${kiosk.device.name}` }).click();
  await expect(page.locator('.field-error')).toBeVisible();
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  await page.getByLabel(/seconds idle/).fill('90');
  await page.getByLabel('Polski').uncheck();
  await page.getByLabel('Name').fill('Entrance kiosk');
  await page.getByRole('button', { name: `Save ${kiosk.device.name}` }).click();
  await expect(row).toContainText('90 s');
  await expect(row).toContainText('Entrance kiosk');
  await expect.poll(() => hellos.at(-1)).toMatchObject({ name: 'Entrance kiosk', kiosk: { idleSeconds: 90, languages: ['en', 'cy', 'zh', 'kk', 'hu'] } });
});
