import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSENT_TEXT_VERSION } from '#shared/consent-texts.ts';
import { ROLES, type Role } from '#shared/constants.ts';
import { routes } from './http/routes/index.ts';
import { socketEvents } from './realtime/registry.ts';
import { snapshotFiles } from './testing/files.ts';
import { request, startTestHub, type ClientSocket, type TestHub } from './testing/test-hub.ts';

type Ack = { ok: true; data: unknown } | { ok: false; error: string; field?: string };
type Credentials = { cookie?: string; token?: string };

const EDITOR_PASSWORD = 'content editor secret';

/** A route path with each `:param` filled by a placeholder that names nothing real. */
const fill = (path: string) => path.replace(/:(\w+)/g, 'placeholder-$1');

/** A valid payload for every socket event, so a refusal can only be about who is asking. */
const samples: Record<string, unknown> = {
  'checkin:tap': { visitId: randomUUID(), card: '4111111111111111' },
  'checkin:pass': { visitId: randomUUID(), passId: 'AAAAAAAAAAAAAAAAAAAAAA' },
  'shopper:enrol': {
    enrolTicket: 'x'.repeat(32),
    visitId: randomUUID(),
    language: 'en',
    consentTextVersion: CONSENT_TEXT_VERSION,
    membership: true,
    consents: { analytics: true, marketing_email: false, marketing_sms: false },
  },
  'presence:get': {},
  'playlist:get': {},
  'screen:rendered': { version: 1, hash: 'abc', renderedAt: new Date().toISOString() },
  'screen:heartbeat': { uptimeMs: 1000, heapUsedBytes: null, currentItem: null, lastPaintAt: null, appVersion: '1' },
  'impressions:report': { screenId: 'placeholder', impressions: [{ seq: 1, promotionId: 'placeholder', startedAt: new Date().toISOString(), durationMs: 1000 }] },
  'screen:cache': { wanted: 2, cached: 1, cachedBytes: 1000, missing: ['/media/a.mp4'], at: new Date().toISOString() },
  'screen:video-stalled': { promotionId: null, url: '/media/a.mp4', stalledForMs: 8000, at: new Date().toISOString() },
  'join:start': {},
  'checkin:sealed': { visitId: randomUUID(), at: new Date().toISOString(), sealed: 'A'.repeat(344) },
  'kiosk:status': { queued: 3 },
  'ops:get': {},
  'feedback:score': { visitId: randomUUID(), passId: 'AAAAAAAAAAAAAAAAAAAAAA', score: 9 },
};

const protectedRoutes = routes.filter((r) => r.roles !== 'public');
const publicRoutes = routes.filter((r) => r.roles === 'public');
const allowed = (roles: readonly Role[] | 'public') => (roles === 'public' ? [...ROLES] : roles);

