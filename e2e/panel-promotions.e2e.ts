import AxeBuilder from '@axe-core/playwright';
import { randomUUID } from 'node:crypto';
import { enrolBody } from '#server/testing/enrol.ts';
import { enrolShopper, newCardUid, pairMany } from '#server/testing/signage.ts';
import { smtpSink } from '#server/testing/smtp-sink.ts';
import { request } from '#server/testing/test-hub.ts';
import { expect, signInToPanel, test, answerConfirm } from './fixtures.ts';
import { pairScreenByApi } from './screen-helpers.ts';

const TITLE = 'Tea and cake at four';
const PNG_1PX = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

// The SMTP sink listens on loopback: the test-only flag lets the hub reach it.
test.use({ hubConfig: { testOnlyAllowLoopbackOutbound: true } });

test('an operator launches a segment-targeted promotion with a minimum audience; check-ins bring it to the screen and the panel sees it rendered', async ({ browser, hub, page }) => {
  test.setTimeout(90_000);
  const cookie = await hub.login();
  const screen = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
  const screenId = await pairScreenByApi(screen, hub.url, (path, body) => hub.api(path, { body, cookie }), 'food-court');

  await page.setViewportSize({ width: 1280, height: 800 });
  await signInToPanel(page, hub);
  await page.getByRole('link', { name: 'Promotions' }).click();
  await expect(page.getByTestId('promotion-row').first()).toBeVisible();
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  await page.getByRole('button', { name: 'New promotion' }).click();
  // Saving with no title is refused in the form, naming the field.
  await page.getByRole('button', { name: 'Save promotion' }).click();
  await expect(page.locator('#err-title')).toBeVisible();

  await page.getByLabel('Title', { exact: true }).fill(TITLE);
  await page.getByLabel('Text', { exact: true }).fill('A pot of tea and a slice, with your pass.');
  await page.getByLabel('Shop', { exact: true }).selectOption({ label: 'Bean There Coffee' });
  await page.getByLabel('Likes Coffee', { exact: true }).check();
  await page.getByLabel('Minimum audience').fill('5');
  await page.getByLabel(/Audience label/).fill('tea fans');
  await page.getByRole('group', { name: 'Zones' }).getByLabel('Food court').check();
  await page.getByLabel('Priority (1–10)').fill('10');

  // The preview draws the slide in both orientations and says why the screen would not show it yet.
  await expect(page.getByTestId('preview-landscape').getByRole('heading', { name: TITLE })).toBeVisible();
  await expect(page.getByTestId('preview-portrait').getByRole('heading', { name: TITLE })).toBeVisible();
  await expect(page.getByTestId('preview-count')).toHaveText('0 of 1 screens would show it right now.');
  await expect(page.getByTestId('preview-screen')).toContainText('audience below K');
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  await page.getByRole('button', { name: 'Save promotion' }).click();
  await expect(page.getByRole('rowheader', { name: TITLE })).toBeVisible();
  expect(hub.services.promotions.list().find((p) => p.title === TITLE)).toMatchObject({ segments: ['interest:coffee'], minAudience: 5, zones: ['food-court'], tenantId: 'bean-there', priority: 10 });

  // Five coffee lovers check in at the food court kiosk.
  const [kiosk] = await pairMany(hub.services, 'kiosk', 'food-court', 1);
  const k = await hub.socket({ token: kiosk.token });
  for (let i = 0; i < 5; i++) expect((await enrolShopper(k, { interests: ['coffee'] })).ok).toBe(true);
  await expect(screen.getByRole('heading', { name: TITLE })).toBeVisible();
  await expect(screen.getByTestId('audience-line')).toHaveText('5 tea fans are here right now');

  // The preview now agrees.
  await page.getByRole('button', { name: `Edit ${TITLE}` }).click();
  await expect(page.getByTestId('preview-count')).toHaveText('1 of 1 screens would show it right now.');
  await page.getByRole('button', { name: 'Cancel' }).click();

  // The Screens tab shows the screen rendered what the hub sent, and how long it took.
  await page.getByRole('link', { name: 'Screens' }).click();
  const row = page.locator(`[data-screen-id="${screenId}"]`);
  await expect(row.getByTestId('content-match')).toContainText('matches');
  await expect(row.getByTestId('latency')).toHaveText(/^\d+ ms$/);
  const status = (await hub.api('/api/screens/status', { cookie })).body.find((s: { screenId: string }) => s.screenId === screenId);
  await expect(row.getByTestId('content-match')).toContainText(status.rendered.hash);

  // Duplicate and archive from the list.
  await page.getByRole('link', { name: 'Promotions' }).click();
  await page.getByRole('button', { name: `More actions for ${TITLE}` }).click();
  await page.getByRole('menuitem', { name: 'Duplicate' }).click();
  await expect(page.getByLabel('Title', { exact: true })).toHaveValue(`${TITLE} (copy)`);
  // An image: a text file claiming to be a PNG is refused by the hub; a real PNG is stored and previewed.
  const image = page.getByLabel(/^Image/);
  await image.setInputFiles({ name: 'fake.png', mimeType: 'image/png', buffer: Buffer.from('not really a png') });
  await expect(page.locator('#promo-image-err')).toContainText('Not a PNG, JPEG or WebP image');
  await image.setInputFiles({ name: 'dot.png', mimeType: 'image/png', buffer: Buffer.from(PNG_1PX, 'base64') });
  await expect(page.getByTestId('preview-landscape').locator('img')).toHaveAttribute('src', /^\/media\/[0-9a-f]{32}\.png$/);
  // The portrait preview is a portrait screen scaled down: the image above the words, as large a
  // share of the frame as on the screen itself (a slide laid out in the small box squeezed it out).
  const portrait = page.getByTestId('preview-portrait');
  const frame = (await portrait.boundingBox())!;
  const pimg = (await portrait.locator('img').boundingBox())!;
  const ptitle = (await portrait.locator('h1').boundingBox())!;
  expect(pimg.y + pimg.height).toBeLessThanOrEqual(ptitle.y + 1);
  expect(pimg.height).toBeGreaterThan(frame.height * 0.3);
  await page.getByTestId('preview-landscape').locator('..').locator('..').screenshot({ path: 'test-results/screens/promotion-preview.png' });
  await page.getByRole('button', { name: 'Save promotion' }).click();
  await page.getByRole('button', { name: `More actions for ${TITLE} (copy)` }).click();
  await page.getByRole('menuitem', { name: 'Archive…' }).click();
  await answerConfirm(page, 'confirm');
  await expect(page.getByRole('rowheader', { name: `${TITLE} (copy)` })).toHaveCount(0);
  expect(hub.services.promotions.list().find((p) => p.title === `${TITLE} (copy)`)?.status).toBe('archived');
  // Undo is cheap here: the toast restores it.
  await page.getByTestId('toast').filter({ hasText: `Archived ${TITLE} (copy)` }).getByRole('button', { name: /^Undo/ }).click();
  await expect(page.getByRole('rowheader', { name: `${TITLE} (copy)` })).toBeVisible();
  expect(hub.services.promotions.list().find((p) => p.title === `${TITLE} (copy)`)?.status).toBe('active');
});

