import { expect, type Page } from '@playwright/test';

/**
 * The first-run "Set up your mall" form (server/panel/src/Setup.svelte) and the panel's pairing
 * form, filled the one way every journey does it; what differs between journeys is an option.
 */

export interface SetupAnswers {
  /** The one-time token the hub printed. */
  token: string;
  name: string;
  /** IANA zone to choose; left as the form's default (the machine's zone) when absent. */
  timezone?: string;
  /** BCP 47 tag for dates and numbers, e.g. 'en-GB'. */
  locale: string;
  /** Shoppers' default language code ('en', 'pl', …); the form's default when absent. */
  defaultLanguage?: string;
  /** Typed as given, so a journey can also give a wrong one to see it refused. */
  publicUrl?: string;
  /** K, the smallest group a report shows; the form's default when absent. */
  smallestGroup?: number;
  /** Zone names in order: the first fills Zone 1, each further one adds a zone. */
  zones: string[];
  /** Ticks "Always open", so a journey on the machine's real clock never meets a closed kiosk. */
  alwaysOpen?: boolean;
  /** The first operator's login. */
  username: string;
  password: string;
}

/** Fills the set-up form with `answers`; does not submit it (a journey may check or change more first). */
export async function fillSetup(page: Page, answers: SetupAnswers): Promise<void> {
  await page.getByLabel("Token from the hub's console").fill(answers.token);
  await page.getByLabel('Name', { exact: true }).fill(answers.name);
  if (answers.timezone) await page.getByLabel(/^Time zone/).selectOption(answers.timezone);
  await page.getByLabel(/^Date and number format/).fill(answers.locale);
  if (answers.defaultLanguage) await page.getByLabel('Default language for shoppers').selectOption(answers.defaultLanguage);
  if (answers.publicUrl !== undefined) await page.getByLabel("Public address shoppers' phones reach the hub at").fill(answers.publicUrl);
  if (answers.smallestGroup !== undefined) await page.getByLabel(/^Smallest group shown/).fill(String(answers.smallestGroup));
  for (const [i, zone] of answers.zones.entries()) {
    if (i > 0) await page.getByRole('button', { name: 'Add a zone' }).click();
    await page.getByLabel(`Zone ${i + 1}`).fill(zone);
  }
  if (answers.alwaysOpen) await page.getByLabel('Always open (all day, every day)').check();
  await page.getByLabel('Username').fill(answers.username);
  await page.getByLabel(/^Password/).fill(answers.password);
}

/**
 * Submits the filled set-up form, waits for "Your mall is set up. Sign in as <username>" and
 * signs that operator in; the caller checks where the panel lands.
 */
export async function submitSetupAndSignIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByRole('button', { name: 'Set up the mall' }).click();
  await expect(page.getByRole('status')).toContainText(`Your mall is set up. Sign in as ${username}`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Fills the panel's "Pair a device" form with a device's code, its name and its zone (by label); does not press Pair. */
export async function fillPairing(panel: Page, code: string, name: string, zone: string): Promise<void> {
  await panel.getByLabel('Code shown on the device').fill(code);
  await panel.getByLabel('Name').fill(name);
  await panel.getByLabel('Zone').selectOption({ label: zone });
}

/** The pairing code a device page shows while it waits to be paired. */
export async function pairingCodeOn(device: Page): Promise<string> {
  const code = (await device.getByTestId('pairing-code').textContent())?.trim() ?? '';
  expect(code).toMatch(/^[A-Z0-9]{6}$/);
  return code;
}
