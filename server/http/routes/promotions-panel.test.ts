import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PromotionPreview } from '#shared/schemas/promotion-preview.ts';
import { mallDir } from '#server/config.ts';
import { MAX_IMAGE_BYTES } from '#server/domain/signage/media.ts';
import { operatorHub } from '#server/testing/operator-hub.ts';
import { enrolShopper, pairMany } from '#server/testing/signage.ts';
import { request, type TestHub } from '#server/testing/test-hub.ts';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]);
const today = () => new Date().toISOString().slice(0, 10);

async function upload(hub: TestHub, cookie: string, bytes: Uint8Array, type: string) {
  const res = await fetch(`${hub.url}/api/media`, { method: 'POST', headers: { cookie, 'content-type': type }, body: new Blob([new Uint8Array(bytes)]) });
  return { status: res.status, body: (await res.json()) as { url?: string; error?: string; field?: string }, headers: res.headers };
}

describe('promotion images', () => {
  const mall = operatorHub();

  it('a PNG is stored in the mall media folder and served with cache headers', async () => {
    const { hub, cookie } = mall;
    const res = await upload(hub, cookie, PNG, 'image/png');
    expect(res.status).toBe(201);
    expect(res.body.url).toMatch(/^\/media\/[0-9a-f]{32}\.png$/);
    const file = join(mallDir(hub.services.config), 'media', res.body.url!.slice('/media/'.length));
    expect(readFileSync(file).equals(PNG)).toBe(true);
    const served = await fetch(hub.url + res.body.url);
    expect(served.status).toBe(200);
    expect(served.headers.get('cache-control')).toMatch(/max-age=\d+/);
  });

  it('refuses too large, not an image, and lying about the type, naming the field', async () => {
    const { hub, cookie } = mall;
    const big = Buffer.concat([PNG, Buffer.alloc(MAX_IMAGE_BYTES)]);
    expect(await upload(hub, cookie, big, 'image/png')).toMatchObject({ status: 413, body: { field: 'image' } });
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    expect(await upload(hub, cookie, svg, 'image/svg+xml')).toMatchObject({ status: 400, body: { field: 'image' } });
    expect(await upload(hub, cookie, Buffer.from('just text'), 'image/png')).toMatchObject({ status: 400, body: { field: 'image' } });
    expect(await upload(hub, cookie, JPEG, 'image/png')).toMatchObject({ status: 400, body: { field: 'image' } });
    expect(await upload(hub, cookie, PNG, 'application/octet-stream')).toMatchObject({ status: 400, body: { field: 'image' } });
    const tenant = await hub.login('bean-there', 'atrium-demo');
    expect((await upload(hub, tenant, PNG, 'image/png')).status).toBe(403);
    // Nothing from the refused uploads was kept.
    const dir = join(mallDir(hub.services.config), 'media');
    expect(existsSync(dir) ? readdirSync(dir).filter((f) => !f.endsWith('.png')) : []).toEqual([]);
  });
});

