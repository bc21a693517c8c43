import { writeFile } from 'node:fs/promises';
import type { ReaderNotice } from '#shared/schemas/pass.ts';
import type { TapResult } from '#shared/schemas/shoppers.ts';
import { BridgeProcess } from '#kiosk/bridge/src/testing/bridge-process.ts';
import { pcscUnavailable, PrivatePcscd } from '#kiosk/bridge/src/testing/pcscd.ts';
import { brokenCard, InsertedCard, testVisa, uidCard } from '#kiosk/bridge/src/testing/virtual-card.ts';
import { expect, test } from './fixtures.ts';

/**
 * What goes wrong on a kiosk PC, against a real pcscd, the bridge's own process and a real hub:
 * bad cards, a card pulled away, a reader gone in the middle of a read, pcscd not running or
 * restarted, a wrong kiosk token. Each: a clear log line without card data, "tap again" on the
 * kiosk where the shopper should know, the bridge still running, nothing half-read sent on.
 */
const unavailable = pcscUnavailable();
if (unavailable) console.log(`reader bridge fault tests skipped: ${unavailable}`);

const UID = '04A22B1A';

test.describe('reader bridge faults', () => {
  test.skip(!!unavailable, `skipped: ${unavailable}`);
  test.describe.configure({ mode: 'serial' });
  let pcscd: PrivatePcscd;
  const bridges: BridgeProcess[] = [];

  test.beforeAll(async () => {
    pcscd = await PrivatePcscd.start();
  });
  test.afterEach(async () => {
    for (const b of bridges.splice(0)) await b.stop();
    await pcscd.up().catch(() => undefined);
  });
  test.afterAll(async () => {
    await pcscd?.stop();
  });

  /** A paired kiosk whose screen's socket records what it is told, and a bridge for it. */
  async function kioskWithBridge(hub: Parameters<Parameters<typeof test>[2]>[0]['hub'], token?: string) {
    const kiosk = await hub.pair('kiosk', 'entrance');
    const screen = await hub.socket({ token: kiosk.token });
    const notices: ReaderNotice['state'][] = [];
    const taps: TapResult[] = [];
    screen.on('kiosk:reader', (n) => notices.push(n.state));
    screen.on('kiosk:tap', (r) => taps.push(r));
    const bridge = await BridgeProcess.start({ hubUrl: hub.url, token: token ?? kiosk.token, pcscdSocket: pcscd.socket });
    bridges.push(bridge);
    return { kiosk, notices, taps, bridge };
  }

  test('bad cards: a clear reason in the log, "tap again" on the kiosk, nothing sent', async ({ hub }) => {
    test.setTimeout(60_000);
    const { notices, taps, bridge } = await kioskWithBridge(hub);
    await bridge.waitFor(/reader "Virtual PCD 00 00" ready/);
    for (const [card, reason] of [
      [brokenCard(), 'card-error'],
      [testVisa({ fault: 'no-pan' }), 'no-pan'],
      [testVisa({ fault: 'malformed-ppse' }), 'malformed'],
      [testVisa({ fault: 'malformed-record' }), 'malformed'],
      [testVisa({ fault: 'pull-mid-read' }), 'card-gone'],
    ] as const) {
      const from = bridge.output.length;
      const retries = notices.filter((n) => n === 'retry').length;
      const inserted = await InsertedCard.insert(pcscd.port, card);
      await bridge.waitFor(new RegExp(`card not read \\(${reason}\\); the kiosk asks for another tap`), 10_000, from);
      await expect.poll(() => notices.filter((n) => n === 'retry').length).toBe(retries + 1);
      // pcscd polls its readers: the next card goes down only once this one was seen to go.
      const taken = bridge.output.length;
      await inserted.remove();
      await bridge.waitFor(/card taken away/, 10_000, taken);
    }
    expect(taps).toEqual([]);
    expect(bridge.output).not.toMatch(/4111|CARDHOLDER/);
  });

  test('a reader gone in the middle of a read and pcscd restarted: said so, still running, reading again once it is back', async ({ hub }) => {
    test.setTimeout(60_000);
    const { notices, taps, bridge } = await kioskWithBridge(hub);
    await bridge.waitFor(/reader "Virtual PCD 00 00" ready/);
    // A slow card: the reader (pcscd and its readers) goes away while it is being read.
    const slow = await InsertedCard.insert(pcscd.port, uidCard(UID), { delayMs: 1500 });
    await expect.poll(() => notices).toContain('reading');
    const from = bridge.output.length;
    await pcscd.down();
    await bridge.waitFor(/card not read \(card-gone\)/, 10_000, from);
    await bridge.waitFor(/PC\/SC service not reachable/, 10_000, from);
    await bridge.waitFor(/reader "Virtual PCD 00 00" gone/, 10_000, from);
    await slow.closed;
    expect(taps).toEqual([]);

    await pcscd.up();
    await bridge.waitFor(/reader "Virtual PCD 00 00" ready/, 15_000, from);
    const card = await InsertedCard.insert(pcscd.port, uidCard(UID));
    await expect.poll(() => taps.length).toBe(1);
    expect(taps[0].status).toBe('unknown');
    await card.remove();
  });

  test('pcscd not running when the bridge starts: said once, then readers picked up when it comes', async ({ hub }) => {
    test.setTimeout(60_000);
    await pcscd.down();
    const { taps, bridge } = await kioskWithBridge(hub);
    await bridge.waitFor(/PC\/SC service not reachable \(is pcscd running\?\)/);
    await new Promise((r) => setTimeout(r, 3000));
    expect(bridge.output.match(/PC\/SC service not reachable/g)).toHaveLength(1);
    await pcscd.up();
    await bridge.waitFor(/reader "Virtual PCD 00 01" ready/, 15_000);
    const card = await InsertedCard.insert(pcscd.port + 1, uidCard(UID));
    await expect.poll(() => taps.length).toBe(1);
    await card.remove();
  });

  test('a wrong kiosk token: said plainly, the card kept sealed, sent (not greeted) once the token file is put right', async ({ hub }) => {
    test.setTimeout(60_000);
    const { kiosk, taps, bridge } = await kioskWithBridge(hub, 'not-this-kiosks-token-'.padEnd(43, 'x'));
    await bridge.waitFor(/the hub refused this kiosk’s token while fetching the hub’s key \(401/);
    await bridge.waitFor(/reader "Virtual PCD 00 00" ready/);
    // Never reached with its token, it has no key yet: the card is read but neither sent nor kept.
    let card = await InsertedCard.insert(pcscd.port, uidCard(UID));
    await bridge.waitFor(/cannot send or keep it: the hub was never reached/);
    await card.remove();

    await writeFile(bridge.tokenFile, kiosk.token);
    const restarted = bridge.output.length;
    await bridge.restart();
    await bridge.waitFor(/reader "Virtual PCD 00 00" ready/, 15_000, restarted);
    expect(bridge.output.slice(restarted)).not.toMatch(/refused/);
    // The token goes bad again (the kiosk re-paired): the key is known now, so the read is kept sealed.
    await writeFile(bridge.tokenFile, 'x'.repeat(43));
    const from = bridge.output.length;
    card = await InsertedCard.insert(pcscd.port, uidCard(UID));
    await bridge.waitFor(/kept sealed until the hub takes this kiosk’s token/, 10_000, from);
    await card.remove();
    expect(taps).toEqual([]);
    await writeFile(bridge.tokenFile, kiosk.token);
    await bridge.waitFor(/sent 1 kept read\(s\) to the hub; 0 still waiting/, 10_000, from);
    // Taken by the hub, but not put on the kiosk's screen: that shopper left long ago (the hub
    // pushes a greeting before it answers, so half a second is ample to see one).
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(taps).toEqual([]);
  });

  test('--check: the hub, the token, the readers and one card, in plain lines, no card data', async ({ hub }) => {
    test.setTimeout(60_000);
    const kiosk = await hub.pair('kiosk', 'entrance');
    const bridge = await BridgeProcess.start({ hubUrl: hub.url, token: kiosk.token, pcscdSocket: pcscd.socket });
    bridges.push(bridge);
    await bridge.kill();
    const from = bridge.output.length;
    await bridge.restart(['--check', '--wait', '10']);
    const card = await InsertedCard.insert(pcscd.port, uidCard(UID));
    expect(await bridge.exited()).toBe(0);
    await card.remove();
    const said = bridge.output.slice(from);
    expect(said).toContain(`the token in ${bridge.tokenFile} is kiosk ${kiosk.device.id}'s`);
    expect(said).toContain('readers: "Virtual PCD 00 00", "Virtual PCD 00 01"');
    expect(said).toContain('card: read on "Virtual PCD 00 00": a card by its UID (4 bytes, not shown)');
    expect(said).not.toContain(UID);

    await writeFile(bridge.tokenFile, 'x'.repeat(43));
    const again = bridge.output.length;
    await bridge.restart(['--check', '--wait', '1']);
    expect(await bridge.exited()).toBe(1);
    expect(bridge.output.slice(again)).toMatch(/refused the token in .*kiosk-token \(401/);
  });
});
