import { randomUUID } from 'node:crypto';
import type { Browser, Page } from '@playwright/test';
import { DEFAULT_OPENING_HOURS } from '#shared/schemas/setup.ts';
import { startTestHub, type TestHub } from '#server/testing/test-hub.ts';
import { expect } from './fixtures.ts';

/** Opens the screen page, reads its pairing code and pairs it through the hub's API as an operator (under a name of its own). */
export async function pairScreenByApi(
  screen: Page,
  url: string,
  api: (path: string, body: unknown) => Promise<{ status: number; body: any }>,
  zoneId: string,
): Promise<string> {
  await screen.goto(`${url}/screen`);
  const code = (await screen.getByTestId('pairing-code').textContent())?.trim() ?? '';
  // Device names are unique per kind in a mall, and a test may pair several screens in one zone.
  const res = await api('/api/devices/pair', { code, name: `Screen ${zoneId} ${randomUUID().slice(0, 6)}`, zoneId });
  expect(res.status).toBe(200);
  await expect(screen.getByTestId('pairing-code')).toHaveCount(0);
  return res.body.id as string;
}

/**
 * A 1920×1080 screen page in a new browser context, paired through the hub's API by the signed-in
 * operator (`cookie`) in `zoneId`. Returns the page and the screen's device id.
 */
export async function openScreen(browser: Browser, hub: TestHub, cookie: string, zoneId = 'food-court'): Promise<{ screen: Page; id: string }> {
  const screen = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  const id = await pairScreenByApi(screen, hub.url, (path, body) => hub.api(path, { body, cookie }), zoneId);
  return { screen, id };
}

/** Opening hours with the mall open all day, every day. */
export const ALWAYS_OPEN = Array.from({ length: 7 }, () => [{ open: '00:00', close: '24:00' }]);

/** The mall's settings (PUT /api/mall/settings body) in `timezone`, with `openingHours`. */
export const mallSettings = (timezone: string, openingHours: unknown) => ({ timezone, locale: 'en-GB', defaultLanguage: 'en', k: 2, openingHours });

/** A hub on a test clock (see `startNightHub`), with its operator signed in. */
export interface NightHub {
  hub: TestHub;
  cookie: string;
  /** Sets the mall's opening hours (its time zone stays Warsaw). */
  setHours(openingHours: unknown): Promise<void>;
  /** 09:00 in Warsaw: the clock moves on and the devices' feeds are refreshed at once (they check the schedule every 30 s). */
  opens(): void;
}

/**
 * A hub whose clock stands at Monday 30 November 2026, 03:00 in Warsaw, its mall set to Warsaw
 * with `openingHours` (by default 09:00–21:00, so closed now) and an operator signed in. The
 * caller stops the hub.
 */
export async function startNightHub(openingHours: unknown = DEFAULT_OPENING_HOURS): Promise<NightHub> {
  let now = Date.parse('2026-11-30T02:00:00Z');
  const hub = await startTestHub({ countTickMs: 50 }, undefined, { now: () => now });
  try {
    const cookie = await hub.login();
    const setHours = async (hours: unknown) => {
      expect((await hub.api('/api/mall/settings', { method: 'PUT', body: mallSettings('Europe/Warsaw', hours), cookie })).status).toBe(200);
    };
    await setHours(openingHours);
    const opens = () => {
      now = Date.parse('2026-11-30T08:00:00Z');
      hub.services.bus.emit('promotions.changed');
    };
    return { hub, cookie, setHours, opens };
  } catch (e) {
    await hub.stop();
    throw e;
  }
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
