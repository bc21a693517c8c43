/**
 * Hostile input: fast-check makes malformed bodies, params and socket payloads for every HTTP
 * route in the registry and every socket event in the registry, sent as every kind of caller.
 * Nothing may answer 5xx or crash the hub, and the data folder must not change by one byte.
 * Runs are bounded here; `npm run test:faults` runs many more.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '#server/http/routes/index.ts';
import { socketEvents } from '#server/realtime/registry.ts';
import { request, startTestHub, type ClientSocket, type TestHub } from '#server/testing/test-hub.ts';
import { fingerprint, readDataFiles } from './data-files.ts';

const LONG = process.env.ATRIUM_FAULTS === 'long';

/** Which playlist each screen was sent, and when: written by the hub's own playlist clock. */
const HOUSEKEEPING = { 'signage.json': ({ screens: _screens, ...rest }: Record<string, unknown>) => rest };
const RUNS = LONG ? 300 : 25;

/** Bodies a careless or hostile client might send: any JSON, near-miss objects, non-JSON text. */
const bodies = fc.oneof(
  fc.jsonValue().map((v) => ({ raw: JSON.stringify(v) ?? 'null' })),
  fc.dictionary(fc.constantFrom('username', 'password', 'code', 'name', 'zoneId', 'card', 'visitId', '__proto__', 'constructor'), fc.anything()).map((v) => ({ raw: JSON.stringify(v) ?? '{}' })),
  fc.string({ maxLength: 200 }).map((raw) => ({ raw })),
  fc.uint8Array({ maxLength: 300 }).map((b) => ({ raw: Buffer.from(b).toString('latin1') })),
  fc.string({ maxLength: 40 }).map((s) => ({ raw: `{"username": ${JSON.stringify(s)}, "password": ` })),
  fc.constant({ raw: '{"a":'.repeat(2000) }),
  fc.constant({ raw: 'x'.repeat(40 * 1024) }),
);

const contentTypes = fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1');

/** Payloads for socket events: anything serialisable, plus near-misses of real payloads. */
const payloads = fc.oneof(
  fc.anything({ withNullPrototype: false }),
  fc.jsonValue(),
  fc.record({ visitId: fc.oneof(fc.uuid(), fc.string()), card: fc.oneof(fc.string({ maxLength: 250 }), fc.anything()) }, { requiredKeys: [] }),
  fc.record({ visitId: fc.uuid(), passId: fc.string({ minLength: 20, maxLength: 24 }), at: fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.string()) }),
  fc.record({
    enrolTicket: fc.string({ minLength: 10, maxLength: 70 }),
    visitId: fc.uuid(),
    language: fc.constantFrom('en', 'xx', ''),
    consentTextVersion: fc.string(),
    membership: fc.anything(),
    consents: fc.anything(),
    interests: fc.array(fc.string()),
  }),
  fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
);

describe('fuzz: every route and socket event refuses malformed input without 5xx or a stored change', () => {
  let hub: TestHub;
  let callers: Record<string, { cookie?: string; token?: string }>;
  let sockets: Record<string, ClientSocket>;
  let before: Record<string, string>;
  /** Each audit file's entries before the fuzzing, as JSON text. */
  const auditBefore = new Map<string, Set<string>>();

  beforeAll(async () => {
    hub = await startTestHub({ k: 2 });
    const kiosk = await hub.pair('kiosk', 'entrance');
    const screen = await hub.pair('screen', 'entrance');
    const operator = await hub.login();
    const tenant = await hub.login('bean-there', 'atrium-demo');
    callers = { anonymous: {}, operator: { cookie: operator }, tenant: { cookie: tenant }, kiosk: { token: kiosk.token }, screen: { token: screen.token } };
    sockets = {
      kiosk: await hub.socket({ token: kiosk.token }),
      screen: await hub.socket({ token: screen.token }),
      operator: await hub.socket({}, operator),
      tenant: await hub.socket({}, tenant),
    };
    await hub.store.flush();
    // The mall's data folder; key files the hub makes on first use (secrets/) are not stored data.
    before = await fingerprint(hub.store.dir, HOUSEKEEPING);
    for (const [path, text] of await readDataFiles(hub.store.dir)) {
      if (!path.startsWith('audit/')) continue;
      const entries = path.endsWith('.json') ? (JSON.parse(text) as unknown[]) : text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as unknown);
      auditBefore.set(path, new Set(entries.map((e) => JSON.stringify(e))));
    }
  });
  afterAll(() => hub?.stop());

  for (const def of routes) {
    it(`${def.method.toUpperCase()} ${def.path}`, async () => {
      // Signing out with a valid cookie is a legitimate change; fuzz it only without one.
      const allowed = def.path === '/api/auth/logout' ? ['anonymous', 'kiosk', 'screen'] : Object.keys(callers);
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...allowed), bodies, contentTypes, fc.string({ maxLength: 80 }), async (who, body, contentType, param) => {
          const path = def.path.replace(/:[a-zA-Z]+/g, () => encodeURIComponent(param) || '%20');
          const res = await hub.api(path, { method: def.method.toUpperCase(), ...callers[who], raw: def.method === 'get' ? undefined : body.raw, contentType });
          expect(res.status, `${who} ${def.method} ${path} → ${res.status} ${JSON.stringify(res.body)}`).toBeLessThan(500);
        }),
        { numRuns: RUNS },
      );
    });
  }

  for (const def of socketEvents) {
    it(`socket event ${def.name}`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...Object.keys(sockets)), payloads, async (who, payload) => {
          const ack = await request<{ ok: boolean; error?: string }>(sockets[who], def.name, payload);
          // A refusal or, for the rare payload that happens to be valid, an answer; never a failure.
          expect(typeof ack?.ok).toBe('boolean');
          expect(ack.error ?? '').not.toMatch(/something went wrong/);
        }),
        { numRuns: RUNS },
      );
    });
  }

  it('unknown socket event names', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 40 }), payloads, async (name, payload) => {
        fc.pre(!socketEvents.some((e) => e.name === name) && !['connect', 'disconnect', 'connect_error', 'disconnecting', 'newListener', 'removeListener'].includes(name));
        const ack = await request<{ ok: boolean }>(sockets.kiosk, name, payload);
        expect(ack.ok).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });

  it('left the hub up and the data folder unchanged', async () => {
    expect((await hub.api('/api/health')).status).toBe(200);
    for (const s of Object.values(sockets)) expect(s.connected).toBe(true);
    await hub.store.flush();
    const after = await fingerprint(hub.store.dir, HOUSEKEEPING);
    // A fuzzed body that happens to be a well-formed sign-in is a failed sign-in, and the audit
    // log rightly records it (and a lockout after several): those entries are the only change allowed.
    const changed = Object.keys({ ...before, ...after }).filter((path) => before[path] !== after[path]);
    for (const path of changed.filter((p) => p.startsWith('audit/'))) {
      const text = await readFile(join(hub.store.dir, path), 'utf8');
      const entries = path.endsWith('.json') ? (JSON.parse(text) as { action: string }[]) : text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { action: string });
      const added = entries.filter((e) => !auditBefore.get(path)?.has(JSON.stringify(e)));
      expect(added.map((e) => e.action).filter((a) => a !== 'auth.sign-in-failed' && a !== 'auth.lockout'), path).toEqual([]);
    }
    expect(changed.filter((p) => !p.startsWith('audit/'))).toEqual([]);
  });
});
