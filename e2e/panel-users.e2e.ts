import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, expectAccessible, signInToPanel, test, answerConfirm, openPanelTab } from './fixtures.ts';
import type { TestHub } from '#server/testing/test-hub.ts';

const OLGA = { username: 'olga', password: 'olga writes promotions' };

async function shoot(page: Page, name: string) {
  for (const [w, h, label] of [[390, 844, 'phone'], [1280, 800, 'desktop'], [1920, 1080, 'wide']] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: `test-results/screens/${name}-${label}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** A content editor, invited and with a password set through the one-time link. */
async function addEditor(hub: TestHub): Promise<void> {
  const cookie = await hub.login();
  const invite = await hub.api('/api/users', { cookie, body: { username: OLGA.username, role: 'editor' } });
  const token = String(invite.body.link).split('#invite=')[1];
  expect((await hub.api('/api/auth/accept-invite', { body: { token, password: OLGA.password } })).status).toBe(200);
}

test('an operator disables a content editor from the panel: her open panel is signed out at once and she cannot sign in; then deletes her', async ({ page, newContext, hub }) => {
  await addEditor(hub);
  const screen = await hub.pair('screen', 'food-court', 'Food court totem');

  // Olga, a content editor, works in her own browser: she sees the Promotions tab only.
  const olga = await (await newContext()).newPage();
  await olga.goto(`${hub.url}/panel`);
  await olga.getByLabel('Username').fill(OLGA.username);
  await olga.getByLabel('Password').fill(OLGA.password);
  await olga.getByRole('button', { name: 'Sign in' }).click();
  const tabs = olga.getByRole('navigation', { name: 'Panel sections' }).getByRole('link');
  await expect(tabs).toHaveText(['Promotions', 'Media', 'Plays & schedule']);
  await expect(olga.getByRole('heading', { name: 'Promotions' })).toBeVisible();
  await expect(olga.getByText('olga (content editor)')).toBeVisible();
  await expect(olga.getByRole('button', { name: 'New promotion' })).toBeVisible();
  // axe only: the promotions table's own row buttons are 36 px by that tab's design.
  expect((await new AxeBuilder({ page: olga }).analyze()).violations).toEqual([]);
  await shoot(olga, 'panel-editor-promotions');
  // Her work: a promotion for one screen, picked by name (screens' health is not hers to see).
  await olga.getByRole('button', { name: 'New promotion' }).click();
  await olga.getByLabel('Title', { exact: true }).fill('Olga’s autumn picks');
  await olga.getByLabel('Text', { exact: true }).fill('New in the food court this week.');
  await olga.getByRole('group', { name: 'Screens' }).getByLabel('Food court totem').check();
  await olga.getByRole('button', { name: 'Save promotion' }).click();
  await expect(olga.getByRole('rowheader', { name: 'Olga’s autumn picks' })).toBeVisible();
  expect(hub.services.promotions.list().find((p) => p.title === 'Olga’s autumn picks')).toMatchObject({ screens: [screen.device.id] });
  const day = new Date().toISOString().slice(0, 10);
  const byOlga = await hub.api(`/api/audit?from=${day}&to=${day}&actor=editor:olga`, { cookie: await hub.login() });
  expect(byOlga.body.map((e: { action: string }) => e.action)).toContain('promotion.create');

  await signInToPanel(page, hub);
  await page.getByRole('link', { name: 'Shops & users' }).click();
  const row = page.getByTestId('user-olga');
  await expect(row.getByText('active')).toBeVisible();
  await expect(row.getByLabel('Role of olga')).toHaveValue('editor');
  // The operator's own row offers no way to lock themself out.
  await expect(page.getByTestId('user-operator').getByRole('button', { name: /Disable|Delete/ })).toHaveCount(0);
  await expectAccessible(page, 'the Users tab');
  await shoot(page, 'panel-users');

  await row.getByRole('button', { name: 'Disable olga' }).click();
  await answerConfirm(page, 'confirm', 'Disable olga?');
  await expect(page.getByRole('status')).toHaveText('olga is disabled and was signed out everywhere.');
  await expect(row.getByText('disabled', { exact: true })).toBeVisible();

  // Her panel, without a reload: the hub closed its socket, and the panel shows the sign-in form.
  await expect(olga.getByRole('alert')).toContainText('You were signed out');
  await expect(olga.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await shoot(olga, 'panel-editor-signed-out');
  await olga.getByLabel('Username').fill(OLGA.username);
  await olga.getByLabel('Password').fill(OLGA.password);
  await olga.getByRole('button', { name: 'Sign in' }).click();
  await expect(olga.getByText('this account is disabled')).toBeVisible();
  await shoot(page, 'panel-users-disabled');

  // The audit log shows the change and her refused sign-in.
  await page.getByRole('link', { name: 'Audit log' }).click();
  await page.getByLabel('Show').selectOption({ label: 'Sign-ins, failed sign-ins and lockouts' });
  await page.getByLabel('Username or target').fill('olga');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page.getByRole('cell', { name: 'account disabled' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'auth.sign-in', exact: true })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'user.disable' })).toHaveCount(0);
  await expectAccessible(page, 'the audit log filtered to sign-ins');
  await page.setViewportSize({ width: 390, height: 844 });
  await expectAccessible(page, 'the audit log on a phone');
  await shoot(page, 'panel-audit-sign-ins');

  // Deleting asks first; dismissing keeps her.
  await openPanelTab(page, 'Shops & users');
  await row.getByRole('button', { name: 'Delete olga' }).click();
  await answerConfirm(page, 'cancel');
  await expect(row).toBeVisible();
  await row.getByRole('button', { name: 'Delete olga' }).click();
  await answerConfirm(page, 'confirm', 'Delete olga for good?');
  await expect(page.getByRole('status')).toHaveText('olga was deleted.');
  await expect(row).toHaveCount(0);
});
