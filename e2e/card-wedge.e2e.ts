import { expect, openKiosk, SHOTS, signInToPanel, test } from './fixtures.ts';
import { asTyped, enrolCard, wedge } from './wedge.ts';

const PAN = '4111111111111111';
const SWIPE = `%B${PAN}^DOE/JOHN^2512101000000000000?;${PAN}=25121010000000000?`;

test.describe('keyboard-wedge card reader', () => {
  // Window 0: every read the kiosk gets through is a visit, so a count shows each read arrived.
  test.use({ hubConfig: { visitWindowMinutes: 0 } });
  test('a US-set reader on a French (AZERTY) PC: card number, NFC UID and swipe are read by the physical key', async ({ hub, newContext }) => {
    expect(asTyped('4111', 'azerty')).toBe("'&&&");
    expect(asTyped('04A22B1A', 'azerty')).toBe("à'QééB&Q");
    await enrolCard(hub, PAN, 'Amélie');
    await enrolCard(hub, '04A22B1A', 'Bruno');
    const { page } = await openKiosk(await newContext(), hub);

    for (const [typed, name] of [[PAN, 'Amélie'], ['04A22B1A', 'Bruno'], [SWIPE, 'Amélie']] as const) {
      await wedge(page, typed, { layout: 'azerty' });
      await expect(page.getByTestId('welcome'), `${typed.slice(0, 3)}… on AZERTY`).toHaveText(`Welcome back, ${name}!`);
      await page.getByRole('button', { name: 'Done' }).click();
      await expect(page.getByRole('heading', { name: 'Welcome to the mall' })).toBeVisible();
    }
  });

  test('a page stall in the middle of a burst neither splits the card nor lets its tail pass as another card', async ({ hub, newContext }) => {
    const passId = await enrolCard(hub, PAN, 'Olek');
    const { page } = await openKiosk(await newContext(), hub);
    // The main thread is busy for 300 ms right after the 6th key; the reader goes on typing.
    await wedge(page, PAN, { gapMs: 8, stall: { afterKey: 6, ms: 300 } });
    await expect(page.getByTestId('welcome')).toHaveText('Welcome back, Olek!');
    await expect(page.getByRole('heading', { name: 'Join the mall pass' })).toHaveCount(0);
    await page.getByRole('button', { name: 'Done' }).click();

    // The reader itself stops for 300 ms after the 6th key (the card pulled away): the tail
    // 111111111 is no card of its own; the shopper is asked to hold the card still.
    await wedge(page, PAN, { gapMs: 8, pause: { afterKey: 6, ms: 300 } });
    await expect(page.getByTestId('notice')).toHaveText('Hold your card still on the reader and try again.');
    await expect(page.getByRole('heading', { name: 'Welcome to the mall' })).toBeVisible();
    expect(hub.services.shoppers.get(passId)?.visitCount).toBe(2);
  });

  test('one card, one shopper: kiosk B’s reader prints the UID bytes reversed, set so in the panel', async ({ hub, newContext }) => {
    const { page: a } = await openKiosk(await newContext(), hub, '', 'entrance');
    const { page: b, device: kioskB } = await openKiosk(await newContext(), hub, '', 'food-court');

    // Enrol UID 1EA68671 at kiosk A.
    await wedge(a, '1EA68671');
    await expect(a.getByRole('heading', { name: 'Join the mall pass' })).toBeVisible();
    await a.getByRole('button', { name: 'Join', exact: true }).click();
    await expect(a.getByTestId('welcome')).toBeVisible();

    // The operator says how kiosk B's reader prints a card.
    const panel = await (await newContext()).newPage();
    await panel.setViewportSize({ width: 1280, height: 800 });
    await signInToPanel(panel, hub);
    await panel.getByRole('link', { name: 'Kiosks' }).click();
    await panel.getByRole('button', { name: `Settings of ${kioskB.name}` }).click();
    await panel.getByLabel('UID byte order').selectOption('reversed');
    await panel.getByRole('button', { name: `Save ${kioskB.name}` }).click();
    await expect(panel.getByTestId('kiosk-row').filter({ hasText: kioskB.name }).getByTestId('kiosk-reader')).toHaveText('detect, reversed');
    expect(hub.services.devices.get(kioskB.id)?.reader?.byteOrder).toBe('reversed');
    await panel.screenshot({ path: `${SHOTS}/panel-kiosk-reader.png`, fullPage: true });

    // Kiosk B's reader prints the same card as 7186A61E, or in decimal as 1904649758: the same shopper.
    for (const typed of ['7186A61E', '1904649758']) {
      await wedge(b, typed);
      await expect(b.getByTestId('welcome'), typed).toHaveText('Welcome back!');
      await b.getByRole('button', { name: 'Done' }).click();
      await expect(b.getByRole('heading', { name: 'Welcome to the mall' })).toBeVisible();
    }
  });

  test('a reader slower than a USB wedge (70 ms a key): “hold the card still”, and read once the kiosk is set for slow readers', async ({ hub, newContext }) => {
    await enrolCard(hub, '04A22B1A', 'Zsófi');
    const { page, device } = await openKiosk(await newContext(), hub);
    await wedge(page, '04A22B1A', { gapMs: 70 });
    await expect(page.getByTestId('notice')).toHaveText('Hold your card still on the reader and try again.');
    await expect(page.getByRole('heading', { name: 'Welcome to the mall' })).toBeVisible();
    for (const size of [{ width: 1080, height: 1920 }, { width: 1280, height: 800 }]) {
      await page.setViewportSize(size);
      await page.screenshot({ path: `${SHOTS}/hold-still-${size.width}x${size.height}.png` });
    }
    // A person typing words is left alone.
    await wedge(page, 'hello', { gapMs: 70 });

    const cookie = await hub.login();
    expect((await hub.api(`/api/devices/${device.id}/settings`, { cookie, body: { reader: { slow: true } } })).status).toBe(200);
    await expect.poll(() => page.evaluate(() => JSON.parse(localStorage.getItem('atrium.kiosk.settings') ?? '{}').reader?.slow)).toBe(true);
    await wedge(page, '04A22B1A', { gapMs: 70 });
    await expect(page.getByTestId('welcome')).toHaveText('Welcome back, Zsófi!');
  });

  test('a shop’s till: a US-set USB scanner on an AZERTY PC types the pass URL, read by the physical key', async ({ hub, newContext }) => {
    const passId = await enrolCard(hub, PAN, 'Olek');
    const till = await (await newContext()).newPage();
    await till.goto(`${hub.url}/till`);
    await till.getByLabel('Username').fill('bean-there');
    await till.getByLabel('Password').fill('atrium-demo');
    await till.getByRole('button', { name: 'Sign in' }).click();
    // Signed in, nothing scanned yet: the till's answer (a live region, always there) is empty.
    await expect(till.getByRole('heading', { name: 'Till scanner' })).toBeVisible();
    await expect(till.getByTestId('till-result')).toHaveText('');
    await wedge(till, `${hub.url}/pass/${passId}`, { layout: 'azerty' });
    await expect(till.getByTestId('till-result')).toHaveText('Visit recorded.');
  });
});
