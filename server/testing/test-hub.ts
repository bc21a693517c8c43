import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '#shared/events.ts';
import type { Device, PairingDone } from '#shared/schemas/devices.ts';
import { loadConfig, type HubConfigInput } from '../config.ts';
import { DEMO_OPERATOR } from '../demo/seed.ts';
import { startHub, type Hub } from '../hub.ts';
import { createLogger, type Logger } from '../logger.ts';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Talks to a hub at a URL the way its real clients do: HTTP with a cookie or token, Socket.io. */
export interface HubClient {
  /** Signs in and returns the Cookie header value. */
  login(username?: string, password?: string): Promise<string>;
  /**
   * Pairs a device through the real socket flow and returns its token. Signs in as the demo
   * operator unless given an operator's cookie (sign-ins are rate-limited per address).
   */
  pair(kind: 'kiosk' | 'screen', zoneId?: string, name?: string, cookie?: string): Promise<{ token: string; device: Device }>;
  /** A socket connected with the given handshake auth (and cookie); closed by stop(). */
  socket(auth: Record<string, unknown>, cookie?: string, beforeConnect?: (s: ClientSocket) => void, headers?: Record<string, string>): Promise<ClientSocket>;
  /** `headers` adds request headers (an Origin, say); the answer carries the response's headers. */
  api(
    path: string,
    init?: { method?: string; body?: unknown; cookie?: string; token?: string; raw?: string; contentType?: string; headers?: Record<string, string> },
  ): Promise<{ status: number; body: any; headers: Headers }>;
  /** Closes every socket this client opened. */
  closeSockets(): void;
}

export interface TestHub extends Hub, HubClient {
  dataRoot: string;
  stop(): Promise<void>;
}

export function hubClient(url: string): HubClient {
  const sockets: ClientSocket[] = [];

  const api: HubClient['api'] = async (path, init = {}) => {
    const headers: Record<string, string> = { ...init.headers };
    if (init.cookie) headers.cookie = init.cookie;
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    let body: string | undefined;
    if (init.raw !== undefined) body = init.raw;
    else if (init.body !== undefined) body = JSON.stringify(init.body);
    if (body !== undefined) headers['content-type'] = init.contentType ?? 'application/json';
    const res = await fetch(url + path, { method: init.method ?? (body !== undefined ? 'POST' : 'GET'), headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed as any, headers: res.headers };
  };

  const socket: HubClient['socket'] = (auth, cookie, beforeConnect, headers) =>
    new Promise((resolve, reject) => {
      const s: ClientSocket = connect(url, {
        auth,
        forceNew: true,
        reconnection: false,
        transports: ['websocket'],
        ...(cookie || headers ? { extraHeaders: { ...headers, ...(cookie ? { cookie } : {}) } } : {}),
      });
      sockets.push(s);
      beforeConnect?.(s);
      s.once('connect', () => resolve(s));
      s.once('connect_error', (e) => reject(e));
    });

  const login: HubClient['login'] = async (username = DEMO_OPERATOR.username, password = DEMO_OPERATOR.password) => {
    const res = await fetch(url + '/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
    const setCookie = res.headers.get('set-cookie') ?? '';
    return setCookie.split(';')[0];
  };

  // Device names are unique per kind in a mall: a default name must not repeat one a test made before.
  const pair: HubClient['pair'] = async (kind, zoneId = 'entrance', name = `${kind} ${randomUUID().slice(0, 8)}`, cookie) => {
    let offered!: Promise<{ code: string }>;
    let done!: Promise<PairingDone>;
    const device = await socket({ pair: kind }, undefined, (s) => {
      offered = new Promise((resolve) => s.once('pairing:offer', resolve));
      done = new Promise((resolve) => s.once('pairing:done', resolve));
    });
    const offer = await offered;
    const res = await api('/api/devices/pair', { body: { code: offer.code, name, zoneId }, cookie: cookie ?? (await login()) });
    if (res.status !== 200) throw new Error(`pairing failed: ${res.status} ${JSON.stringify(res.body)}`);
    const { token, device: paired } = await done;
    device.close();
    return { token, device: paired };
  };

  return {
    login,
    pair,
    socket,
    api,
    closeSockets: () => {
      for (const s of sockets) s.close();
    },
  };
}

/**
 * A real hub on an ephemeral loopback port with its own temporary data folder. A given `dataRoot`
 * is kept (not removed by stop()), so a hub can be stopped and started again on the same folder —
 * with `port` fixed, at the same address. `logger` captures the hub's logs; `now` is the hub's
 * clock (see ServiceOptions). The daily retention job is off unless `retentionJob` is set.
 */
export async function startTestHub(overrides: HubConfigInput = {}, dataRoot?: string, options: { logger?: Logger; now?: () => number } = {}): Promise<TestHub> {
  const root = dataRoot ?? (await mkdtemp(join(tmpdir(), 'atrium-test-')));
  const config = loadConfig({}, { host: '127.0.0.1', port: 0, dataRoot: root, logLevel: 'silent', fsync: false, countTickMs: 20, statusTickMs: 50, retentionJob: false, ...overrides });
  const hub = await startHub(config, options.logger ?? createLogger(config.logLevel), options.now ? { now: options.now } : {});
  const client = hubClient(hub.url);

  // Onto the hub itself, not a spread copy: its services are a getter that waits for set-up.
  return Object.assign(hub, client, {
    dataRoot: root,
    stop: async () => {
      client.closeSockets();
      await hub.close();
      if (!dataRoot) await rm(root, { recursive: true, force: true });
    },
  });
}

/** Emits an event and resolves with its acknowledgement. */
export function request<T = unknown>(s: ClientSocket, event: string, payload: unknown): Promise<T> {
  return new Promise((resolve) => (s as unknown as { emit: (...a: unknown[]) => void }).emit(event, payload, resolve));
}
