import type { Page } from '@playwright/test';
import type { TestHub } from '#server/testing/test-hub.ts';
import { dateField, typeDate } from './date-fields.ts';
import { expect, submitPanelSignIn } from './fixtures.ts';

/** The demo's shop account (server/demo/seed.ts): Bean There Coffee, a tenant. */
const SHOP = { username: 'bean-there', password: 'atrium-demo' };

/** The shop signs in to the panel and lands on its own report (its period line shown). */
export async function signInAsShop(page: Page, hub: TestHub): Promise<void> {
  await submitPanelSignIn(page, hub, SHOP);
  await expect(page.getByTestId('period-shown')).toBeVisible();
}

/** Shows the report from `from` to `to` (ISO days) by `by` (day, week, month, year), and waits until the page says so. */
export async function showReport(page: Page, from: string, to: string, by: string): Promise<void> {
  await typeDate(dateField(page, 'From'), from);
  await typeDate(dateField(page, 'To'), to);
  await page.getByRole('combobox', { name: /^By/ }).selectOption(by);
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await expect(page.getByTestId('period-shown')).toContainText(`by ${by}`);
}
