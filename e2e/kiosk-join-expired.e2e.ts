import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MESSAGES } from '#shared/i18n/messages.ts';
import { expect, tapCard, test } from './fixtures.ts';
import { HubProcess, ephemeralPort } from './hub-process.ts';

/**
 * A join the hub no longer knows (it restarted while the shopper read the choices, or the ticket
 * ran out) is refused with field `enrolTicket`. The kiosk showed the hub's own English words
 * ("this join has expired; tap the card again") under a Polish title: it must say it in the
 * shopper's language.
 */
test('a join refused after a hub restart tells the shopper, in their language, to tap again', async ({ browser }) => {
  test.setTimeout(90_000);
  const dataRoot = await mkdtemp(join(tmpdir(), 'atrium-join-expired-'));
  const hub = new HubProcess(await ephemeralPort(), dataRoot);
  const context = await browser.newContext();
  try {
    await hub.start();
    const cookie = await hub.login();
    const page = await context.newPage();
    await page.goto(`${hub.url}/kiosk?lang=pl&idle=120`);
    const code = (await page.getByTestId('pairing-code').textContent())?.trim() ?? '';
    expect((await hub.api('/api/devices/pair', cookie, { code, name: 'Kiosk', zoneId: 'entrance' })).status).toBe(200);
    await expect(page.getByRole('heading', { name: MESSAGES.pl.attractTitle })).toBeVisible();

    await tapCard(page, '4111111111111111');
    await expect(page.getByRole('heading', { name: MESSAGES.pl.consentTitle })).toBeVisible();
    await hub.kill();
    await hub.start();
    // The kiosk's socket is back: the join goes to the hub, not to the offline path.
    const again = await hub.login();
    await expect.poll(async () => (await hub.api('/api/devices', again)).body?.find?.((d: { name: string; online: boolean }) => d.name === 'Kiosk')?.online, { timeout: 20_000 }).toBe(true);

    await page.getByRole('button', { name: MESSAGES.pl.join, exact: true }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    await expect(page.getByRole('alert')).not.toContainText('this join has expired');
    await expect(page.getByRole('alert')).toContainText(MESSAGES.pl.joinExpired);
  } finally {
    await context.close();
    await hub.kill();
    await rm(dataRoot, { recursive: true, force: true });
  }
});