test('an operator gives a promotion an offer email; the preview shows the mail, and a consenting shopper checking in gets it over SMTP', async ({ hub, page }) => {
  test.setTimeout(90_000);
  const sink = await smtpSink();
  try {
    const cookie = await hub.login();
    await hub.api('/api/settings/smtp', { cookie, body: { host: '127.0.0.1', port: sink.port, secure: false, from: 'offers@galleria.example' } });
    await page.setViewportSize({ width: 1280, height: 800 });
    await signInToPanel(page, hub);
    await page.getByRole('link', { name: 'Promotions' }).click();
    await page.getByRole('button', { name: 'New promotion' }).click();
    await page.getByLabel('Title', { exact: true }).fill('Noodles at noon');
    await page.getByLabel('Text', { exact: true }).fill('A bowl and a drink for 8.');
    await page.getByLabel('Shop', { exact: true }).selectOption({ label: 'Noodle Bar' });
    await page.getByRole('group', { name: 'Zones' }).getByLabel('Food court').check();
    await page.getByLabel(/Email this offer/).check();
    await page.getByLabel(/Email subject/).fill('Your noodles are waiting');

    // House content is not mailed: the shared schema says so under the field, before the hub is asked.
    await page.getByLabel(/House content/).check();
    await page.getByRole('button', { name: 'Save promotion' }).click();
    await expect(page.locator('[id="err-offerEmail.enabled"]')).toHaveText('House content is not sent by email.');
    await page.getByLabel(/House content/).uncheck();

    // The preview writes the mail as the hub will: the promotion's text as the default body, the pass link, the way out.
    const mail = page.getByTestId('mail-preview');
    await expect(mail.getByTestId('mail-subject')).toHaveText('Your noodles are waiting');
    await expect(mail.getByTestId('mail-text')).toContainText('An offer from Noodle Bar at Riverside Galleria');
    await expect(mail.getByTestId('mail-text')).toContainText('A bowl and a drink for 8.');
    await expect(mail.getByTestId('mail-text')).toContainText('/pass/<pass id>');
    await expect(mail.getByTestId('mail-text')).toContainText('switch off “Offers by email”');
    // The HTML part as sent, drawn in its sandboxed frame: the mall's header, the offer, the pass button.
    const html = page.frameLocator('[data-testid="mail-html"]');
    await expect(html.getByText('A bowl and a drink for 8.')).toBeVisible();
    await expect(html.getByRole('link', { name: 'Your pass' })).toBeVisible();
    await mail.screenshot({ path: 'test-results/screens/offer-email-preview.png' });
    // The mail's own frame runs no scripts (sandbox), so axe cannot enter it: the panel around it is checked.
    expect((await new AxeBuilder({ page }).exclude('[data-testid="mail-html"]').analyze()).violations).toEqual([]);
    await page.getByRole('button', { name: 'Save promotion' }).click();
    await expect(page.getByRole('rowheader', { name: 'Noodles at noon' })).toBeVisible();
    expect(hub.services.promotions.list().find((p) => p.title === 'Noodles at noon')?.offerEmail).toEqual({ enabled: true, subject: 'Your noodles are waiting', text: '' });

    // A shopper who asked for offers by email joins at the food court kiosk: the offer arrives once.
    const [kiosk] = await pairMany(hub.services, 'kiosk', 'food-court', 1);
    const k = await hub.socket({ token: kiosk.token });
    const tap = await request<any>(k, 'checkin:tap', { visitId: randomUUID(), card: newCardUid() });
    const enrol = await request<any>(k, 'shopper:enrol', enrolBody(tap.data.enrolTicket, { consents: { marketing_email: true }, email: 'nadia@example.org' }));
    expect(enrol.ok).toBe(true);
    await expect.poll(() => sink.mails.filter((m) => m.raw.includes('Subject: Your noodles are waiting')).length).toBe(1);
    expect(sink.mails.find((m) => m.raw.includes('Subject: Your noodles'))?.to).toEqual(['nadia@example.org']);

    // The operator sees it in the offer email log, without the address.
    await page.getByRole('link', { name: 'Integrations' }).click();
    await page.getByRole('tab', { name: 'Email' }).click();
    const log = page.getByTestId('offer-email-log');
    await expect(log.getByRole('row').filter({ hasText: 'Noodles at noon' })).toContainText('sent');
    await expect(log).not.toContainText('nadia');
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  } finally {
    await sink.close();
  }
});
