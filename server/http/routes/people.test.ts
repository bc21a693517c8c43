import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_OPERATOR } from '#server/demo/seed.ts';
import { snapshotFiles } from '#server/testing/files.ts';
import { operatorHub } from '#server/testing/operator-hub.ts';
import type { ClientSocket, TestHub } from '#server/testing/test-hub.ts';

const today = () => new Date().toISOString().slice(0, 10);
type Entry = { actor: string; action: string; target?: string; from?: string; detail?: string };

/** Invites a user and sets their password through the one-time link, as a person would. */
async function addUser(hub: TestHub, cookie: string, user: { username: string; role: string; tenantId?: string }, password: string): Promise<void> {
  const invite = await hub.api('/api/users', { cookie, body: user });
  expect(invite.status, JSON.stringify(invite.body)).toBe(200);
  const token = String(invite.body.link).split('#invite=')[1];
  expect((await hub.api('/api/auth/accept-invite', { body: { token, password } })).status).toBe(200);
}

/** Resolves with the reason once the socket is disconnected. */
const disconnected = (socket: ClientSocket) => new Promise<string>((resolve) => socket.once('disconnect', resolve));

describe('disabling, enabling and deleting users', () => {
  const mall = operatorHub();
  const audit = async (query = '') => (await mall.hub.api(`/api/audit?from=${today()}&to=${today()}${query}`, { cookie: mall.cookie })).body as Entry[];

  it("disabling a user ends their session and closes their open socket at once; they cannot sign in until enabled", async () => {
    const { hub, cookie } = mall;
    await addUser(hub, cookie, { username: 'olga', role: 'operator' }, 'olga long password');
    const olga = await hub.login('olga', 'olga long password');
    const socket = await hub.socket({}, olga);
    const gone = disconnected(socket);

    const res = await hub.api('/api/users/olga/disable', { cookie, body: {} });
    expect(res).toMatchObject({ status: 200, body: { username: 'olga', disabled: true } });
    expect(await gone).toBe('io server disconnect');
    expect((await hub.api('/api/auth/me', { cookie: olga })).status).toBe(401);
    await expect(hub.socket({}, olga)).rejects.toThrow();

    const refused = await hub.api('/api/auth/login', { body: { username: 'olga', password: 'olga long password' } });
    expect(refused).toMatchObject({ status: 403, body: { error: expect.stringMatching(/disabled/), field: 'username' } });
    expect((await hub.api('/api/users', { cookie })).body.find((u: { username: string }) => u.username === 'olga')).toMatchObject({ disabled: true });

    expect((await hub.api('/api/users/olga/enable', { cookie, body: {} })).body).toMatchObject({ username: 'olga', disabled: false });
    const back = await hub.login('olga', 'olga long password');
    expect((await hub.api('/api/auth/me', { cookie: back })).body).toMatchObject({ username: 'olga', role: 'operator' });

    const entries = await audit('&target=olga');
    expect(entries.map((e) => e.action)).toEqual(expect.arrayContaining(['user.disable', 'user.enable', 'auth.sign-in-failed']));
    expect(entries.find((e) => e.action === 'user.disable')).toMatchObject({ actor: `operator:${DEMO_OPERATOR.username}` });
    expect(entries.find((e) => e.action === 'auth.sign-in-failed')).toMatchObject({ detail: 'account disabled' });
  });

  it("deleting a user: their session cookie stops working, their socket closes, and they are gone", async () => {
    const { hub, cookie } = mall;
    await addUser(hub, cookie, { username: 'nook', role: 'tenant', tenantId: 'bean-there' }, 'nook long password');
    const nook = await hub.login('nook', 'nook long password');
    expect((await hub.api('/api/tenant/reports', { cookie: nook })).status).not.toBe(401);
    const socket = await hub.socket({}, nook);
    const gone = disconnected(socket);

    expect(await hub.api('/api/users/nook', { method: 'DELETE', cookie })).toMatchObject({ status: 200, body: { ok: true } });
    expect(await gone).toBe('io server disconnect');
    expect((await hub.api('/api/auth/me', { cookie: nook })).status).toBe(401);
    expect((await hub.api('/api/tenant/reports', { cookie: nook })).status).toBe(401);
    expect((await hub.api('/api/users', { cookie })).body.map((u: { username: string }) => u.username)).not.toContain('nook');
    expect((await hub.api('/api/auth/login', { body: { username: 'nook', password: 'nook long password' } })).status).toBe(401);
    expect((await audit('&action=user.delete')).map((e) => e.target)).toContain('nook');
  });

  it('refuses bad requests with a clear 4xx naming the field, and changes nothing', async () => {
    const { hub, cookie } = mall;
    await hub.store.flush();
    const before = await snapshotFiles(join(hub.dataRoot, 'demo'));
    const cases: [string, { method?: string; body?: unknown }, number, string][] = [
      ['/api/users/nobody/disable', { body: {} }, 404, 'username'],
      ['/api/users/nobody/enable', { body: {} }, 404, 'username'],
      ['/api/users/nobody', { method: 'DELETE' }, 404, 'username'],
      ['/api/users/Not%20A%20User!/disable', { body: {} }, 404, 'username'],
      [`/api/users/${DEMO_OPERATOR.username}`, { method: 'DELETE' }, 409, 'username'],
      [`/api/users/${DEMO_OPERATOR.username}/disable`, { body: {} }, 409, 'username'],
      ['/api/users/olga/role', { method: 'PUT', body: { role: 'admin' } }, 400, 'role'],
      ['/api/users/olga/role', { method: 'PUT', body: { role: 'tenant' } }, 400, 'role'],
      ['/api/users/olga/role', { method: 'PUT', body: {} }, 400, 'role'],
      [`/api/users/${DEMO_OPERATOR.username}/role`, { method: 'PUT', body: { role: 'editor' } }, 409, 'username'],
      ['/api/users/bean-there/role', { method: 'PUT', body: { role: 'editor' } }, 400, 'role'],
      ['/api/users', { body: { username: 'someone', role: 'admin' } }, 400, 'role'],
      ['/api/users', { body: { username: 'someone', role: 'editor', tenantId: 'bean-there' } }, 400, 'tenantId'],
    ];
    for (const [path, init, status, field] of cases) {
      const res = await hub.api(path, { cookie, ...init });
      expect(res, `${init.method ?? 'POST'} ${path}`).toMatchObject({ status, body: { error: expect.any(String), field } });
    }
    expect((await hub.api(`/api/users/${DEMO_OPERATOR.username}`, { method: 'DELETE', cookie })).body.error).toMatch(/yourself/);
    await hub.store.flush();
    expect(await snapshotFiles(join(hub.dataRoot, 'demo'))).toEqual(before);
  });

  it('never leaves the mall without an active operator', async () => {
    const { hub, cookie } = mall;
    await hub.api('/api/users/olga/disable', { cookie, body: {} });
    // The only active operator left is the one asking: the answer says why, not just "yourself".
    for (const [path, init] of [
      [`/api/users/${DEMO_OPERATOR.username}`, { method: 'DELETE' }],
      [`/api/users/${DEMO_OPERATOR.username}/disable`, { body: {} }],
      [`/api/users/${DEMO_OPERATOR.username}/role`, { method: 'PUT', body: { role: 'editor' } }],
    ] as const) {
      const res = await hub.api(path, { cookie, ...init });
      expect(res, path).toMatchObject({ status: 409, body: { error: expect.stringMatching(/last active operator/), field: 'username' } });
    }
    expect((await hub.api('/api/auth/me', { cookie })).status).toBe(200);
    await hub.api('/api/users/olga/enable', { cookie, body: {} });
  });

  it('checks again, at the change, that the one asking is still an active operator', async () => {
    const { hub } = mall;
    // As when two operators remove each other at once: the second request finds its asker gone.
    await expect(hub.services.accounts.remove('olga', 'nobody-by-that-name')).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(hub.services.accounts.setDisabled('olga', true, 'bean-there')).rejects.toMatchObject({ kind: 'forbidden' });
    expect(hub.services.accounts.list().find((u) => u.username === 'olga')?.disabledAt).toBeUndefined();
  });

  it("changing a staff member's role ends their sessions; they come back with the new role's rights", async () => {
    const { hub, cookie } = mall;
    const olga = await hub.login('olga', 'olga long password');
    const socket = await hub.socket({}, olga);
    const gone = disconnected(socket);
    expect((await hub.api('/api/users/olga/role', { method: 'PUT', cookie, body: { role: 'editor' } })).body).toMatchObject({ role: 'editor' });
    expect(await gone).toBe('io server disconnect');
    expect((await hub.api('/api/auth/me', { cookie: olga })).status).toBe(401);
    const again = await hub.login('olga', 'olga long password');
    expect((await hub.api('/api/auth/me', { cookie: again })).body).toMatchObject({ role: 'editor' });
    expect((await hub.api('/api/users', { cookie: again })).status).toBe(403);
    expect((await hub.api('/api/promotions', { cookie: again })).status).toBe(200);
    expect((await audit('&action=user.role')).find((e) => e.target === 'olga')).toMatchObject({ detail: 'now editor' });
  });
});

