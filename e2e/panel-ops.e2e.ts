import AxeBuilder from '@axe-core/playwright';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { enrolByTap } from '#server/testing/enrol.ts';
import { expect, signInToPanel, test, answerConfirm } from './fixtures.ts';

// The webhook receiver listens on loopback: the test-only flag lets the hub reach it.
test.use({ hubConfig: { testOnlyAllowLoopbackOutbound: true } });

test('an operator adds a webhook, invites a shop user, and finds both in the audit log', async ({ hub, page, browser }) => {
  const received: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push(body);
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/atrium`;
  try {
    await signInToPanel(page, hub);
    await page.getByRole('link', { name: 'Integrations' }).click();
    await page.getByLabel('Receiver URL').fill(url);
    await page.getByLabel('visit.checked_in').check();
    await page.getByRole('button', { name: 'Add webhook' }).click();
    await expect(page.getByRole('status')).toContainText('whsec_');
    await page.getByRole('button', { name: `Send test to ${url}` }).click();
    await expect(page.getByRole('cell', { name: 'delivered' })).toBeVisible();
    expect(received.some((b) => JSON.parse(b).type === 'ping')).toBe(true);
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

    await page.getByRole('link', { name: 'Shops & users' }).click();
    await page.getByLabel('Username').fill('coffee-till');
    await page.getByLabel('Shop', { exact: true }).selectOption({ label: 'Bean There Coffee' });
    await page.getByRole('button', { name: 'Invite' }).click();
    const link = (await page.locator('.link code').textContent()) ?? '';
    expect(link).toContain('/panel#invite=');
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

    const invited = await (await browser.newContext()).newPage();
    await invited.goto(link);
    await invited.getByLabel(/New password/).fill('coffee all day long');
    await invited.getByRole('button', { name: 'Set password' }).click();
    await expect(invited.getByRole('status')).toContainText('Password set for coffee-till');

    await page.getByRole('link', { name: 'Audit log' }).click();
    await expect(page.getByRole('cell', { name: 'webhook.create' })).toBeVisible();
    await expect(page.getByRole('cell', { name: 'user.invite' })).toBeVisible();
    await expect(page.getByRole('cell', { name: 'user.set-password' })).toBeVisible();
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  } finally {
    server.close();
  }
});

test('an operator answers an erasure request from the Shoppers tab; the audit log records it', async ({ hub, page }) => {
  const kiosk = await hub.socket({ token: (await hub.pair('kiosk', 'fashion')).token });
  await enrolByTap(kiosk, '4111111111111111', { consents: { marketing_email: true }, firstName: 'Olek', email: 'olek@example.org' });

  await signInToPanel(page, hub);
  await page.getByRole('link', { name: 'Shoppers' }).click();
  await page.getByLabel('Pass id, email or phone').fill('olek@example.org');
  await page.getByRole('button', { name: 'Find' }).click();
  await page.getByRole('button', { name: 'Open record of Olek' }).click();
  await expect(page.getByRole('cell', { name: 'marketing_email' })).toBeVisible();
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  await page.getByRole('button', { name: 'Erase this shopper…' }).click();
  await page.getByRole('button', { name: 'Yes, erase Olek' }).click();
  await expect(page.getByRole('status')).toContainText('Erased');
  expect(hub.services.shoppers.count).toBe(0);

  await page.getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByRole('cell', { name: 'shopper.erase' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'shopper.view' })).toBeVisible();
});

test("an operator revokes a shop's leaked API token and makes it a new one, by keyboard", async ({ hub, page }) => {
  const bean = await hub.login('bean-there', 'atrium-demo');
  const leaked = (await hub.api('/api/tenant/tokens', { cookie: bean, body: { name: 'Old laptop' } })).body.token as string;
  const today = new Date().toISOString().slice(0, 10);
  const report = `/api/tenant/reports?from=${today}&to=${today}`;
  expect((await hub.api(report, { token: leaked })).status).toBe(200);

  await signInToPanel(page, hub);
  await page.getByRole('link', { name: 'Shops & users' }).click();
  const open = page.getByRole('button', { name: 'API tokens of Bean There Coffee' });
  await open.focus();
  await page.keyboard.press('Enter');
  await expect(open).toHaveAttribute('aria-expanded', 'true');
  const tokens = page.getByTestId('shop-tokens');
  await expect(tokens.getByRole('rowheader', { name: 'Old laptop' })).toBeVisible();
  await expect(tokens).not.toContainText(leaked);
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  // Revoking asks first: dismissed, nothing changes; accepted, the token stops working.
  await tokens.getByRole('button', { name: 'Revoke Old laptop' }).click();
  await answerConfirm(page, 'cancel');
  expect((await hub.api(report, { token: leaked })).status).toBe(200);
  await tokens.getByRole('button', { name: 'Revoke Old laptop' }).focus();
  await page.keyboard.press('Enter');
  await answerConfirm(page, 'confirm');
  await expect(tokens.getByRole('row').filter({ hasText: 'Old laptop' })).toContainText('revoked');
  expect((await hub.api(report, { token: leaked })).status).toBe(401);

  // An empty name is refused in the form; a named one is shown once and works for that shop.
  await tokens.getByRole('button', { name: 'Create a token for Bean There Coffee' }).click();
  await expect(tokens.getByRole('alert')).toBeVisible();
  await tokens.getByLabel("New token's name").fill('New laptop');
  await page.keyboard.press('Enter');
  const fresh = (await tokens.getByTestId('new-shop-token').textContent()) ?? '';
  expect(fresh).toMatch(/^atr_/);
  expect((await hub.api(report, { token: fresh })).body).toMatchObject({ tenantId: 'bean-there' });
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  await page.getByRole('link', { name: 'Audit log' }).click();
  const byOperator = page.getByRole('row').filter({ hasText: 'operator:operator' });
  await expect(byOperator.filter({ hasText: 'api-token.revoke' })).toContainText('bean-there/');
  await expect(byOperator.filter({ hasText: 'api-token.create' })).toContainText('bean-there/');
});
