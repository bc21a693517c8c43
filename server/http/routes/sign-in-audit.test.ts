import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_OPERATOR } from '#server/demo/seed.ts';
import { operatorHub } from '#server/testing/operator-hub.ts';

const today = () => new Date().toISOString().slice(0, 10);
type Entry = { at: string; actor: string; action: string; target?: string; from?: string; detail?: string };

// The hub trusts X-Forwarded-For from loopback (a reverse proxy on the same machine), which lets
// one test speak from several addresses and find each in the log.
describe('sign-ins, failed sign-ins and lockouts in the audit log', () => {
  const mall = operatorHub();
  const login = (username: string, password: string, from: string) =>
    mall.hub.api('/api/auth/login', { body: { username, password }, headers: { 'x-forwarded-for': from } });
  const audit = async (query: string) => (await mall.hub.api(`/api/audit?from=${today()}&to=${today()}${query}`, { cookie: mall.cookie })).body as Entry[];

  it('records a sign-in: who, when, from which address', async () => {
    const before = new Date().toISOString();
    expect((await login(DEMO_OPERATOR.username, DEMO_OPERATOR.password, '10.7.0.1')).status).toBe(200);
    const [entry] = (await audit('&action=auth.sign-in')).filter((e) => e.from === '10.7.0.1');
    expect(entry).toMatchObject({ actor: `user:${DEMO_OPERATOR.username}`, action: 'auth.sign-in', target: DEMO_OPERATOR.username, detail: 'as operator' });
    expect(entry.at >= before).toBe(true);
  });

  it('records a sign-out', async () => {
    const cookie = await mall.hub.login('bean-there', 'atrium-demo');
    expect((await mall.hub.api('/api/auth/logout', { method: 'POST', cookie })).status).toBe(200);
    expect((await audit('&action=auth.sign-out&target=bean-there'))[0]).toMatchObject({ actor: 'tenant:bean-there', target: 'bean-there' });
  });

  it('records failed sign-ins with the username tried and why, never the password', async () => {
    expect((await login(DEMO_OPERATOR.username, 'wrong-password-alpha', '10.7.0.2')).status).toBe(401);
    expect((await login('nobody-here', 'wrong-password-beta', '10.7.0.2')).status).toBe(401);
    const failed = (await audit('&action=auth.sign-in-failed')).filter((e) => e.from === '10.7.0.2');
    expect(failed.map((e) => [e.target, e.detail])).toEqual(
      expect.arrayContaining([
        [DEMO_OPERATOR.username, 'wrong password'],
        ['nobody-here', 'unknown username'],
      ]),
    );
    expect(failed).toHaveLength(2);
    await mall.hub.store.flush();
    const dir = join(mall.hub.dataRoot, 'demo');
    const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((f) => f.isFile());
    for (const f of files) {
      const text = await readFile(join(f.parentPath, f.name), 'latin1');
      expect(text, f.name).not.toContain('wrong-password-alpha');
      expect(text, f.name).not.toContain(DEMO_OPERATOR.password);
    }
  });

  it('records the start of a lockout once, not every refused attempt during it', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await login('bean-there', `guess number ${i}`, '10.7.0.3')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    const entries = (await audit('&action=auth.&target=bean-there')).filter((e) => e.from === '10.7.0.3');
    expect(entries.filter((e) => e.action === 'auth.sign-in-failed')).toHaveLength(5);
    const lockouts = entries.filter((e) => e.action === 'auth.lockout');
    expect(lockouts).toHaveLength(1);
    expect(lockouts[0]).toMatchObject({ target: 'bean-there', detail: 'this username from this address locked for 900 s' });
  });

  it('records an address locked out for spraying many usernames', async () => {
    for (let i = 0; i < 20; i++) expect((await login(`sprayed-${i}`, 'some guess here', '10.7.0.4')).status).toBe(401);
    expect((await login('sprayed-last', 'some guess here', '10.7.0.4')).status).toBe(429);
    const lockouts = (await audit('&action=auth.lockout')).filter((e) => e.from === '10.7.0.4');
    expect(lockouts).toHaveLength(1);
    expect(lockouts[0]).toMatchObject({ target: 'sprayed-19', detail: 'this address locked for 900 s' });
  });

  it('only operators read the audit log, filtered by what and whom', async () => {
    const shop = await mall.hub.login('bean-there', 'atrium-demo');
    expect((await mall.hub.api(`/api/audit?from=${today()}&to=${today()}`, { cookie: shop })).status).toBe(403);
    const mine = await audit(`&action=auth.&target=${DEMO_OPERATOR.username}`);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((e) => e.target === DEMO_OPERATOR.username && e.action.startsWith('auth.'))).toBe(true);
    expect((await mall.hub.api(`/api/audit?from=${today()}&to=${today()}&target=${'x'.repeat(121)}`, { cookie: mall.cookie })).body).toMatchObject({ field: 'target' });
  });
});