describe("a content editor's panel socket", () => {
  const mall = operatorHub();

  it('gets live counts but none of the operators’ board of devices and check-ins', async () => {
    const { hub, cookie } = mall;
    await addUser(hub, cookie, { username: 'ed', role: 'editor' }, 'editor long password');
    const editor = await hub.socket({}, await hub.login('ed', 'editor long password'));
    const operator = await hub.socket({}, cookie);
    const heard: string[] = [];
    editor.onAny((name: string) => heard.push(name));

    expect(await new Promise((resolve) => editor.emit('presence:get', {}, resolve))).toMatchObject({ ok: true });
    expect(await new Promise((resolve) => editor.emit('ops:get', {}, resolve))).toEqual({ ok: false, error: 'not allowed for your role' });
    // A screen pairing and going online changes the operators' board: the operator hears it.
    const operatorHeard = new Promise<void>((resolve) => operator.once('ops:update', () => resolve()));
    const screen = await hub.pair('screen', 'food-court', 'Board changer', cookie);
    await hub.socket({ token: screen.token });
    await operatorHeard;
    // One socket delivers in order: had that update gone to the editor too, it would arrive before this answer.
    await new Promise((resolve) => editor.emit('presence:get', {}, resolve));
    expect(heard).not.toContain('ops:update');
    const rooms = [...(hub.io.sockets.sockets.get(editor.id!)?.rooms ?? [])];
    expect(rooms.filter((r) => r !== editor.id).sort()).toEqual(['counts', 'editors']);
  });
});
