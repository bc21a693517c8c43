import QRCode from 'qrcode';
import { expect, expectAccessible, openKiosk, SHOTS, test } from './fixtures.ts';
import { wedge } from './wedge.ts';

const SIZES = [{ width: 1080, height: 1920 }, { width: 1280, height: 800 }];

test('a kiosk joiner leaves with the pass: its QR opens the pass page, which can go on the home screen', async ({ hub, newContext }) => {
  const { page } = await openKiosk(await newContext(), hub);
  await wedge(page, '04C3D2E1F0A1B2');
  await page.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(page.getByTestId('welcome')).toHaveText('Welcome!');

  // The pass, as a QR for the phone's camera and as a link to type.
  const qr = page.getByTestId('pass-qr');
  await expect(qr).toBeVisible();
  const link = (await qr.getAttribute('data-link')) ?? '';
  expect(link).toMatch(new RegExp(`^${hub.url}/pass/[A-Za-z0-9_-]{22}$`));
  const passId = link.split('/').pop()!;
  expect(hub.services.shoppers.get(passId)?.visitCount).toBe(1);
  await expect(page.getByTestId('pass-link')).toHaveText(link.replace(/^https?:\/\//, ''));
  // The image is that link's QR code, module for module, as a phone's camera will read it.
  const code = QRCode.create(link, { errorCorrectionLevel: 'M' });
  const expected = Array.from({ length: code.modules.size ** 2 }, (_, i) => (code.modules.data[i] ? 1 : 0)).join('');
  const drawn = await qr.evaluate(async (img: HTMLImageElement, size) => {
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const cell = img.naturalWidth / (size + 4);
    let bits = '';
    for (let r = 0; r < size; r++) {
      for (let c = 0; c < size; c++) bits += ctx.getImageData(Math.floor((c + 2.5) * cell), Math.floor((r + 2.5) * cell), 1, 1).data[0] < 128 ? '1' : '0';
    }
    return bits;
  }, code.modules.size);
  expect(drawn).toBe(expected);
  // The address to type reads whole on its own line below its label at any width, never begun
  // beside the label and broken wherever the random id allows (look-main's mask then hid the label).
  for (let width = 900; width <= 1600; width += 20) {
    await page.setViewportSize({ width, height: 900 });
    const lines = await page.getByTestId('pass-link').evaluate((span) => {
      const rects = [...span.getClientRects()];
      const label = span.parentElement!.getBoundingClientRect();
      return { rects: rects.length, startsAtLabelEdge: Math.abs(rects[0].left - label.left) < 1 };
    });
    expect(lines, `at ${width} px`).toEqual({ rects: 1, startsAtLabelEdge: true });
  }
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.screenshot({ path: `${SHOTS}/pass-after-join-${size.width}x${size.height}.png` });
  }
  await expectAccessible(page, 'kiosk welcome with the pass QR');

  // The phone opens it: the pass page, with a manifest that opens this pass from the home screen.
  const phone = await (await newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await phone.goto(link);
  await expect(phone.getByTestId('visit-total')).toBeVisible();
  await expect(phone.getByTestId('install')).toContainText('Keep your pass on your phone');
  const href = await phone.locator('link[rel=manifest]').getAttribute('href');
  const manifest = await (await phone.request.get(new URL(href!, link).href)).json();
  expect(manifest).toMatchObject({ start_url: `/pass/${passId}`, scope: `/pass/${passId}`, display: 'standalone' });
  for (const icon of manifest.icons) {
    const res = await phone.request.get(new URL(icon.src, link).href);
    expect(res.status(), icon.src).toBe(200);
    expect(res.headers()['content-type']).toBe('image/png');
  }
  expect((await phone.request.get(`${hub.url}/pass/not-a-pass/manifest.webmanifest`)).status()).toBe(404);
  await phone.screenshot({ path: `${SHOTS}/pass-page-phone.png`, fullPage: true });
});

test('welcomed back, the shopper can ask for the pass; it is gone at the idle timeout', async ({ hub, newContext }) => {
  const { page } = await openKiosk(await newContext(), hub, '?idle=3');
  await wedge(page, '04C3D2E1F0A1B3');
  await page.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(page.getByTestId('pass-qr')).toBeVisible();
  await page.getByRole('button', { name: 'Done' }).click();

  await wedge(page, '04C3D2E1F0A1B3');
  await expect(page.getByTestId('welcome')).toHaveText('You’re checked in!');
  await expect(page.getByTestId('pass-qr')).toHaveCount(0);
  await page.getByRole('button', { name: 'Show my pass' }).click();
  await expect(page.getByTestId('pass-qr')).toBeVisible();
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.screenshot({ path: `${SHOTS}/pass-welcome-back-${size.width}x${size.height}.png` });
  }
  // Left untouched: back to the attract screen, no pass on it (rule 6).
  await expect(page.getByRole('heading', { name: 'Welcome to the mall' })).toBeVisible({ timeout: 10_000 });
  await expect(page.getByTestId('pass-qr')).toHaveCount(0);
  expect(await page.locator('img').count()).toBe(0);
});
