import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RECOVERED_DETAIL } from '#server/domain/accounts/audit.ts';
import { testCard } from '#server/testing/cards.ts';
import { answeredWithin, auditDayFile, auditLinesOnDisk, crashHubEach, jamNextWrite } from '#server/testing/crash.ts';
import { enrolByTap, pairKiosk } from '#server/testing/enrol.ts';
import { operatorHub } from '#server/testing/operator-hub.ts';
import { hubClient } from '#server/testing/test-hub.ts';

const today = () => new Date().toISOString().slice(0, 10);
const draft = (title: string) => ({ title, segments: ['interest:coffee'], minAudience: 6, zones: ['food-court'], schedule: { from: today() }, priority: 10 });
const titlesIn = async (mallDir: string) => (JSON.parse(await readFile(join(mallDir, 'signage.json'), 'utf8')) as { promotions: { title: string }[] }).promotions.map((p) => p.title);

// Every audited route goes through mount.ts: its audit line rides in the same write as the change
// (server/storage/carried-audit.ts). Starts the hub as a process two or three times per test.
describe('audited routes across a crash between the change and its audit line (hub as a real process, kill -9)', { timeout: 120_000 }, () => {
  const crash = crashHubEach('audit-crash');

  it('a promotion stored just before the crash gets its audit line at the next start, once', async () => {
    const { hub, mallDir } = crash;
    await hub.start();
    const cookie = await hub.login();
    // The promotion goes to signage.json; then the audit log's write hangs. Crash there.
    jamNextWrite(auditDayFile(mallDir));
    expect(await answeredWithin(() => hub.api('/api/promotions', cookie, draft('Crash tea')))).toBe(false);
    await hub.kill();
    expect(await titlesIn(mallDir)).toContain('Crash tea');
    expect(await auditLinesOnDisk(mallDir, 'promotion.create')).toEqual([]);

    await hub.start();
    const lines = await auditLinesOnDisk(mallDir, 'promotion.create');
    expect(lines).toMatchObject([{ detail: RECOVERED_DETAIL }]);
    const log = (await hub.api(`/api/audit?from=${today()}&to=${today()}`, cookie)).body as { action: string; actor: string; from?: string }[];
    expect(log.filter((e) => e.action === 'promotion.create')).toMatchObject([{ actor: 'operator:operator', from: expect.any(String) }]);
    // signage.json no longer carries it, and another start adds no second line.
    expect(JSON.parse(await readFile(join(mallDir, 'signage.json'), 'utf8'))['#audit']).toBeUndefined();
    await hub.kill();
    await hub.start();
    expect(await auditLinesOnDisk(mallDir, 'promotion.create')).toHaveLength(1);
  });

  it('a shopper erased through the journal just before the crash gets its line too, after a checkpoint deleted the journal file', async () => {
    const { hub, mallDir } = crash;
    await hub.start();
    const cookie = await hub.login();
    const client = hubClient(hub.url);
    const { kiosk } = await pairKiosk(client, cookie);
    const { passId } = await enrolByTap(kiosk, testCard(91));
    client.closeSockets();
    jamNextWrite(auditDayFile(mallDir));
    // Long enough for the journal's 5 s checkpoint to delete the file the erasure went to.
    expect(await answeredWithin(() => hub.api(`/api/shoppers/${passId}/erase`, cookie, { confirm: 'erase' }), 7_000)).toBe(false);
    await hub.kill();
    expect(await auditLinesOnDisk(mallDir, 'shopper.erase')).toEqual([]);

    await hub.start();
    expect((await hub.api(`/api/shoppers/${passId}`, cookie)).status).toBe(404);
    expect(await auditLinesOnDisk(mallDir, 'shopper.erase')).toMatchObject([{ target: passId, detail: RECOVERED_DETAIL }]);
  });

  it('a crash before the change was stored leaves neither the change nor a line', async () => {
    const { hub, mallDir } = crash;
    await hub.start();
    const cookie = await hub.login();
    jamNextWrite(join(mallDir, 'signage.json'));
    expect(await answeredWithin(() => hub.api('/api/promotions', cookie, draft('Never tea')))).toBe(false);
    await hub.kill();

    await hub.start();
    expect(await titlesIn(mallDir)).not.toContain('Never tea');
    const all = (await hub.api('/api/promotions?status=all', cookie)).body as { title: string }[];
    expect(all.map((p) => p.title)).not.toContain('Never tea');
    expect(await auditLinesOnDisk(mallDir, 'promotion.create')).toEqual([]);
  });
});

describe('audited routes without a crash', () => {
  const mall = operatorHub();
  const lines = async (action: string) =>
    ((await mall.hub.api(`/api/audit?from=${today()}&to=${today()}`, { cookie: mall.cookie })).body as { action: string; target?: string; detail?: string }[]).filter((e) => e.action === action);

  it('a handler that refuses (4xx) writes no line; one that succeeds writes one, with what its result names', async () => {
    const { hub, cookie } = mall;
    expect(await hub.api('/api/promotions/no-such-one/archive', { body: {}, cookie })).toMatchObject({ status: 404, body: { field: 'id' } });
    expect(await lines('promotion.archive')).toEqual([]);
    const made = await hub.api('/api/promotions', { body: draft('Fine tea'), cookie });
    expect(made.status).toBe(201);
    const created = await lines('promotion.create');
    expect(created).toHaveLength(1);
    expect(created[0].target).toBe(made.body.id);
    expect(created[0].detail).toBeUndefined();
    // Refused by the domain after the handler started: no line either.
    expect((await hub.api(`/api/promotions/${made.body.id}/restore`, { body: {}, cookie })).status).toBe(409);
    expect(await lines('promotion.restore')).toEqual([]);
  });
});
