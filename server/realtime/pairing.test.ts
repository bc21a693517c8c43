import { afterEach, describe, expect, it } from 'vitest';
import { operatorHub } from '#server/testing/operator-hub.ts';
import type { ClientSocket } from '#server/testing/test-hub.ts';

/** Opens a socket asking to pair as a screen; resolves with it and the code it is shown. */
async function waitingScreen(hub: ReturnType<typeof operatorHub>['hub']): Promise<{ socket: ClientSocket; code: string }> {
  let offered!: Promise<{ code: string }>;
  const socket = await hub.socket({ pair: 'screen' }, undefined, (s) => {
    offered = new Promise((resolve) => s.once('pairing:offer', resolve));
  });
  return { socket, code: (await offered).code };
}

describe('screens waiting to be paired', () => {
  const mall = operatorHub();
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
  process.on('warning', onWarning);
  afterEach(() => mall.hub.closeSockets());

  it('twenty at once (a new wall switched on) add no listener per screen, and each gets only its own token', async () => {
    const { hub, cookie } = mall;
    const waiting = [];
    // 20 is the pairing-offer limit per address: the most one test client may hold open.
    for (let i = 0; i < 20; i++) waiting.push(await waitingScreen(hub));
    const done = waiting.map(({ socket }) => {
      let got = 0;
      socket.on('pairing:done', () => got++);
      return () => got;
    });
    const res = await hub.api('/api/devices/pair', { cookie, body: { code: waiting[7].code, name: 'Screen by the fountain', zoneId: 'food-court' } });
    expect(res.status).toBe(200);
    await expect.poll(() => done[7]()).toBe(1);
    expect(done.map((d) => d())).toEqual(done.map((_, i) => (i === 7 ? 1 : 0)));
    // A warning is emitted on the next tick: give it one before looking.
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.filter((w) => w.startsWith('MaxListenersExceededWarning'))).toEqual([]);
    process.off('warning', onWarning);
  });

});
