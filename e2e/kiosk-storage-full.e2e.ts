import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestHub } from '#server/testing/test-hub.ts';
import { expect, openKiosk, tapCard, test } from './fixtures.ts';

/**
 * A kiosk whose disk is full while the hub is away: IndexedDB refuses the queued check-in with a
 * QuotaExceededError. The browser's own error is raised by the store's put (the quota itself
 * cannot be filled in a test run); the shopper must be told the check-in was not kept, and the
 * operators' board must hear of it once the hub is back.
 */
test('offline with a full disk: the shopper is told the check-in was not kept, and the panel hears of it', async ({ newContext }) => {
  const root = await mkdtemp(join(tmpdir(), 'atrium-full-'));
  let hub = await startTestHub({ k: 2 }, root);
  try {
    const context = await newContext();
    await context.addInitScript(() => {
      const put = IDBObjectStore.prototype.put;
      IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
        if ((window as unknown as { diskFull?: boolean }).diskFull && this.name === 'checkins') {
          throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        }
        return put.apply(this, args);
      };
    });
    const { page, device } = await openKiosk(context, hub);
    const port = hub.port;
    await hub.stop();
    await expect(page.getByTestId('offline')).toBeVisible();
    await page.evaluate(() => ((window as unknown as { diskFull: boolean }).diskFull = true));

    await tapCard(page, '4111111111111111');
    await expect(page.getByTestId('not-kept')).toHaveText('Sorry, we couldn’t record this check-in');
    await expect(page.getByRole('alert')).toContainText('ask at the information desk');
    await expect(page.getByTestId('queued')).toHaveCount(0);
    await page.getByRole('button', { name: 'OK' }).click();
    await expect(page.getByRole('heading', { name: 'Welcome to the mall' })).toBeVisible();

    hub = await startTestHub({ k: 2, port }, root);
    await expect.poll(() => hub.services.kioskHealth.of(device.id).notKept, { timeout: 20_000 }).toBe(1);
    const cookie = await hub.login();
    const board = (await hub.api('/api/ops/status', { cookie })).body as { kiosks: { kioskId: string; notKept: number }[] };
    expect(board.kiosks.find((k) => k.kioskId === device.id)).toMatchObject({ notKept: 1 });
  } finally {
    await hub.stop();
    await rm(root, { recursive: true, force: true });
  }
});
