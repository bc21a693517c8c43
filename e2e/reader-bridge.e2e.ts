import type { BrowserContext, Page } from '@playwright/test';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BridgeProcess } from '#kiosk/bridge/src/testing/bridge-process.ts';
import { pcscUnavailable, PrivatePcscd } from '#kiosk/bridge/src/testing/pcscd.ts';
import { RecordingProxy } from '#kiosk/bridge/src/testing/recording-proxy.ts';
import { brokenCard, InsertedCard, testMastercard, testVisa, uidCard } from '#kiosk/bridge/src/testing/virtual-card.ts';
import { expect, tapCard, test } from './fixtures.ts';
import { HubProcess, ephemeralPort } from './hub-process.ts';

/**
 * The reader bridge end to end, without hardware: a real pcscd with vpcd's virtual readers, test
 * cards written in Node on vpcd's socket, the bridge as its own process, a real hub process and
 * the kiosk page in Chromium. On a machine without pcscd (or the bridge's packages) these say
 * why they are skipped.
 */
const unavailable = pcscUnavailable();
if (unavailable) console.log(`reader bridge tests skipped: ${unavailable}`);

const VISA_PAN = '4111111111111111';
const UID = '04A22B1A';

test.describe('reader bridge (PC/SC, EMV) on a kiosk PC', () => {
  test.skip(!!unavailable, `skipped: ${unavailable}`);
  test.describe.configure({ mode: 'serial' });

  let pcscd: PrivatePcscd;
  let hub: HubProcess;
  let proxy: RecordingProxy;
  let bridge: BridgeProcess;
  let context: BrowserContext;
  let page: Page;
  let cookie: string;
  let dataRoot: string;
  let uidPass = '';

  const visits = async (passId: string): Promise<number> => (await hub.api(`/api/shoppers/${passId}`, cookie)).body.pass.visitCount;
  const passOnScreen = async () => ((await page.getByTestId('pass-qr').getAttribute('data-link')) ?? '').split('/').pop() ?? '';
  /** Takes the card away and waits until the reader has seen it go (pcscd polls its readers). */
  const takeAway = async (card: InsertedCard) => {
    const from = bridge.output.length;
    await card.remove();
    await bridge.waitFor(/card taken away/, 10_000, from);
  };
  const done = async () => {
    await page.getByRole('button', { name: 'Done' }).click();
    await expect(page.getByRole('heading', { name: 'Welcome to the mall' })).toBeVisible();
  };

  test.beforeAll(async ({ browser }) => {
    test.setTimeout(90_000);
    pcscd = await PrivatePcscd.start();
    dataRoot = await mkdtemp(join(tmpdir(), 'atrium-bridge-hub-'));
    // Every read a visit (window 0): a read too many would show as a visit too many.
    hub = new HubProcess(await ephemeralPort(), dataRoot, { ATRIUM_VISIT_WINDOW_MINUTES: '0', ATRIUM_LOG_LEVEL: 'info' }, true);
    await hub.start();
    cookie = await hub.login();
    proxy = await RecordingProxy.start(hub.port);
    context = await browser.newContext();
    page = await context.newPage();
    await page.goto(`${hub.url}/kiosk?idle=120`);
    const code = (await page.getByTestId('pairing-code').textContent())?.trim() ?? '';
    expect((await hub.api('/api/devices/pair', cookie, { code, name: 'Kiosk by the fountain', zoneId: 'entrance' })).status).toBe(200);
    await expect(page.getByRole('heading', { name: 'Welcome to the mall' })).toBeVisible();
    // The installer copies the kiosk's token (from its profile) into the bridge's token file.
    const token = (await page.evaluate(() => localStorage.getItem('atrium.kiosk.token'))) ?? '';
    bridge = await BridgeProcess.start({ hubUrl: proxy.url, token, pcscdSocket: pcscd.socket });
    await bridge.waitFor(/reader "Virtual PCD 00 00" ready/);
  });

  test.afterAll(async () => {
    await bridge?.stop();
    await context?.close();
    await proxy?.stop();
    await hub?.kill();
    await pcscd?.stop();
    if (dataRoot) await rm(dataRoot, { recursive: true, force: true });
  });

  test('a UID card: "One moment…" while it is read, join, then welcome back on the next presentation', async () => {
    // A slow card: the kiosk says "One moment…" before the read is done.
    let card = await InsertedCard.insert(pcscd.port, uidCard(UID), { delayMs: 1500 });
    await expect(page.getByRole('status').filter({ hasText: 'One moment…' })).toBeVisible();
    // Looked at on a portrait kiosk, a phone-sized and a landscape screen.
    for (const [width, height] of [[1080, 1920], [390, 844], [1920, 1080]]) {
      await page.setViewportSize({ width, height });
      await page.screenshot({ path: test.info().outputPath(`one-moment-${width}.png`) });
    }
    await page.setViewportSize({ width: 1280, height: 720 });
    await expect(page.getByRole('heading', { name: 'Join the mall pass' })).toBeVisible();
    await page.getByRole('button', { name: 'Join', exact: true }).click();
    await expect(page.getByTestId('welcome')).toBeVisible();
    await expect(page.getByTestId('pass-qr')).toBeVisible();
    uidPass = await passOnScreen();
    await done();
    await takeAway(card);

    card = await InsertedCard.insert(pcscd.port, uidCard(UID));
    // ATRIUM_VISIT_WINDOW_MINUTES=0: every read is a new visit, so the next one is visit 2 or more.
    await expect(page.getByTestId('welcome')).toContainText('Welcome back');
    await takeAway(card);
    await done();
  });

  test('the Visa test card is the same shopper as its number typed by a wedge; the Mastercard is a stranger', async () => {
    // The wedge types the number. On a loaded test machine the page may get the keys too slowly
    // for a reader and ask to hold the card still: then it is typed again, as a shopper would tap again.
    const consent = page.getByRole('heading', { name: 'Join the mall pass' });
    for (let tries = 0; tries < 3 && !(await consent.isVisible()); tries++) {
      await tapCard(page, VISA_PAN);
      await expect(consent.or(page.getByTestId('notice'))).toBeVisible();
    }
    await expect(consent).toBeVisible();
    await page.getByRole('button', { name: 'Join', exact: true }).click();
    await expect(page.getByTestId('pass-qr')).toBeVisible();
    const wedgePass = await passOnScreen();
    await done();
    const before = await visits(wedgePass);

    const visa = await InsertedCard.insert(pcscd.port + 1, testVisa());
    await expect(page.getByTestId('welcome')).toContainText('Welcome back');
    expect(await visits(wedgePass)).toBe(before + 1);
    await takeAway(visa);
    await done();

    // A shopper already on the join screen taps a card: "One moment…" over it, then the same screen.
    await page.getByRole('button', { name: 'Join', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Join the mall pass' })).toBeVisible();
    const mastercard = await InsertedCard.insert(pcscd.port + 1, testMastercard(), { delayMs: 300 });
    await expect(page.getByTestId('notice')).toHaveText('One moment…');
    await expect(page.getByTestId('notice')).toHaveCount(0);
    await expect(page.getByRole('heading', { name: 'Join the mall pass' })).toBeVisible();
    await takeAway(mastercard);
    await page.getByRole('button', { name: 'Not now' }).click();
  });

  test('a card that cannot be read: the kiosk asks the shopper to tap again, and nothing else changes', async () => {
    const card = await InsertedCard.insert(pcscd.port, brokenCard(), { delayMs: 300 });
    await expect(page.getByRole('status').filter({ hasText: 'One moment…' })).toBeVisible();
    await expect(page.getByTestId('notice')).toHaveText('Hold your card still on the reader and try again.');
    await expect(page.getByRole('heading', { name: 'Welcome to the mall' })).toBeVisible();
    await takeAway(card);
  });

  test('a card left on the reader for 10 s is one read and one visit', async () => {
    test.setTimeout(40_000);
    const before = await visits(uidPass);
    const from = bridge.output.length;
    const card = await InsertedCard.insert(pcscd.port, uidCard(UID));
    await expect(page.getByTestId('welcome')).toContainText('Welcome back');
    await page.waitForTimeout(10_000);
    await takeAway(card);
    expect(card.reads).toBe(1);
    expect(bridge.output.slice(from).match(/read a card by its UID/g)).toHaveLength(1);
    expect(await visits(uidPass)).toBe(before + 1);
    await done();
  });

  test('the hub stopped, a card presented, the hub back: the read is recorded once', async () => {
    test.setTimeout(60_000);
    const before = await visits(uidPass);
    await hub.kill();
    const from = bridge.output.length;
    const card = await InsertedCard.insert(pcscd.port, uidCard(UID));
    await bridge.waitFor(/kept sealed to send later/, 15_000, from);
    // What waits on the kiosk PC's disk is ciphertext only.
    const kept = await readdir(join(bridge.stateDir, 'queue'));
    expect(kept.filter((f) => f.endsWith('.json'))).toHaveLength(1);
    const onDisk = await readFile(join(bridge.stateDir, 'queue', kept.find((f) => f.endsWith('.json'))!), 'utf8');
    expect(Object.keys(JSON.parse(onDisk)).sort()).toEqual(['at', 'sealed', 'visitId']);
    expect(onDisk).not.toContain(UID);
    await takeAway(card);
    await hub.start();
    cookie = await hub.login();
    await bridge.waitFor(/sent 1 kept read\(s\) to the hub; 0 still waiting/, 20_000, from);
    // Offered every second: a few more rounds would show a second recording.
    await page.waitForTimeout(3000);
    expect(await visits(uidPass)).toBe(before + 1);
    await expect(page.getByRole('heading', { name: 'Welcome to the mall' })).toBeVisible();
  });

  test('nothing of a card in the hub’s data folder, the hub’s and the bridge’s logs, the traffic between them, or the bridge’s state', async () => {
    const files = async (dir: string): Promise<string[]> =>
      (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
    const stored = await Promise.all([...(await files(dataRoot)), ...(await files(bridge.dir))].map((f) => readFile(f)));
    expect(stored.length).toBeGreaterThan(3);
    const haystacks: [string, Buffer][] = [
      ['hub data and bridge state', Buffer.concat(stored)],
      ['hub log', Buffer.from(hub.output)],
      ['bridge log', Buffer.from(bridge.output)],
      ['traffic', proxy.traffic()],
    ];
    expect(proxy.traffic().length).toBeGreaterThan(1000);
    expect(bridge.output).toContain('read a bank card');
    // The hub's log was kept (its start-up lines at least), so the scan below reads something.
    expect(hub.output.length, 'the hub printed nothing').toBeGreaterThan(100);
    for (const [where, hay] of haystacks) {
      for (const needle of [VISA_PAN, '4111 1111 1111 1111', '5555555555554444', UID, UID.toLowerCase(), 'CARDHOLDER']) {
        expect(hay.includes(needle), `${needle} in ${where}`).toBe(false);
      }
    }
  });
});
