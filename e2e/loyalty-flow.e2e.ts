import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { enrolByTap } from '#server/testing/enrol.ts';
import { newCardUid } from '#server/testing/signage.ts';
import { localSmsc } from '#server/testing/smsc.ts';
import { request, startTestHub } from '#server/testing/test-hub.ts';
import { expect, openPanelTab, signInToPanel, test } from './fixtures.ts';
import { dateField, typeDate } from './date-fields.ts';

const SHOTS = 'test-results/screenshots';
const WIDTHS = [390, 1280, 1920] as const;

test('a shop sees where its visitors went next, for a whole month, with small cells hidden', async ({ page }) => {
  test.setTimeout(90_000);
  // Last month, on its 5th at 10:00 in London: the shop's visits happen on the hub's clock.
  const now = new Date();
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0));
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  let clock = first.getTime() + 4 * 86400_000 + 10 * 3600_000;
  const hub = await startTestHub({ k: 2, timezone: 'Europe/London' }, undefined, { now: () => clock });
  try {
    const operator = await hub.login();
    const kiosk = async (zone: string) => hub.socket({ token: (await hub.pair('kiosk', zone, zone, operator)).token });
    const entrance = await kiosk('entrance');
    const fashion = await kiosk('fashion');
    const tech = await kiosk('tech');
    const bean = await hub.login('bean-there', 'atrium-demo');
    const cards = Array.from({ length: 6 }, (_, i) => `04C3C3C3C3C30${i}`);
    const passes: string[] = [];
    for (const card of cards) passes.push((await enrolByTap(entrance, card)).passId);
    clock += 5 * 60_000;
    for (const passId of passes) expect((await hub.api('/api/till/visits', { cookie: bean, body: { visitId: randomUUID(), passId } })).body.recorded).toBe(true);
    clock += 10 * 60_000;
    // Four go on to the fashion wing, one to tech & home; one leaves (no later check-in that visit).
    for (const card of cards.slice(0, 4)) expect((await request<any>(fashion, 'checkin:tap', { visitId: randomUUID(), card })).ok).toBe(true);
    expect((await request<any>(tech, 'checkin:tap', { visitId: randomUUID(), card: cards[4] })).ok).toBe(true);
    clock = Date.now();

    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${hub.url}/panel`);
    await page.getByLabel('Username').fill('bean-there');
    await page.getByLabel('Password').fill('atrium-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('period-shown')).toBeVisible();
    await typeDate(dateField(page, 'From'), iso(first));
    await typeDate(dateField(page, 'To'), iso(last));
    await page.getByRole('combobox', { name: /^By/ }).selectOption('month');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await expect(page.getByTestId('period-shown')).toContainText('by month');

    const next = page.getByTestId('mix-nextPlace');
    // K = 2: tech & home (1) is hidden, and "none" (1) with it; fashion's 4 stands.
    await expect(next.getByRole('row')).toHaveText(['Fashion wing4', 'No later check-in that visit< 2fewer than 2 shoppers, hidden', 'Tech & home< 2fewer than 2 shoppers, hidden']);
    await expect(page.getByRole('heading', { name: 'Went to next' })).toBeVisible();
    await expect(page.getByTestId('next-place-definition')).toContainText('the next check-in after their first visit to your shop in the period');
    expect((await new AxeBuilder({ page }).include('.reports').analyze()).violations).toEqual([]);
    mkdirSync(SHOTS, { recursive: true });
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      const mix = page.locator('section[aria-labelledby="mix-title"]');
      await mix.scrollIntoViewIfNeeded();
      await mix.screenshot({ path: `${SHOTS}/shop-went-next-${width}.png` });
      // Nothing wider than the window.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    }

    // A week is not a whole month: "whole months only", as for the zone visitors came from.
    await page.setViewportSize({ width: 1280, height: 900 });
    await typeDate(dateField(page, 'To'), iso(new Date(first.getTime() + 6 * 86400_000)));
    await page.getByRole('combobox', { name: /^By/ }).selectOption('day');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await expect(page.getByTestId('period-shown')).toContainText('by day');
    await expect(next).toHaveText('Whole months only');
  } finally {
    await hub.stop();
  }
});

test('an operator switches on an offer SMS: the form counts its parts, refuses one too long, and saves one that fits', async ({ hub, page }) => {
  test.setTimeout(60_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await signInToPanel(page, hub);
  await page.getByRole('link', { name: 'Promotions' }).click();
  await page.getByRole('button', { name: 'New promotion' }).click();
  await page.getByLabel('Title', { exact: true }).fill('Kawa −20% dziś');
  await page.getByRole('group', { name: 'Zones' }).getByLabel('Food court').check();
  await page.getByLabel(/Text this offer/).check();
  const count = page.getByTestId('sms-parts');
  await expect(count).toContainText(/^\s*[123] of at most 3 SMS parts/);

  // Too long for three UCS-2 parts: the count says so, and the hub refuses it under the field.
  const long = 'Ogromna wyprzedaż w całej galerii — zniżki do pięćdziesięciu procent na kawę, ciasta i wszystko inne! '.repeat(2);
  await page.getByLabel(/SMS text/).fill(long);
  await expect(count).toContainText(/^\s*[4-9] of at most 3 SMS parts/);
  await expect(count).toHaveClass(/over/);
  // The preview asks the hub as one types, so the refusal shows under the field before saving, and saving is refused too.
  await expect(page.locator('[id="err-offerSms.text"]')).toContainText(/SMS parts in .*; at most 3 are sent/);
  await page.getByRole('button', { name: 'Save promotion' }).click();
  await expect(page.locator('[id="err-offerSms.text"]')).toContainText(/SMS parts in .*; at most 3 are sent/);
  expect(hub.services.promotions.list().some((p) => p.title === 'Kawa −20% dziś')).toBe(false);
  mkdirSync(SHOTS, { recursive: true });
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    const sms = page.getByRole('group', { name: 'Offer SMS' });
    await sms.scrollIntoViewIfNeeded();
    await expect(page.locator('[id="err-offerSms.text"]')).toBeVisible();
    await sms.screenshot({ path: `${SHOTS}/promotion-offer-sms-${width}.png` });
    await page.getByRole('group', { name: 'Offer email' }).screenshot({ path: `${SHOTS}/promotion-offer-email-${width}.png` });
    await page.screenshot({ path: `${SHOTS}/promotion-form-${width}.png`, fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  expect((await new AxeBuilder({ page }).exclude('[data-testid="mail-html"]').analyze()).violations).toEqual([]);

  await page.getByLabel(/SMS text/).fill('Kawa −20% dziś w Bean There');
  await expect(count).not.toHaveClass(/over/);
  await page.getByRole('button', { name: 'Save promotion' }).click();
  await expect(page.getByRole('rowheader', { name: 'Kawa −20% dziś' })).toBeVisible();
  expect(hub.services.promotions.list().find((p) => p.title === 'Kawa −20% dziś')?.offerSms).toEqual({ enabled: true, text: 'Kawa −20% dziś w Bean There' });
});

test('the SMS log names an offer text’s promotion, never the number', async ({ page }) => {
  test.setTimeout(60_000);
  const smsc = await localSmsc();
  const hub = await startTestHub({ testOnlyAllowLoopbackOutbound: true, smsTimeoutMs: 2000 });
  try {
    const operator = await hub.login();
    const smpp = { host: '127.0.0.1', port: smsc.port, tls: false, systemId: 'atrium', password: 'secret1', bind: 'transceiver', sourceAddr: 'Galeria', perSecond: 50, stopKeyword: 'STOP' };
    expect((await hub.api('/api/settings/smpp', { cookie: operator, body: smpp })).status).toBe(200);
    const made = await hub.api('/api/promotions', { cookie: operator, body: { title: 'Kawa −20% dziś', zones: ['food-court'], schedule: { from: new Date().toISOString().slice(0, 10) }, offerSms: { enabled: true, text: '' } } });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const kiosk = await hub.socket({ token: (await hub.pair('kiosk', 'food-court', 'Food court kiosk', operator)).token });
    await enrolByTap(kiosk, newCardUid(), { language: 'pl', phone: '+48 601 234 567', consents: { marketing_sms: true } });
    await expect.poll(async () => ((await hub.api('/api/settings/sms-log', { cookie: operator })).body as { kind: string; status: string }[]).filter((e) => e.status === 'sent').length).toBe(2);

    await page.setViewportSize({ width: 1280, height: 900 });
    await signInToPanel(page, hub);
    await openPanelTab(page, 'Integrations');
    await page.getByRole('tab', { name: 'SMS' }).click();
    const log = page.getByTestId('sms-log');
    await expect(log).toContainText('offer: Kawa −20% dziś');
    await expect(log).toContainText('welcome');
    await expect(log).not.toContainText('601');
    mkdirSync(SHOTS, { recursive: true });
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      await page.getByRole('region', { name: 'Text messages (SMS)' }).screenshot({ path: `${SHOTS}/sms-settings-log-${width}.png` });
      // Nothing wider than the window: on a phone the log scrolls sideways in its own region.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      expect((await new AxeBuilder({ page }).include('[data-testid="sms-log"]').analyze()).violations).toEqual([]);
    }
  } finally {
    await hub.stop();
    await smsc.close();
  }
});
