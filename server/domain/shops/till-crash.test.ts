import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testCard } from '#server/testing/cards.ts';
import { crashHubEach, cutJournalAfterVisit } from '#server/testing/crash.ts';
import { enrolByTap } from '#server/testing/enrol.ts';
import { hubClient, type HubClient } from '#server/testing/test-hub.ts';

// Starts the hub as a process three times; allow for a busy machine.
describe("a till scan after a crash between its visit and the shop's rows (hub as a real process, kill -9, the journal cut after the visit)", { timeout: 120_000 }, () => {
  const crash = crashHubEach('till-crash', { ATRIUM_CHECKPOINT_SECONDS: '600' });

  /** The rows of the shop's one month file in `folder` (storevisits or redemptions). */
  const rowsIn = async (folder: string): Promise<unknown[][]> => {
    const dir = join(crash.mallDir, folder, 'bean-there');
    const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.json') && !f.startsWith('.'));
    expect(files.length).toBeLessThanOrEqual(1);
    return files.length ? (JSON.parse(await readFile(join(dir, files[0]), 'utf8')) as unknown[][]) : [];
  };

  it("makes good the shop's visit row and the offer's redemption from the stored visit, once, and the till's retry says redeemed", async () => {
    const { hub, mallDir } = crash;
    await hub.start();
    const cookie = await hub.login();
    let client: HubClient = hubClient(hub.url);
    const { token } = await client.pair('kiosk', 'entrance', 'Kiosk', cookie);
    const kiosk = await client.socket({ token });
    const first = (await enrolByTap(kiosk, testCard(81))).passId;
    const second = (await enrolByTap(kiosk, testCard(82))).passId;
    let bean = await client.login('bean-there', 'atrium-demo');
    const offers = await client.api('/api/till/offers', { cookie: bean });
    const offer = (offers.body as { id: string; title: string }[]).find((o) => o.title === 'Flat white, half price');
    expect(offer).toBeDefined();
    const scan = (c: HubClient, passId: string, visitId: string, promotionId?: string) =>
      c.api('/api/till/visits', { cookie: bean, body: { passId, visitId, ...(promotionId ? { promotionId } : {}) } });
    expect((await scan(client, first, randomUUID())).body).toEqual({ recorded: true, redeemed: false });
    // Journaled; a clean stop writes the shop's month file.
    client.closeSockets();
    await hub.stop();
    const [firstRow] = await rowsIn('storevisits');
    expect(firstRow[3]).toBe('entrance');
    await hub.start();
    client = hubClient(hub.url);
    bean = await client.login('bean-there', 'atrium-demo');

    // The second shopper's scan redeems the offer: the visit is stored (its own frame), then its
    // index row and the redemption are journaled in the appends after it. A crash between: the
    // journal is cut after the visit's frame. (Checkpoints are far apart here, so none moves the
    // frames into the files before the kill.)
    const visitId = randomUUID();
    expect((await scan(client, second, visitId, offer!.id)).body).toMatchObject({ recorded: true, redeemed: true });
    client.closeSockets();
    await hub.kill();
    expect(await cutJournalAfterVisit(mallDir, visitId)).toBe(true);

    await hub.start();
    // What start-up made good reaches the files at a clean stop.
    await hub.stop();
    const visits = await rowsIn('storevisits');
    expect(visits).toHaveLength(2);
    expect(visits[1][3]).toBe('entrance');
    expect(visits[1][2]).not.toBe(firstRow[2]);
    const redemptions = await rowsIn('redemptions');
    expect(redemptions).toHaveLength(1);
    expect(redemptions[0][2]).toBe(visits[1][2]);
    expect(redemptions[0][3]).toBe(offer!.id);
    await hub.start();

    // The till's retry of that scan adds nothing and says the offer is redeemed.
    client = hubClient(hub.url);
    bean = await client.login('bean-there', 'atrium-demo');
    expect((await scan(client, second, visitId, offer!.id)).body).toEqual({ recorded: false, redeemed: true });
    // The offer is used: a new scan of that pass is refused it.
    expect((await scan(client, second, randomUUID(), offer!.id)).body).toMatchObject({ redeemed: false, refused: 'this shopper has already redeemed this offer' });

    // Starting again (after a crash) makes nothing twice.
    await hub.kill();
    await hub.start();
    await hub.stop();
    expect(await rowsIn('storevisits')).toHaveLength(3);
    expect(await rowsIn('redemptions')).toHaveLength(1);
  });
});