describe('promotion preview', () => {
  const mall = operatorHub();

  const draft = (over: Record<string, unknown> = {}) => ({
    title: 'Tea time',
    segments: ['interest:coffee'],
    minAudience: 6,
    zones: ['food-court'],
    schedule: { from: today() },
    priority: 10,
    ...over,
  });

  it('says per screen whether it would show now and why not', async () => {
    const { hub, cookie } = mall;
    const [food] = await pairMany(hub.services, 'screen', 'food-court', 1);
    const [fashion] = await pairMany(hub.services, 'screen', 'fashion', 1);
    const [kiosk] = await pairMany(hub.services, 'kiosk', 'food-court', 1);
    const preview = async (body: unknown) => (await hub.api('/api/promotions/preview', { body, cookie })) as { status: number; body: PromotionPreview };
    const reasons = (p: PromotionPreview) => Object.fromEntries(p.screens.map((s) => [s.screenId, s.reason]));

    let res = await preview({ promotion: draft() });
    expect(res.status).toBe(200);
    expect(reasons(res.body)).toEqual({ [food.device.id]: 'below_k', [fashion.device.id]: 'not_targeted' });
    expect(res.body.screens.every((s) => s.audience === null)).toBe(true);

    const k = await hub.socket({ token: kiosk.token });
    for (let i = 0; i < 5; i++) expect((await enrolShopper(k, { interests: ['coffee'] })).ok).toBe(true);
    res = await preview({ promotion: draft() });
    expect(res.body.screens.find((s) => s.screenId === food.device.id)).toMatchObject({ reason: 'below_minimum', audience: 5 });
    expect(res.body.showing).toBe(0);

    res = await preview({ promotion: draft({ minAudience: 5 }) });
    expect(res.body.screens.find((s) => s.screenId === food.device.id)).toMatchObject({ reason: 'shows', audience: 5 });
    expect(res.body.showing).toBe(1);

    res = await preview({ promotion: draft({ minAudience: 5, schedule: { from: '2020-01-01', to: '2020-01-02' } }) });
    expect(reasons(res.body)[food.device.id]).toBe('not_scheduled');

    // Nothing was saved by previewing.
    expect(hub.services.promotions.list().some((p) => p.title === 'Tea time')).toBe(false);
  });

  it('a minimum below K counts as K, for an untargeted promotion too: neither the preview nor a screen tells 2 from 1', async () => {
    const { hub, cookie } = mall;
    const [screen] = await pairMany(hub.services, 'screen', 'tech', 1);
    const [kiosk] = await pairMany(hub.services, 'kiosk', 'tech', 1);
    const untargeted = { title: 'Two or more', segments: [], minAudience: 2, zones: ['tech'], schedule: { from: today() }, priority: 10 };
    const reason = async () =>
      ((await hub.api('/api/promotions/preview', { body: { promotion: untargeted }, cookie })).body as PromotionPreview).screens.find((s) => s.screenId === screen.device.id);
    const onScreen = async (s: Awaited<ReturnType<TestHub['socket']>>) =>
      ((await request<any>(s, 'playlist:get', {})).data.items as { title: string }[]).some((i) => i.title === 'Two or more');
    const made = await hub.api('/api/promotions', { cookie, body: untargeted });
    expect(made.status).toBe(201);
    const display = await hub.socket({ token: screen.token });
    const k = await hub.socket({ token: kiosk.token });
    expect((await enrolShopper(k)).ok).toBe(true);
    const one = await reason();
    expect((await enrolShopper(k)).ok).toBe(true);
    const two = await reason();
    // One shopper or two: the same answer, and no number.
    expect(two).toEqual(one);
    expect(two).toMatchObject({ reason: 'below_k', audience: null });
    expect(await onScreen(display)).toBe(false);
    for (let i = 0; i < 3; i++) expect((await enrolShopper(k)).ok).toBe(true);
    expect(await reason()).toMatchObject({ reason: 'shows', audience: 5 });
    await expect.poll(() => onScreen(display)).toBe(true);
  });

  it('a draft with an offer email previews both parts of the mail, the HTML escaped; without one, no mail', async () => {
    const { hub, cookie } = mall;
    const without = await hub.api('/api/promotions/preview', { body: { promotion: draft() }, cookie });
    expect(without.body.email).toBeUndefined();
    const withMail = await hub.api('/api/promotions/preview', {
      body: { promotion: draft({ title: 'Two <b>for</b> one', offerEmail: { enabled: true, subject: 'Lunch is on', text: '' } }) },
      cookie,
    });
    expect(withMail.status).toBe(200);
    expect(withMail.body.email.subject).toBe('Lunch is on');
    expect(withMail.body.email.text).toContain('Two <b>for</b> one');
    expect(withMail.body.email.html).toMatch(/^<!doctype html>/i);
    expect(withMail.body.email.html).toContain('Two &lt;b&gt;for&lt;/b&gt; one');
    expect(withMail.body.email.html).not.toContain('<b>for</b>');
  });

  it('bad drafts are refused naming the field', async () => {
    const { hub, cookie } = mall;
    expect(await hub.api('/api/promotions/preview', { body: { promotion: draft({ title: '' }) }, cookie })).toMatchObject({ status: 400, body: { field: 'promotion.title' } });
    expect(await hub.api('/api/promotions/preview', { body: { promotion: draft({ zones: ['nowhere'] }) }, cookie })).toMatchObject({ status: 400, body: { field: 'zones.0' } });
  });

  it('operator changes to promotions are audited', async () => {
    const { hub, cookie } = mall;
    const created = await hub.api('/api/promotions', { body: draft(), cookie });
    expect(created.status).toBe(201);
    expect((await hub.api(`/api/promotions/${created.body.id}/archive`, { body: {}, cookie })).status).toBe(200);
    const log = (await hub.api(`/api/audit?from=${today()}&to=${today()}`, { cookie })).body as { action: string; target?: string }[];
    expect(log.filter((e) => e.target === created.body.id).map((e) => e.action).sort()).toEqual(['promotion.archive', 'promotion.create']);
  });

  it('an archive is undone by restoring: active again as it was, audited; restoring twice or an unknown id is refused', async () => {
    const { hub, cookie } = mall;
    const created = (await hub.api('/api/promotions', { body: draft({ title: 'Undo me' }), cookie })).body as { id: string };
    expect((await hub.api(`/api/promotions/${created.id}/archive`, { body: {}, cookie })).status).toBe(200);
    const restored = await hub.api(`/api/promotions/${created.id}/restore`, { body: {}, cookie });
    expect(restored).toMatchObject({ status: 200, body: { id: created.id, title: 'Undo me', status: 'active' } });
    const active = (await hub.api('/api/promotions', { cookie })).body as { id: string }[];
    expect(active.map((p) => p.id)).toContain(created.id);
    expect(await hub.api(`/api/promotions/${created.id}/restore`, { body: {}, cookie })).toMatchObject({ status: 409, body: { field: 'id' } });
    expect(await hub.api('/api/promotions/no-such-one/restore', { body: {}, cookie })).toMatchObject({ status: 404, body: { field: 'id' } });
    const log = (await hub.api(`/api/audit?from=${today()}&to=${today()}`, { cookie })).body as { action: string; target?: string }[];
    expect(log.filter((e) => e.target === created.id).map((e) => e.action)).toContain('promotion.restore');
  });
});
