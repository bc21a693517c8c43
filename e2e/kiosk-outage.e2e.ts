import type { Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { testCard } from '#server/testing/cards.ts';
import { enrolBody } from '#server/testing/enrol.ts';
import { expect, SHOTS, tapCard, test } from './fixtures.ts';
import { HubProcess, ephemeralPort } from './hub-process.ts';
import { putBack, readQueue } from './kiosk-queue.ts';

const MINUTE = 60_000;
/** How long the hub stays away, on the kiosk's clock. */
const OUTAGE_MINUTES = 10;

/**
 * Opens the kiosk page, pairs it through its on-screen code and waits until it can seal taps
 * offline; resolves with its device token.
 */
async function pairKioskPage(page: Page, hub: HubProcess, cookie: string, idleSeconds: number, name: string, zoneId: string): Promise<string | null> {
  await page.goto(`${hub.url}/kiosk?idle=${idleSeconds}`);
  const code = (await page.getByTestId('pairing-code').textContent())?.trim() ?? '';
  expect((await hub.api('/api/devices/pair', cookie, { code, name, zoneId })).status).toBe(200);
  await expect(page.getByRole('heading', { name: 'Welcome to the mall' })).toBeVisible();
  await expect.poll(() => page.evaluate(() => localStorage.getItem('atrium.kiosk.sealKey'))).toBeTruthy();
  return page.evaluate(() => localStorage.getItem('atrium.kiosk.token'));
}

function call<T>(socket: Socket, event: string, payload: unknown): Promise<{ ok: boolean; data: T; error?: string }> {
  return new Promise((resolve) => socket.emit(event, payload, resolve));
}

test('kiosk outage: ten minutes of taps while the hub is down are queued, replayed twice, and each recorded once at its own time', async ({ browser }) => {
  test.setTimeout(90_000);
  const dataRoot = await mkdtemp(join(tmpdir(), 'atrium-outage-'));
  // Every read a visit (window 0): this is about replays stored once, not about arrivals.
  const hub = new HubProcess(await ephemeralPort(), dataRoot, { ATRIUM_VISIT_WINDOW_MINUTES: '0' });
  const context = await browser.newContext();
  let setup: Socket | undefined;
  try {
    await hub.start();
    const cookie = await hub.login();

    // The kiosk's clock starts eleven minutes ago, so that its ten minutes of outage end just
    // before now on the hub's clock: the queued visits carry past times the hub must accept.
    const page = await context.newPage();
    await page.clock.install({ time: Date.now() - (OUTAGE_MINUTES + 1) * MINUTE });
    const token = await pairKioskPage(page, hub, cookie, 30, 'Kiosk by the fountain', 'food-court');

    // Four shoppers join first (as this kiosk, over its own socket); a fifth card never joins.
    setup = io(hub.url, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
    const cards = [1, 2, 3, 4].map((n) => testCard(700 + n));
    const passes: string[] = [];
    for (const card of cards) {
      const tap = await call<{ enrolTicket: string }>(setup, 'checkin:tap', { visitId: randomUUID(), card });
      const joined = await call<{ passId: string }>(setup, 'shopper:enrol', enrolBody(tap.data.enrolTicket));
      expect(joined.ok, joined.error).toBe(true);
      passes.push(joined.data.passId);
    }
    setup.close();
    const stranger = testCard(799);

    await hub.kill();
    await expect(page.getByTestId('offline')).toBeVisible();
    const downAt = Date.now();
    // The kiosk's clock stands still between the jumps below, so each tap is stamped with its own
    // minute, and a wedge's keys are never seen as far apart by a page on a busy test machine
    // (which would split one card into a shorter, wrong one).
    await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1000);

    // Ten minutes on the kiosk's clock: a tap or two each minute. Some shoppers press Done; the
    // others walk away and the idle timeout (30 s) takes the kiosk back to the attract screen.
    const taps: string[] = [];
    for (let minute = 0; minute < OUTAGE_MINUTES; minute++) {
      const who = minute === 6 ? [stranger] : minute % 3 === 0 ? [cards[minute % 4], cards[(minute + 1) % 4]] : [cards[minute % 4]];
      for (const [i, card] of who.entries()) {
        await tapCard(page, card);
        await expect(page.getByTestId('queued-thanks')).toBeVisible();
        if (i < who.length - 1 || minute % 2 === 0) await page.getByRole('button', { name: 'Done' }).click();
        taps.push(card);
      }
      await page.clock.fastForward(MINUTE);
      await expect(page.getByRole('heading', { name: 'Welcome to the mall' })).toBeVisible();
      await expect(page.getByTestId('queued')).toContainText(`${taps.length} check-in`);
      await expect(page.getByTestId('offline')).toBeVisible();
    }

    const queued = await page.evaluate(readQueue);
    expect(queued).toHaveLength(taps.length);
    expect(queued.every((q) => q.kind === 'card')).toBe(true);
    expect(JSON.stringify(queued)).not.toContain(cards[0]);
    const times = queued.map((q) => Date.parse(q.at)).sort((a, b) => a - b);
    expect(times.at(-1)! - times[0]).toBeGreaterThanOrEqual((OUTAGE_MINUTES - 1) * MINUTE);

    // The hub comes back. The kiosk finds it again on its own (its retry is at most 10 s apart,
    // here moved on by the clock) and sends the queue.
    await page.clock.resume();
    await hub.start();
    const backAt = Date.now();
    await page.clock.fastForward(10_000);
    await expect(page.getByTestId('offline')).toHaveCount(0, { timeout: 20_000 });
    await expect(page.getByTestId('queued')).toHaveCount(0, { timeout: 20_000 });

    // Sent again: the acks were lost and the kiosk restarts with its whole queue back.
    await page.evaluate(putBack, queued);
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Welcome to the mall' })).toBeVisible();
    await expect(page.getByTestId('queued')).toHaveCount(0, { timeout: 20_000 });
    expect(await page.evaluate(readQueue)).toEqual([]);

    // Every queued tap of a member is one visit, at the time it was tapped, once. The stranger's
    // card could not join offline: the hub answered it as unknown and the kiosk let it go.
    const admin = await hub.login();
    const stored = new Map<string, { id: string; at: string }[]>();
    for (const passId of passes) {
      const { status, body } = await hub.api(`/api/shoppers/${passId}/export`, admin);
      expect(status).toBe(200);
      stored.set(passId, body.visits);
      expect(body.profile.visitCount).toBe(body.visits.length);
    }
    const all = [...stored.values()].flat();
    const ids = all.map((v) => v.id);
    expect(new Set(ids).size).toBe(ids.length);
    const byId = new Map(all.map((v) => [v.id, v]));
    const replayed = queued.filter((q) => byId.has(q.visitId));
    expect(replayed).toHaveLength(taps.filter((c) => c !== stranger).length);
    for (const q of replayed) expect(Date.parse(byId.get(q.visitId)!.at)).toBe(Date.parse(q.at));
    // Each member: the visit of joining, then one per tap of their card.
    for (const [i, passId] of passes.entries()) expect(stored.get(passId)).toHaveLength(1 + taps.filter((c) => c === cards[i]).length);
    const replayedTimes = replayed.map((q) => Date.parse(q.at));
    expect(Math.max(...replayedTimes) - Math.min(...replayedTimes)).toBeGreaterThanOrEqual((OUTAGE_MINUTES - 2) * MINUTE);
    // Their times are the taps' own, spread over the outage, all before the hub was back.
    expect(Math.max(...replayedTimes)).toBeLessThan(backAt);
    console.log(`outage: ${taps.length} taps queued over ${OUTAGE_MINUTES} kiosk minutes (${Math.round((backAt - downAt) / 1000)} s real), ${replayed.length} visits stored once after two replays`);
  } finally {
    setup?.close();
    await context.close();
    await hub.kill();
    await rm(dataRoot, { recursive: true, force: true });
  }
});

test('a hub that stalls without dropping the connection: the tap is queued, and the kiosk sends it again by itself, recorded once', async ({ browser }) => {
  test.setTimeout(60_000);
  const dataRoot = await mkdtemp(join(tmpdir(), 'atrium-stall-'));
  // Every read a visit (window 0): this is about replays stored once, not about arrivals.
  const hub = new HubProcess(await ephemeralPort(), dataRoot, { ATRIUM_VISIT_WINDOW_MINUTES: '0' });
  const context = await browser.newContext();
  let setup: Socket | undefined;
  try {
    await hub.start();
    const cookie = await hub.login();
    const page = await context.newPage();
    await page.clock.install();
    const token = await pairKioskPage(page, hub, cookie, 60, 'Kiosk by the lifts', 'entrance');
    setup = io(hub.url, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
    const card = testCard(811);
    const tap = await call<{ enrolTicket: string }>(setup, 'checkin:tap', { visitId: randomUUID(), card });
    const joined = await call<{ passId: string }>(setup, 'shopper:enrol', enrolBody(tap.data.enrolTicket, { firstName: 'Wren' }));
    expect(joined.ok, joined.error).toBe(true);
    setup.close();

    // The hub stalls: the tap gets no answer within the kiosk's 5 s, so it is queued (sealed) —
    // while the kiosk's connection stays up, so no reconnect will come to replay it.
    hub.freeze();
    await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1000);
    await tapCard(page, card);
    // "One moment…" while the tap waits: the whole screen, as the attract screen it came from,
    // on a portrait kiosk and a landscape one (screenshots to look at).
    const moment = page.getByTestId('moment');
    await expect(moment.getByRole('status')).toHaveText('One moment…');
    for (const size of [{ width: 1080, height: 1920 }, { width: 1280, height: 800 }]) {
      await page.setViewportSize(size);
      const box = (await moment.boundingBox())!;
      expect(box.width, `"One moment…" spans the ${size.width} px screen`).toBeGreaterThanOrEqual(size.width - 1);
      expect(box.height, `"One moment…" fills the ${size.height} px screen`).toBeGreaterThanOrEqual(size.height - 1);
      await page.screenshot({ path: `${SHOTS}/kiosk-one-moment-${size.width}x${size.height}.png` });
    }
    await page.clock.fastForward(5_100);
    await expect(page.getByTestId('queued-thanks')).toBeVisible();
    await page.getByRole('button', { name: 'Done' }).click();
    await expect(page.getByTestId('queued')).toContainText('1 check-in');
    hub.thaw();
    await page.clock.resume();
    // The hub wakes and records the first send; the kiosk tries its queue again on its own.
    await page.clock.fastForward(5_100);
    await expect(page.getByTestId('queued')).toHaveCount(0, { timeout: 15_000 });
    await expect(page.getByTestId('offline')).toHaveCount(0);

    const { body } = await hub.api(`/api/shoppers/${joined.data.passId}/export`, await hub.login());
    expect(body.visits).toHaveLength(2);
    expect(body.profile.visitCount).toBe(2);
  } finally {
    setup?.close();
    hub.thaw();
    await context.close();
    await hub.kill();
    await rm(dataRoot, { recursive: true, force: true });
  }
});
