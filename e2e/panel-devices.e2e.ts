import { expect, signInToPanel, test, answerConfirm } from './fixtures.ts';

test('revoking a device from the dashboard asks first; revoked devices leave the list and come back with the filter', async ({ page, hub }) => {
  const cookie = await hub.login();
  await hub.pair('kiosk', 'entrance', 'Kiosk by the doors', cookie);
  await hub.pair('screen', 'food-court', 'Screen by the fountain', cookie);
  await signInToPanel(page, hub);
  const devices = page.getByRole('region', { name: 'Kiosks and screens' });
  await expect(devices.getByRole('row', { name: /Kiosk by the doors/ })).toBeVisible();

  // Dismissed: nothing happens.
  await devices.getByRole('button', { name: 'Revoke Kiosk by the doors' }).click();
  await answerConfirm(page, 'cancel');
  await expect(devices.getByRole('row', { name: /Kiosk by the doors/ })).not.toContainText('revoked');
  const kiosk = async () => ((await hub.api('/api/devices', { cookie })).body as { name: string; revoked: boolean }[]).find((d) => d.name === 'Kiosk by the doors');
  expect((await kiosk())?.revoked).toBe(false);

  await devices.getByRole('button', { name: 'Revoke Kiosk by the doors' }).click();
  await answerConfirm(page, 'confirm', 'Revoke Kiosk by the doors?');
  await expect(devices.getByRole('row', { name: /Kiosk by the doors/ })).toHaveCount(0);
  expect((await kiosk())?.revoked).toBe(true);
  await expect(devices.getByRole('row', { name: /Screen by the fountain/ })).toBeVisible();

  await devices.getByLabel(/Show revoked devices \(1\)/).check();
  await expect(devices.getByRole('row', { name: /Kiosk by the doors/ })).toContainText('revoked');
});