describe('access control', () => {
  let hub: TestHub;
  let as: Record<Role, Credentials>;
  let revokedToken: string;

  beforeAll(async () => {
    hub = await startTestHub();
    const operator = await hub.login();
    const tenant = await hub.login('bean-there', 'atrium-demo');
    const kiosk = await hub.pair('kiosk', 'entrance', 'Kiosk', operator);
    const screen = await hub.pair('screen', 'food-court', 'Screen', operator);
    const revoked = await hub.pair('kiosk', 'entrance', 'Old kiosk', operator);
    expect((await hub.api(`/api/devices/${revoked.device.id}/revoke`, { method: 'POST', cookie: operator })).status).toBe(200);
    revokedToken = revoked.token;
    const editor = await signInEditor(operator);
    as = { operator: { cookie: operator }, editor: { cookie: editor }, tenant: { cookie: tenant }, kiosk: { token: kiosk.token }, screen: { token: screen.token } };
  });
  afterAll(() => hub.stop());

  /** A content editor, invited and signed in the way a person would be. */
  async function signInEditor(operator: string): Promise<string> {
    const invite = await hub.api('/api/users', { cookie: operator, body: { username: 'ed', role: 'editor' } });
    expect(invite.status).toBe(200);
    const token = String(invite.body.link).split('#invite=')[1];
    expect((await hub.api('/api/auth/accept-invite', { body: { token, password: EDITOR_PASSWORD } })).status).toBe(200);
    return hub.login('ed', EDITOR_PASSWORD);
  }

  /** A fresh session for a role, for the route that ends its own session. */
  const freshSession = (role: Role) =>
    hub.login(...((role === 'tenant' ? ['bean-there', 'atrium-demo'] : role === 'editor' ? ['ed', EDITOR_PASSWORD] : []) as [string?, string?]));

  const call = (def: (typeof routes)[number], creds: Credentials = {}) => hub.api(fill(def.path), { method: def.method.toUpperCase(), ...creds });

  it('the registries hold each route and event once', () => {
    const keys = routes.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    const names = socketEvents.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    expect(publicRoutes.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      'get /api/health',
      'get /api/join/:nonce',
      'get /api/openapi.json',
      // The shopper's own pages: the pass id (128 random bits) or the one-time join nonce is the key.
      'get /api/pass/:passId',
      'get /api/pass/:passId/export',
      // The pass page's rewards and the feedback link's one-tap answer: the pass id (and the link's token) is the key.
      'get /api/pass/:passId/rewards',
      'post /api/pass/:passId/feedback',
      // The optional comment after a link's score: the same token, within the hour.
      'post /api/pass/:passId/feedback/comment',
      'post /api/auth/accept-invite',
      'post /api/auth/login',
      'post /api/join/:nonce',
      'post /api/pass/:passId/consents',
      'post /api/pass/:passId/erase',
      'post /api/pass/:passId/language',
      // First-run set-up: on a hub with a mall, only "not needed" and a 409; the one-time token guards the rest.
      'get /api/setup',
      'post /api/setup',
    ].sort());
  });

  it('a content editor reaches exactly the content routes (promotions, media, segments to target, live counts)', () => {
    const editorRoutes = protectedRoutes.filter((r) => r.roles !== 'public' && r.roles.includes('editor')).map((r) => `${r.method} ${r.path}`);
    expect(editorRoutes.sort()).toEqual([
      'get /api/auth/me',
      'get /api/mall',
      'get /api/presence',
      'get /api/promotions',
      'get /api/proof-of-play',
      'get /api/proof-of-play/report',
      'get /api/proof-of-play/report.csv',
      'get /api/promotions/calendar',
      'get /api/screens/:id/playlist',
      'get /api/screens/names',
      'get /api/screen-groups',
      'get /api/segments',
      'get /api/segments/live',
      'post /api/auth/logout',
      'post /api/media',
      'get /api/media/items',
      'post /api/media/items',
      'patch /api/media/items/:id',
      'put /api/media/items/:id/file',
      'delete /api/media/items/:id',
      'get /api/media/limits',
      'post /api/promotions',
      'post /api/promotions/:id/archive',
      'post /api/promotions/:id/restore',
      'post /api/promotions/preview',
      'put /api/promotions/:id',
    ].sort());
  });

  describe.each(protectedRoutes.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r] as const))('%s', (_name, def) => {
    it('refuses a caller with no credentials: 401', async () => {
      const res = await call(def);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: expect.any(String) });
    });

    it('refuses unknown credentials and a revoked device: 401', async () => {
      expect((await call(def, { token: 'not-a-real-token' })).status).toBe(401);
      expect((await call(def, { cookie: 'atrium_session=not-a-real-session' })).status).toBe(401);
      expect((await call(def, { token: revokedToken })).status).toBe(401);
    });

    const wrong = ROLES.filter((r) => !allowed(def.roles).includes(r));
    // A route open to every role has no wrong role to try.
    if (wrong.length > 0)
      it(`refuses every other role (${wrong.join(', ')}): 403`, async () => {
        for (const role of wrong) {
          const res = await call(def, as[role]);
          expect(res.status, `${role}: ${JSON.stringify(res.body)}`).toBe(403);
          expect(res.body).toEqual({ error: expect.any(String) });
        }
      });

    it(`lets its own roles (${allowed(def.roles).join(', ')}) past the door`, async () => {
      for (const role of allowed(def.roles)) {
        // Logging out ends the session, so it gets a session of its own.
        const creds = def.path === '/api/auth/logout' ? { cookie: await freshSession(role) } : as[role];
        const res = await call(def, creds);
        expect([401, 403], `${role}: ${res.status} ${JSON.stringify(res.body)}`).not.toContain(res.status);
      }
    });
  });

  it.each(publicRoutes.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r] as const))('%s is open to anyone', async (_name, def) => {
    expect([401, 403]).not.toContain((await call(def)).status);
  });

  it('a revoked device token is refused everywhere, including its own device route', async () => {
    const res = await hub.api('/api/device/me', { token: revokedToken });
    expect(res.status).toBe(401);
    expect((await hub.api('/api/device/me', as.kiosk)).status).toBe(200);
  });

  describe('socket events', () => {
    const sockets = {} as Record<Role, ClientSocket>;
    beforeAll(async () => {
      sockets.operator = await hub.socket({}, as.operator.cookie);
      sockets.editor = await hub.socket({}, as.editor.cookie);
      sockets.tenant = await hub.socket({}, as.tenant.cookie);
      sockets.kiosk = await hub.socket({ token: as.kiosk.token });
      sockets.screen = await hub.socket({ token: as.screen.token });
    });

    it('every event in the registry has a sample payload here', () => {
      expect(Object.keys(samples).sort()).toEqual(socketEvents.map((e) => e.name).sort());
    });

    it.each(socketEvents.map((e) => [e.name, e] as const))('%s refuses every other role and writes nothing', async (_name, def) => {
      await hub.store.flush();
      const before = await snapshotFiles(join(hub.dataRoot, 'demo'));
      for (const role of ROLES.filter((r) => !def.roles.includes(r))) {
        const ack = await request<Ack>(sockets[role], def.name, samples[def.name]);
        expect(ack, role).toEqual({ ok: false, error: 'not allowed for your role' });
      }
      await hub.store.flush();
      expect(await snapshotFiles(join(hub.dataRoot, 'demo'))).toEqual(before);
    });

    it.each(socketEvents.map((e) => [e.name, e] as const))('%s lets its own roles past the door', async (_name, def) => {
      for (const role of def.roles) {
        const ack = await request<Ack>(sockets[role], def.name, samples[def.name]);
        if (!ack.ok) expect(ack.error, role).not.toMatch(/not allowed|pair this device|revoked/);
      }
    });

    it('a device waiting to pair gets an error ack for every event', async () => {
      const unpaired = await hub.socket({ pair: 'kiosk' });
      for (const def of socketEvents) {
        expect(await request<Ack>(unpaired, def.name, samples[def.name]), def.name).toEqual({ ok: false, error: 'pair this device first' });
      }
      expect(await request<Ack>(unpaired, 'no-such-event', {})).toMatchObject({ ok: false });
    });

    it.each([
      ['no credentials at all', {}, undefined],
      ['an unknown device token', { token: 'not-a-real-token' }, undefined],
      ['a token that is not a string', { token: 12345 }, undefined],
      ['a wish to pair as something else', { pair: 'operator' }, undefined],
      ['an unknown session cookie', {}, 'atrium_session=not-a-real-session'],
    ])('connecting with %s fails', async (_what, auth, cookie) => {
      await expect(hub.socket(auth, cookie)).rejects.toThrow();
    });

    it('connecting with a revoked token fails', async () => {
      await expect(hub.socket({ token: revokedToken })).rejects.toThrow(/revoked/);
    });

    it('revoking a connected device disconnects it and refuses it from then on', async () => {
      const operator = as.operator.cookie!;
      const kiosk = await hub.pair('kiosk', 'entrance', 'Short-lived kiosk', operator);
      const socket = await hub.socket({ token: kiosk.token });
      expect((await request<Ack>(socket, 'presence:get', {})).ok).toBe(true);
      const told = new Promise<void>((resolve) => socket.once('device:revoked', resolve));
      const gone = new Promise<string>((resolve) => socket.once('disconnect', resolve));
      expect((await hub.api(`/api/devices/${kiosk.device.id}/revoke`, { method: 'POST', cookie: operator })).status).toBe(200);
      await told;
      expect(await gone).toBe('io server disconnect');
      await expect(hub.socket({ token: kiosk.token })).rejects.toThrow();
      expect((await hub.api('/api/device/me', { token: kiosk.token })).status).toBe(401);
    });

    it('after logging out, the session cookie no longer opens a socket or a route', async () => {
      const cookie = await hub.login();
      expect((await hub.socket({}, cookie)).connected).toBe(true);
      expect((await hub.api('/api/auth/logout', { method: 'POST', cookie })).status).toBe(200);
      expect((await hub.api('/api/auth/me', { cookie })).status).toBe(401);
      await expect(hub.socket({}, cookie)).rejects.toThrow();
    });
  });
});
