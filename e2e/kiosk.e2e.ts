import { CONSENT_TEXTS, CONSENT_TEXT_VERSION } from '#shared/consent-texts.ts';
import { LANGUAGES } from '#shared/constants.ts';
import { MESSAGES } from '#shared/i18n/messages.ts';
import { sha256 } from '#server/domain/core/ids.ts';
import { enrolByTap } from '#server/testing/enrol.ts';
import { expect, expectAccessible, openKiosk, tapCard, test } from './fixtures.ts';

test.use({ hubConfig: { k: 2 } });

test('join by card tap with chosen consents and a typed name; second tap is welcomed back', async ({ newContext, hub }) => {
  const { page: kiosk, token, device } = await openKiosk(await newContext(), hub);
  await expectAccessible(kiosk, 'attract screen');

  await tapCard(kiosk, '4111111111111111');
  await expect(kiosk.getByRole('heading', { name: 'Join the mall pass' })).toBeVisible();
  await expect(kiosk.getByTestId('consent-version')).toHaveText(`Consent text version ${CONSENT_TEXT_VERSION}`);
  // Optional purposes are off by default; each is shown in its exact words.
  for (const p of ['analytics', 'marketing_email', 'marketing_sms'] as const) {
    await expect(kiosk.getByLabel(CONSENT_TEXTS.en[p])).not.toBeChecked();
  }
  await expectAccessible(kiosk, 'consent screen');
  await kiosk.getByLabel(CONSENT_TEXTS.en.analytics).check();
  // By keyboard too: focus the email consent and press space.
  await kiosk.getByLabel(CONSENT_TEXTS.en.marketing_email).focus();
  await kiosk.keyboard.press('Space');
  await expect(kiosk.getByLabel(CONSENT_TEXTS.en.marketing_email)).toBeChecked();

  await kiosk.getByRole('button', { name: 'Add my details (optional)' }).click();
  await expect(kiosk.getByRole('heading', { name: 'About you (all optional)' })).toBeVisible();
  await expect(kiosk.getByLabel('Mobile number')).toHaveCount(0); // no SMS consent, no phone field
  await kiosk.getByTestId('first-name').click();
  const keyboard = kiosk.getByRole('group', { name: 'On-screen keyboard' });
  for (const key of ['A', 'n', 'n', 'a']) await keyboard.getByRole('button', { name: key, exact: true }).click();
  await expect(kiosk.getByTestId('first-name')).toHaveValue('Anna');
  await kiosk.getByTestId('email').click();
  for (const key of 'anna@ex.io') await keyboard.getByRole('button', { name: key, exact: true }).click();
  await expect(kiosk.getByTestId('email')).toHaveValue('anna@ex.io');
  await kiosk.getByLabel('Coffee').check();
  await kiosk.getByLabel('25-34').check();
  await kiosk.getByLabel('Riverside').check();
  await expectAccessible(kiosk, 'profile screen');
  await kiosk.getByRole('button', { name: 'Join', exact: true }).click();

  await expect(kiosk.getByTestId('welcome')).toHaveText('Welcome, Anna!');
  await expect(kiosk.getByTestId('visit-count')).toHaveText('Your first visit');
  await expectAccessible(kiosk, 'welcome screen');

  const shopper = [...hub.store.shoppers.values()][0];
  expect(shopper).toMatchObject({ firstName: 'Anna', email: 'anna@ex.io', interests: ['coffee'], ageBand: '25-34', homeArea: 'riverside' });
  const ledger = await hub.services.shoppers.ledger(shopper.id);
  expect(ledger.map((e) => [e.purpose, e.granted])).toEqual([
    ['membership', true],
    ['analytics', true],
    ['marketing_email', true],
  ]); // SMS was left unticked: never given, so nothing is written for it
  for (const e of ledger) {
    expect(e).toMatchObject({ textVersion: CONSENT_TEXT_VERSION, language: 'en', channel: `kiosk:${device.id}` });
    expect(e.textHash).toBe(sha256(CONSENT_TEXTS.en[e.purpose]));
  }

  await kiosk.getByRole('button', { name: 'Done' }).click();
  await tapCard(kiosk, '4111111111111111');
  await expect(kiosk.getByTestId('welcome')).toHaveText('You’re checked in, Anna!');
  // Joined a moment ago and still here: greeted back on the same visit (DESIGN.md, Visit).
  await expect(kiosk.getByTestId('visit-count')).toHaveText('Your first visit');
  await kiosk.getByRole('button', { name: 'Done' }).click();

  // The reader bridge drives the same flow on this kiosk's screen.
  const bridged = await hub.api(`/api/kiosks/${device.id}/tap`, { token, body: { card: '4111 1111 1111 1111' } });
  expect(bridged.body).toMatchObject({ status: 'welcome', delivered: true });
  await expect(kiosk.getByTestId('visit-count')).toHaveText('Your first visit');
  await kiosk.getByRole('button', { name: 'Done' }).click();

  // A bad card gets a friendly message.
  await tapCard(kiosk, '4111111111111112');
  await expect(kiosk.getByRole('heading', { name: 'We couldn’t read that card' })).toBeVisible();
  await expectAccessible(kiosk, 'unreadable screen');
});

