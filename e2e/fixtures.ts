import { test as base, expect, type Page } from '@playwright/test';
import { startTestHub, type TestHub } from '../server/testing/test-hub.ts';
import type { HubConfigInput } from '../server/config.ts';
import { DEMO_OPERATOR } from '../server/demo/seed.ts';

export interface Fixtures {
  hubConfig: HubConfigInput;
  hub: TestHub;
}

/** Each test gets its own real hub on a loopback port, with a fresh data folder. */
export const test = base.extend<Fixtures>({
  hubConfig: [{}, { option: true }],
  hub: async ({ hubConfig }, use) => {
    const hub = await startTestHub(hubConfig);
    await use(hub);
    await hub.stop();
  },
});
export { expect };

export async function signInToPanel(page: Page, hub: TestHub): Promise<void> {
  await page.goto(`${hub.url}/panel`);
  await page.getByLabel('Username').fill(DEMO_OPERATOR.username);
  await page.getByLabel('Password').fill(DEMO_OPERATOR.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Pair a device' })).toBeVisible();
}

/** Opens a device page, reads its pairing code and pairs it from the signed-in panel page. */
export async function pairFromPanel(panel: Page, device: Page, url: string, name: string, zone: string): Promise<void> {
  await device.goto(url);
  const code = (await device.getByTestId('pairing-code').textContent())?.trim() ?? '';
  expect(code).toMatch(/^[A-Z0-9]{6}$/);
  await panel.getByLabel('Code shown on the device').fill(code);
  await panel.getByLabel('Name').fill(name);
  await panel.getByLabel('Zone').selectOption({ label: zone });
  await panel.getByRole('button', { name: 'Pair', exact: true }).click();
  await expect(panel.getByRole('status')).toContainText(`Paired`);
  await expect(device.getByTestId('pairing-code')).toHaveCount(0);
}

/** A keyboard-wedge reader: the card's digits a few ms apart, then Enter. */
export async function tapCard(page: Page, card: string): Promise<void> {
  await page.keyboard.type(`${card}\n`, { delay: 5 });
}
