import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RETENTION_DEFAULTS } from '#shared/schemas/retention.ts';
import { snapshotFiles, tempFolderEach } from '#server/testing/files.ts';
import { operatorHub } from '#server/testing/operator-hub.ts';
import { startTestHub } from '#server/testing/test-hub.ts';

describe('operators set how long the mall keeps its data', () => {
  const ctx = operatorHub();
  const api = (path: string, init: { method?: string; body?: unknown; cookie?: string } = {}) => ctx.hub.api(path, { cookie: ctx.cookie, ...init });
  const today = new Date().toISOString().slice(0, 10);

  it('starts from the stated defaults, with no run yet', async () => {
    const view = await api('/api/retention');
    expect(view.status).toBe(200);
    expect(view.body).toEqual({ settings: RETENTION_DEFAULTS, defaults: RETENTION_DEFAULTS, runsAt: '03:30', lastRun: null });
    expect(RETENTION_DEFAULTS).toEqual({ shopperMonths: 24, visitMonths: 25, auditMonths: 24, deliveryDays: 90 });
  });

  it.each([
    ['shopperMonths', { ...RETENTION_DEFAULTS, shopperMonths: 0 }, 'at least 1 month'],
    ['shopperMonths', { ...RETENTION_DEFAULTS, shopperMonths: 121 }, 'at most 120'],
    ['visitMonths', { ...RETENTION_DEFAULTS, visitMonths: 12 }, 'at least 13 months'],
    ['auditMonths', { ...RETENTION_DEFAULTS, auditMonths: 2.5 }, 'whole number'],
    ['deliveryDays', { ...RETENTION_DEFAULTS, deliveryDays: 3 }, 'at least 7 days'],
    ['deliveryDays', { ...RETENTION_DEFAULTS, deliveryDays: '90' }, 'whole number'],
    ['auditMonths', { shopperMonths: 24, visitMonths: 25, deliveryDays: 90 }, 'whole number'],
  ])('refuses a bad %s with a 400 naming it, and changes nothing', async (field, body, message) => {
    const before = await snapshotFiles(ctx.hub.dataRoot);
    const res = await api('/api/retention', { method: 'PUT', body });
    expect(res.status).toBe(400);
    expect(res.body.field).toBe(field);
    expect(res.body.error).toContain(message);
    expect(await snapshotFiles(ctx.hub.dataRoot)).toEqual(before);
  });

  it('refuses a field it does not know, and anyone but an operator', async () => {
    const res = await api('/api/retention', { method: 'PUT', body: { ...RETENTION_DEFAULTS, keepForever: true } });
    expect(res.status).toBe(400);
    const bean = await ctx.hub.login('bean-there', 'atrium-demo');
    expect((await api('/api/retention', { method: 'PUT', body: RETENTION_DEFAULTS, cookie: bean })).status).toBe(403);
    expect((await api('/api/retention', { cookie: bean })).status).toBe(403);
  });

  it('stores new periods with the mall, audits the change, and keeps them across a restart', async () => {
    const wanted = { shopperMonths: 18, visitMonths: 36, auditMonths: 12, deliveryDays: 30 };
    const res = await api('/api/retention', { method: 'PUT', body: wanted });
    expect(res.status).toBe(200);
    expect(res.body.settings).toEqual(wanted);
    await ctx.hub.store.flush();
    const mall = JSON.parse(await readFile(join(ctx.hub.dataRoot, 'demo', 'mall.json'), 'utf8'));
    expect(mall.retention).toEqual(wanted);
    const audit = (await api(`/api/audit?from=${today}&to=${today}&action=retention.update`)).body;
    expect(audit).toEqual([expect.objectContaining({ actor: 'operator:operator', target: 'shoppers 18 months, visits 36 months, audit 12 months, deliveries 30 days' })]);
  });
});

describe('retention periods after a restart', () => {
  const folder = tempFolderEach('atrium-retention-');

  it('are the ones last stored', async () => {
    const wanted = { shopperMonths: 6, visitMonths: 13, auditMonths: 6, deliveryDays: 7 };
    const first = await startTestHub({}, folder());
    const cookie = await first.login();
    expect((await first.api('/api/retention', { method: 'PUT', body: wanted, cookie })).status).toBe(200);
    await first.stop();
    const second = await startTestHub({}, folder());
    try {
      const view = await second.api('/api/retention', { cookie: await second.login() });
      expect(view.body.settings).toEqual(wanted);
    } finally {
      await second.stop();
    }
  });
});
