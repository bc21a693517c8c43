import { expect, openKiosk, test } from './fixtures.ts';
import { launchWithQrCamera } from './fake-camera.ts';
import { enrolCard } from './wedge.ts';

// Window 0: the scan right after joining is a visit of its own, so the count shows it arrived.
test.use({ hubConfig: { visitWindowMinutes: 0 } });

test('a pass QR shown white on black (dark mode, some printed passes) checks in like the normal one', async ({ hub }) => {
  const passId = await enrolCard(hub, '4111111111111111', 'Noor');
  const browser = await launchWithQrCamera(`${hub.url}/pass/${passId}`, { inverted: true });
  try {
    const { page } = await openKiosk(await browser.newContext(), hub);
    await page.getByRole('button', { name: 'Scan your pass' }).click();
    await expect(page.getByTestId('welcome')).toHaveText('Welcome back, Noor!', { timeout: 25_000 });
    await expect.poll(() => hub.services.shoppers.get(passId)?.visitCount).toBe(2);
  } finally {
    await browser.close();
  }
});
