import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';

/**
 * Browser journeys in real Chromium. Where Playwright's own browser cannot be downloaded (as on
 * our CI), Debian's /usr/bin/chromium is used; ATRIUM_CHROMIUM names another binary.
 */
export const CHROMIUM_PATH = process.env.ATRIUM_CHROMIUM ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.e2e.ts',
  globalSetup: './e2e/global-setup.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: { ...(CHROMIUM_PATH ? { executablePath: CHROMIUM_PATH } : {}), args: CHROMIUM_ARGS },
    trace: 'retain-on-failure',
  },
});
