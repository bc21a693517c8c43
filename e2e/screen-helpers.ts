import type { Browser, Page } from '@playwright/test';
import { expect } from './fixtures.ts';

/** Opens the screen page, reads its pairing code and pairs it through the hub's API as an operator. */
export async function pairScreenByApi(
  screen: Page,
  url: string,
  api: (path: string, body: unknown) => Promise<{ status: number; body: any }>,
  zoneId: string,
): Promise<string> {
  await screen.goto(`${url}/screen`);
  const code = (await screen.getByTestId('pairing-code').textContent())?.trim() ?? '';
  const res = await api('/api/devices/pair', { code, name: `Screen ${zoneId}`, zoneId });
  expect(res.status).toBe(200);
  await expect(screen.getByTestId('pairing-code')).toHaveCount(0);
  return res.body.id as string;
}

/**
 * How much of a screenshot is near-black, decoded by Chromium itself (a blank page draws the PNG
 * on a canvas), so no image library is needed.
 */
export async function darkShare(browser: Browser, png: Buffer): Promise<number> {
  const page = await (await browser.newContext()).newPage();
  try {
    return await page.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.width;
      canvas.height = img.height;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const { data } = ctx.getImageData(0, 0, img.width, img.height);
      let dark = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i] + data[i + 1] + data[i + 2] < 30) dark++;
      return dark / (data.length / 4);
    }, png.toString('base64'));
  } finally {
    await page.context().close();
  }
}

/**
 * Runs one of a screen row's actions on the Screens tab. Below the wall-monitor width only Reload is
 * a button of its own; the rest sit in the row's "More" menu (a bits-ui DropdownMenu).
 */
export async function screenAction(page: Page, screenName: string, action: 'Identify' | 'Settings' | 'Layout' | 'Revoke…'): Promise<void> {
  await page.getByRole('button', { name: `More actions for ${screenName}` }).click();
  await page.getByRole('menuitem', { name: action }).click();
}
