import type { Locator, Page } from '@playwright/test';
import { expect, expectAccessible, signInToPanel, test } from './fixtures.ts';

async function shoot(page: Page, section: Locator, name: string) {
  for (const [w, h, label] of [[390, 844, 'phone'], [1280, 800, 'desktop'], [1920, 1080, 'wide']] as const) {
    await page.setViewportSize({ width: w, height: h });
    await section.screenshot({ path: `test-results/screens/${name}-${label}.png` });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

test('an operator sets how long the mall keeps its data; a bad period is refused beside its field; the last run shows', async ({ page, hub }) => {
  await signInToPanel(page, hub);
  await page.getByRole('link', { name: 'Mall', exact: true }).click();
  const retention = page.getByRole('region', { name: 'Data retention' });
  await expect(retention.getByLabel('Shoppers not seen for')).toHaveValue('24');
  await expect(retention.getByLabel('Visits keep their shopper for')).toHaveValue('25');
  await expect(retention.getByText('No run yet: the first is at 03:30 mall time.')).toBeVisible();

  // Too short a reporting horizon: refused beside the field, nothing saved.
  await retention.getByLabel('Visits keep their shopper for').fill('6');
  await retention.getByRole('button', { name: 'Save retention periods' }).click();
  await expect(retention.getByRole('alert')).toHaveText('Keep visits at least 13 months, so reports can compare a year with the one before.');
  await expect(retention.getByLabel('Visits keep their shopper for')).toHaveAttribute('aria-invalid', 'true');
  expect(hub.services.retention.settings.visitMonths).toBe(25);
  await expectAccessible(page, 'the Data retention section with an error');
  await shoot(page, retention, 'panel-retention-error');

  await retention.getByLabel('Visits keep their shopper for').fill('36');
  await retention.getByLabel('Shoppers not seen for').fill('18');
  await retention.getByRole('button', { name: 'Save retention periods' }).click();
  await expect(retention.getByRole('status')).toHaveText('Retention periods saved; the next daily run keeps to them.');
  expect(hub.services.retention.settings).toMatchObject({ shopperMonths: 18, visitMonths: 36 });
  await expect(retention.getByText('default 24')).toBeVisible();

  // After a run, the section says what it did.
  await hub.services.retention.run();
  await page.reload();
  await page.getByRole('link', { name: 'Mall', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Data retention' }).getByText(/^Last run \d{4}-\d{2}-\d{2}: 0 shoppers erased/)).toBeVisible();
  await expectAccessible(page, 'the Data retention section');
  await shoot(page, page.getByRole('region', { name: 'Data retention' }), 'panel-retention');
});
