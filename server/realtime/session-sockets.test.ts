import { describe, expect, it } from 'vitest';
import { operatorHub } from '#server/testing/operator-hub.ts';
import { request, startTestHub, type ClientSocket } from '#server/testing/test-hub.ts';

const tokenOf = (link: string) => link.split('#invite=')[1];
/** Resolves once the hub has closed the socket (a client-side close would say 'io client disconnect'). */
const closedByHub = (s: ClientSocket) => new Promise<string>((resolve) => s.once('disconnect', (reason) => resolve(reason)));

// Rule 9: a session's sockets end with the session.
describe('a signed-in user’s socket lives only as long as their session', () => {
  const mall = operatorHub({ statusTickMs: 20 });

  it('logout closes the operator’s socket at once: no more ops:get, no more ops:update', async () => {
    const { hub } = mall;
    const session = await hub.login();
    const s = await hub.socket({}, session);
    expect(await request<any>(s, 'ops:get', {})).toMatchObject({ ok: true });
    const closed = closedByHub(s);
    expect((await hub.api('/api/auth/logout', { cookie: session, body: {} })).status).toBe(200);
    expect(await closed).toBe('io server disconnect');
    // The same cookie cannot open another.
    await expect(hub.socket({}, session)).rejects.toThrow(/sign in/);
  });

  it('a password reset closes every socket of that user (operator and shop user), and only theirs', async () => {
    const { hub, cookie } = mall;
    const invite = await hub.api('/api/users', { cookie, body: { username: 'second-op', role: 'operator' } });
    await hub.api('/api/auth/accept-invite', { body: { token: tokenOf(invite.body.link), password: 'a long enough secret' } });
    const other = await hub.login('second-op', 'a long enough secret');
    const first = await hub.socket({}, other);
    const second = await hub.socket({}, other);
    const bystander = await hub.socket({}, cookie);
    const shopSession = await hub.login('bean-there', 'atrium-demo');
    const shop = await hub.socket({}, shopSession);

    const closed = Promise.all([closedByHub(first), closedByHub(second)]);
    expect((await hub.api('/api/users/second-op/reset', { cookie, body: {} })).status).toBe(200);
    expect(await closed).toEqual(['io server disconnect', 'io server disconnect']);
    expect(bystander.connected).toBe(true);
    expect(await request<any>(bystander, 'ops:get', {})).toMatchObject({ ok: true });

    const shopClosed = closedByHub(shop);
    expect((await hub.api('/api/users/bean-there/reset', { cookie, body: {} })).status).toBe(200);
    expect(await shopClosed).toBe('io server disconnect');
  });

  it('an expired session closes its socket without anyone asking', async () => {
    const hub = await startTestHub({ sessionMinutes: 0.02 });
    try {
      const s = await hub.socket({}, await hub.login());
      expect(await closedByHub(s)).toBe('io server disconnect');
    } finally {
      await hub.stop();
    }
  });
});