test('join on the phone: the kiosk shows a one-time QR link, the phone completes, the kiosk welcomes', async ({ newContext, hub }) => {
  const { page: kiosk } = await openKiosk(await newContext(), hub);
  await tapCard(kiosk, '5500005555555559');
  await kiosk.getByRole('button', { name: 'Continue on your phone' }).click();
  const qr = kiosk.getByTestId('join-qr');
  await expect(qr).toBeVisible();
  await expectAccessible(kiosk, 'phone join screen');
  const path = await qr.getAttribute('data-link');
  expect(path).toMatch(/^\/join\/[A-Za-z0-9_-]{20,}$/);

  const phone = await (await newContext({ viewport: { width: 390, height: 844 }, locale: 'pl-PL' })).newPage();
  await phone.goto(hub.url + path);
  await expect(phone.getByRole('heading', { name: /Dołącz do/ })).toBeVisible();
  await phone.getByLabel('Język').selectOption('en');
  await expect(phone.getByRole('heading', { name: /Join/ })).toBeVisible();
  await expectAccessible(phone, 'phone join page');
  await phone.getByLabel(CONSENT_TEXTS.en.membership, { exact: false }).check();
  await phone.getByLabel(CONSENT_TEXTS.en.marketing_email).check();
  await phone.getByLabel('First name').fill('Bea');
  await phone.getByRole('textbox', { name: 'Email' }).fill('bea@example.org');
  await phone.getByRole('button', { name: 'Join' }).click();
  await expect(phone).toHaveURL(/\/pass\/[A-Za-z0-9_-]{22}$/);
  await expect(phone.getByRole('heading', { name: /Your mall pass/ })).toBeVisible();

  await expect(kiosk.getByTestId('welcome')).toHaveText('Welcome, Bea!');
  await expect(kiosk.locator('body')).not.toContainText('bea@example.org');
  // The card tapped before joins with the phone's profile.
  await kiosk.getByRole('button', { name: 'Done' }).click();
  await tapCard(kiosk, '5500005555555559');
  await expect(kiosk.getByTestId('welcome')).toHaveText('You’re checked in, Bea!');
  // The link is spent.
  await phone.goto(hub.url + path);
  await expect(phone.getByRole('alert')).toContainText('Ten link wygasł'); // the phone's own language (pl-PL) on a fresh page
});

test('idle timeout returns to the attract screen and clears every trace of the shopper', async ({ newContext, hub }) => {
  const { page: kiosk } = await openKiosk(await newContext(), hub, '?idle=2');
  await tapCard(kiosk, '4111111111111111');
  await kiosk.getByLabel(CONSENT_TEXTS.en.marketing_email).check();
  await kiosk.getByRole('button', { name: 'Add my details (optional)' }).click();
  await kiosk.getByTestId('first-name').fill('Zoltan');
  await kiosk.getByTestId('email').fill('zoltan@example.org');
  // Touches keep it alive...
  for (let i = 0; i < 3; i++) {
    await kiosk.waitForTimeout(800);
    await kiosk.mouse.click(5, 5);
  }
  await expect(kiosk.getByTestId('first-name')).toHaveValue('Zoltan');
  // ...and without them it wipes itself.
  await expect(kiosk.getByRole('heading', { name: 'Welcome to the mall' })).toBeVisible({ timeout: 5000 });
  expect(await kiosk.locator('input').count()).toBe(0);
  const html = await kiosk.content();
  expect(html).not.toContain('Zoltan');
  expect(html).not.toContain('zoltan@example.org');
  // Tapping again starts clean: nothing ticked, nothing typed.
  await tapCard(kiosk, '4111111111111111');
  await expect(kiosk.getByLabel(CONSENT_TEXTS.en.marketing_email)).not.toBeChecked();
  await kiosk.getByRole('button', { name: 'Add my details (optional)' }).click();
  await expect(kiosk.getByTestId('first-name')).toHaveValue('');
  await expect(kiosk.getByRole('heading', { name: 'Welcome to the mall' })).toBeVisible({ timeout: 5000 });
});

