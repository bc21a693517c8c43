import { describe, expect, it } from 'vitest';
import { operatorHub } from '#server/testing/operator-hub.ts';

describe('users and shops', () => {
  const mall = operatorHub();

  const tokenOf = (link: string) => link.split('#invite=')[1];

  it('invites a shop user who sets a password once, then signs in', async () => {
    const { hub, cookie } = mall;
    const shop = await hub.api('/api/tenants', { cookie, body: { id: 'book-nook', name: 'Book Nook', zoneId: 'tech' } });
    expect(shop.status).toBe(200);
    const invite = await hub.api('/api/users', { cookie, body: { username: 'nook', role: 'tenant', tenantId: 'book-nook' } });
    expect(invite.status).toBe(200);
    expect(invite.body.link).toMatch(/\/panel#invite=/);
    const users = (await hub.api('/api/users', { cookie })).body;
    expect(users.find((u: { username: string }) => u.username === 'nook')).toMatchObject({ role: 'tenant', tenantId: 'book-nook', invited: true });
    // Not usable before a password is set.
    expect((await hub.api('/api/auth/login', { body: { username: 'nook', password: '' + 'x'.repeat(12) } })).status).toBe(401);
    const short = await hub.api('/api/auth/accept-invite', { body: { token: tokenOf(invite.body.link), password: 'short' } });
    expect(short).toMatchObject({ status: 400, body: { field: 'password' } });
    const ok = await hub.api('/api/auth/accept-invite', { body: { token: tokenOf(invite.body.link), password: 'a long enough secret' } });
    expect(ok).toMatchObject({ status: 200, body: { username: 'nook' } });
    expect((await hub.api('/api/auth/accept-invite', { body: { token: tokenOf(invite.body.link), password: 'another long secret' } })).status).toBe(404);
    const me = await hub.login('nook', 'a long enough secret');
    expect((await hub.api('/api/auth/me', { cookie: me })).body).toMatchObject({ role: 'tenant', tenantId: 'book-nook' });
  });

  it('resets a password: old sessions end, the new link sets a new one', async () => {
    const { hub, cookie } = mall;
    const session = await hub.login('nook', 'a long enough secret');
    const reset = await hub.api('/api/users/nook/reset', { cookie, body: {} });
    expect(reset.status).toBe(200);
    expect((await hub.api('/api/auth/me', { cookie: session })).status).toBe(401);
    await hub.api('/api/auth/accept-invite', { body: { token: tokenOf(reset.body.link), password: 'a brand new secret' } });
    await hub.login('nook', 'a brand new secret');
  });

  it('refuses bad users and shops, naming the field', async () => {
    const { hub, cookie } = mall;
    const bad = async (path: string, body: unknown) => (await hub.api(path, { cookie, body })).body;
    expect(await bad('/api/users', { username: 'nook', role: 'operator' })).toMatchObject({ field: 'username' });
    expect(await bad('/api/users', { username: 'Not Valid!', role: 'operator' })).toMatchObject({ field: 'username' });
    expect(await bad('/api/users', { username: 'x1', role: 'tenant' })).toMatchObject({ field: 'tenantId' });
    expect(await bad('/api/users', { username: 'x2', role: 'tenant', tenantId: 'nowhere' })).toMatchObject({ field: 'tenantId' });
    expect(await bad('/api/users', { username: 'x3', role: 'admin' })).toMatchObject({ field: 'role' });
    expect(await bad('/api/tenants', { id: 'book-nook', name: 'Again', zoneId: 'tech' })).toMatchObject({ field: 'id' });
    expect(await bad('/api/tenants', { id: 'new-shop', name: 'New', zoneId: 'roof' })).toMatchObject({ field: 'zoneId' });
    expect((await hub.api('/api/users/nobody/reset', { cookie, body: {} })).status).toBe(404);
    const shop = await hub.login('bean-there', 'atrium-demo');
    expect((await hub.api('/api/users', { cookie: shop })).status).toBe(403);
  });
});
