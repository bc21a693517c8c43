import { expect, signInToPanel, test } from './fixtures.ts';
import { fillPairing, pairingCodeOn } from './setup-form.ts';

/**
 * A double click on Pair sent the code twice: the device was paired by the first request, and
 * the second's refusal ("No device is showing that code") stood beside "Paired …" as if the
 * pairing had failed.
 */
test('a double click on Pair pairs the device once and shows no refusal', async ({ page, newContext, hub }) => {
  await signInToPanel(page, hub);
  const device = await (await newContext()).newPage();
  await device.goto(`${hub.url}/kiosk`);
  await fillPairing(page, await pairingCodeOn(device), 'Kiosk by the doors', 'Main entrance');
  await page.getByRole('button', { name: 'Pair', exact: true }).dblclick();
  await expect(page.getByRole('status').filter({ hasText: 'Paired' })).toBeVisible();
  await expect(device.getByTestId('pairing-code')).toHaveCount(0);
  // Both requests have had their answer by the time the devices list shows the kiosk.
  await expect(page.getByRole('row', { name: /Kiosk by the doors/ })).toHaveCount(1);
  await expect(page.getByText('No device is showing that code')).toHaveCount(0);
});