test('six languages render on the kiosk, with the consent texts in each', async ({ newContext, hub }) => {
  const { page: kiosk } = await openKiosk(await newContext(), hub, '?idle=60');
  for (const lang of LANGUAGES) {
    await kiosk.getByRole('button', { name: MESSAGES[lang].languageName }).click();
    await expect(kiosk.getByRole('heading', { level: 1 })).toHaveText(MESSAGES[lang].attractTitle);
    await expect(kiosk.getByRole('button', { name: MESSAGES[lang].scanPass })).toBeVisible();
    await kiosk.getByRole('button', { name: MESSAGES[lang].join, exact: true }).click();
    await expect(kiosk.getByRole('heading', { level: 1 })).toHaveText(MESSAGES[lang].consentTitle);
    await expect(kiosk.getByText(CONSENT_TEXTS[lang]!.analytics)).toBeVisible();
    expect(await kiosk.evaluate(() => document.documentElement.lang)).toBe(lang === 'zh' ? 'zh-Hans' : lang);
    await expectAccessible(kiosk, `consent screen in ${lang}`);
    await kiosk.getByRole('button', { name: MESSAGES[lang].notNow }).click();
  }
  // A kiosk in Wales starts in Welsh, and goes back to it after each shopper.
  await kiosk.goto(kiosk.url().replace('?idle=60', '?idle=60&lang=cy'));
  await expect(kiosk.getByRole('heading', { level: 1 })).toHaveText(MESSAGES.cy.attractTitle);
});

test('pass page: withdraw analytics drops the live count; export downloads; erase removes everything personal', async ({ newContext, hub }) => {
  const kioskSocket = await hub.socket({ token: (await hub.pair('kiosk', 'entrance')).token });
  const passIds: string[] = [];
  for (const [i, card] of ['4111111111111111', '5500005555555559', '378282246310005'].entries()) {
    const contact = i === 0 ? { firstName: 'Magdalena', email: 'magdalena@example.org' } : {};
    passIds.push((await enrolByTap(kioskSocket, card, { consents: { marketing_email: i === 0 }, ...contact })).passId);
  }
  const screen = await (await newContext()).newPage();
  const { token: screenToken } = await hub.pair('screen', 'entrance');
  await screen.addInitScript((t) => localStorage.setItem('atrium.screen.token', t), screenToken);
  await screen.goto(`${hub.url}/screen`);
  await expect(screen.getByTestId('present')).toContainText('3 shoppers here right now');

  const context = await newContext({ acceptDownloads: true, viewport: { width: 390, height: 844 } });
  const pass = await context.newPage();
  await pass.goto(`${hub.url}/pass/${passIds[0]}`);
  await expect(pass.getByRole('heading', { name: /Your mall pass · Magdalena/ })).toBeVisible();
  await expect(pass.getByTestId('pass-qr')).toBeVisible();
  await expect(pass.getByTestId('visit-total')).toHaveText('1 visit');
  await expect(pass.getByTestId('receipts')).toContainText('Anonymous visitor counts: you agreed');
  await expectAccessible(pass, 'pass page');

  await pass.getByRole('switch', { name: /Anonymous visitor counts/ }).uncheck();
  await expect(pass.getByRole('switch', { name: /Anonymous visitor counts/ })).not.toBeChecked();
  await expect(screen.getByTestId('present')).toContainText('2 shoppers here right now');
  await expect(pass.getByTestId('receipts')).toContainText('Anonymous visitor counts: you withdrew');
  const ledger = await hub.services.shoppers.ledger(passIds[0]);
  expect(ledger.at(-1)).toMatchObject({ purpose: 'analytics', granted: false, channel: 'phone', textHash: sha256(CONSENT_TEXTS.en.analytics) });

  // Language choice, kept on the pass.
  await pass.getByLabel('Language').selectOption('hu');
  await expect(pass.getByRole('heading', { name: /Az Ön bevásárlóközponti bérlete/ })).toBeVisible();
  await pass.getByLabel('Nyelv').selectOption('en');

  const [download] = await Promise.all([pass.waitForEvent('download'), pass.getByTestId('export').click()]);
  const exported = JSON.parse(await (await import('node:fs/promises')).readFile((await download.path())!, 'utf8'));
  expect(exported.profile).toMatchObject({ firstName: 'Magdalena', email: 'magdalena@example.org', cardsLinked: 1 });
  expect(exported.consentLedger).toHaveLength(4); // joined: membership, analytics, email (SMS never given); then analytics withdrawn
  expect(exported.visits).toHaveLength(1);

  await pass.getByRole('button', { name: 'Erase me' }).click();
  await expect(pass.getByRole('alertdialog')).toBeVisible();
  await expectAccessible(pass, 'erase confirmation');
  await pass.getByRole('button', { name: 'Yes, erase everything' }).click();
  await expect(pass.getByTestId('erased')).toBeVisible();
  await hub.store.flush();
  const { execFileSync } = await import('node:child_process');
  const found = (needle: string) => {
    try {
      return execFileSync('grep', ['-rl', needle, hub.dataRoot], { encoding: 'utf8' });
    } catch {
      return '';
    }
  };
  expect(found('Magdalena')).toBe('');
  expect(found('magdalena@example.org')).toBe('');
  expect(found(passIds[0])).toBe('');
  await pass.reload();
  await expect(pass.getByRole('alert')).toContainText('does not exist or has been erased');
});
