import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Audit, FAILED_DETAIL, RECOVERED_DETAIL } from '../domain/accounts/audit.ts';
import { tempFolderEach } from '../testing/files.ts';
import { shopperRecord } from '../testing/records.ts';
import { BucketedRows } from './bucketed-rows.ts';
import { carryAuditLine } from './carried-audit.ts';
import { MallStore } from './mall-store.ts';
import type { AuditRecord } from './records.ts';

// A store opened again over the folder without closing the first one sees exactly what a crash
// at that moment would leave: every write awaited is on disk, nothing else ran.
describe('audit lines carried with the change they record', () => {
  const tmp = tempFolderEach('atrium-carried-');
  const dir = () => join(tmp(), 'mall');
  const open = () => MallStore.open(dir(), { fsync: false, shopperShards: 4, checkpointMs: 600_000 });
  const line = (id: string): AuditRecord => ({ id, at: new Date().toISOString(), actor: 'operator:ops', action: 'test.change', detail: RECOVERED_DETAIL });
  const logged = async (store: MallStore) => {
    const out: AuditRecord[] = [];
    for (const day of await store.audit.days()) out.push(...(await store.audit.read(day)));
    return out;
  };
  const rename = async (store: MallStore, name: string) => {
    store.signage.data.promotions.length = 0;
    store.devices.data.devices.push({ id: name, kind: 'screen', name, zoneId: 'z', tokenHash: 'h', pairedAt: '2026-01-01T00:00:00.000Z' });
    await store.devices.commit();
  };

  it('a file rewrite carries the line: after a crash before the audit log had it, the next start writes it, once', async () => {
    const store = await open();
    const { outcome, line: carried } = await carryAuditLine(line('a1'), () => rename(store, 'screen-1'));
    expect(outcome.status).toBe('fulfilled');
    expect(carried.carried).toBe(true);
    // On disk beside the change, inside the same file.
    const file = JSON.parse(await readFile(join(dir(), 'devices.json'), 'utf8'));
    expect(file.devices.map((d: { id: string }) => d.id)).toEqual(['screen-1']);
    expect(file['#audit']).toMatchObject([{ id: 'a1' }]);
    expect(await logged(store)).toEqual([]);

    const after = await open();
    expect(await logged(after)).toMatchObject([{ id: 'a1', action: 'test.change', detail: RECOVERED_DETAIL }]);
    // The data reads as before, without the line, and the file is written again without it.
    expect(after.devices.data.devices.map((d) => d.id)).toEqual(['screen-1']);
    await after.devices.flush();
    expect(JSON.parse(await readFile(join(dir(), 'devices.json'), 'utf8'))['#audit']).toBeUndefined();
    const third = await open();
    expect(await logged(third)).toHaveLength(1);
  });

  it('a journal line carries the line, and a checkpoint moves it on before deleting the old file', async () => {
    const store = await open();
    await carryAuditLine(line('j1'), () => store.shoppers.set('s1', shopperRecord('s1')));
    expect(await logged(await open())).toMatchObject([{ id: 'j1' }]);

    const again = await open();
    await carryAuditLine(line('j2'), () => again.shoppers.set('s2', shopperRecord('s2')));
    const before = await readdir(join(dir(), 'journal'));
    await again.journal.checkpoint();
    // The file that held the change is gone; the line is still on disk, in the newer file.
    expect((await readdir(join(dir(), 'journal'))).filter((f) => before.includes(f) && f.endsWith('.log'))).toEqual([]);
    const reopened = await open();
    expect(reopened.shoppers.get('s2')).toBeDefined();
    expect((await logged(reopened)).map((l) => l.id)).toEqual(['j1', 'j2']);
  });

  it('an array file carries the line wrapped, and reads back as the array', async () => {
    // Rows kept without a journal (the mall's own rows are journaled, and carry it in the frame).
    await open();
    const rows = await BucketedRows.open<unknown[]>(join(dir(), 'rows'), { fsync: false });
    await carryAuditLine(line('r1'), () => rows.append('bean/2026-01', [1, 2, 'v', 'p']));
    const raw = JSON.parse(await readFile(join(dir(), 'rows', 'bean', '2026-01.json'), 'utf8'));
    expect(raw).toMatchObject({ '#audit': [{ id: 'r1' }], '#data': [[1, 2, 'v', 'p']] });
    const after = await open();
    const again = await BucketedRows.open<unknown[]>(join(dir(), 'rows'), { fsync: false });
    expect(await again.read('bean/2026-01')).toEqual([[1, 2, 'v', 'p']]);
    await expect.poll(async () => (await logged(after)).map((l) => l.id)).toEqual(['r1']);
  });

  it('Audit.audited writes the full line once the action succeeded, and the change no longer carries it', async () => {
    const store = await open();
    const audit = new Audit(store.audit);
    const result = await audit.audited({ actor: 'operator:ops', action: 'screen.rename' }, async () => {
      await rename(store, 'screen-2');
      return { id: 'screen-2' };
    }, (r) => ({ target: r.id }));
    expect(result).toEqual({ id: 'screen-2' });
    await store.devices.flush();
    expect(JSON.parse(await readFile(join(dir(), 'devices.json'), 'utf8'))['#audit']).toBeUndefined();
    const after = await open();
    const lines = await logged(after);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ action: 'screen.rename', target: 'screen-2' });
    expect(lines[0].detail).toBeUndefined();
  });

  it('Audit.audited: an action refused before storing anything writes no line; one failing after asking to store does', async () => {
    const store = await open();
    const audit = new Audit(store.audit);
    await expect(audit.audited({ actor: 'operator:ops', action: 'refused' }, () => Promise.reject(new Error('no such screen')))).rejects.toThrow('no such screen');
    await expect(
      audit.audited({ actor: 'operator:ops', action: 'half' }, async () => {
        await rename(store, 'screen-3');
        throw new Error('after the write');
      }),
    ).rejects.toThrow('after the write');
    expect((await logged(store)).map((l) => [l.action, l.detail])).toEqual([['half', FAILED_DETAIL]]);
  });

  it('a write shared by a group commit carries the lines of every action that asked', async () => {
    const store = await open();
    // Two actions commit the same file in one turn: one write carries both lines.
    await Promise.all([carryAuditLine(line('g1'), () => rename(store, 'screen-4')), carryAuditLine(line('g2'), () => rename(store, 'screen-5'))]);
    // A commit outside any action afterwards still carries them (not yet released), and adds none.
    store.devices.data.devices.pop();
    await store.devices.commit();
    const raw = JSON.parse(await readFile(join(dir(), 'devices.json'), 'utf8'));
    expect(raw['#audit'].map((l: AuditRecord) => l.id).sort()).toEqual(['g1', 'g2']);
    expect((await logged(await open())).map((l) => l.id).sort()).toEqual(['g1', 'g2']);
  });

  it("work an action starts but others share (a journal checkpoint) carries no action's line", async () => {
    const store = await open();
    await carryAuditLine(line('c1'), async () => {
      await store.shoppers.set('s9', shopperRecord('s9'));
      // The checkpoint writes the shopper shards for every change since the last one.
      await store.journal.checkpoint();
    });
    const shards = await readdir(join(dir(), 'shoppers'));
    for (const f of shards.filter((n) => n.endsWith('.json'))) expect(JSON.parse(await readFile(join(dir(), 'shoppers', f), 'utf8'))['#audit']).toBeUndefined();
    // The line itself is still kept, in the journal.
    expect((await logged(await open())).map((l) => l.id)).toEqual(['c1']);
  });
});
