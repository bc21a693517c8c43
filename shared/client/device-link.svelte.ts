import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../events.ts';
import type { Ack } from '../schemas/common.ts';
import type { Device } from '../schemas/devices.ts';

export type DeviceSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

type LinkState = 'connecting' | 'pairing' | 'online' | 'offline';

/**
 * A kiosk's or screen's connection to the hub. Without a token it asks to pair and shows the
 * code it is given; once paired it keeps the token in localStorage and connects as itself,
 * reconnecting with backoff whenever the hub goes away.
 */
export class DeviceLink {
  state = $state<LinkState>('connecting');
  pairingCode = $state<string | null>(null);
  device = $state<Device | null>(null);
  socket: DeviceSocket | null = null;
  readonly #storageKey: string;
  readonly #onSocket: (socket: DeviceSocket) => void;

  constructor(
    readonly kind: 'kiosk' | 'screen',
    onSocket: (socket: DeviceSocket) => void,
  ) {
    this.#storageKey = `atrium.${kind}.token`;
    this.#onSocket = onSocket;
  }

  get token(): string | null {
    return localStorage.getItem(this.#storageKey);
  }

  start(): void {
    const token = this.token;
    if (token) this.#connect({ token });
    else this.#connect({ pair: this.kind });
  }

  /** Forget the token (after revocation) and ask to pair again. */
  unpair(): void {
    localStorage.removeItem(this.#storageKey);
    this.device = null;
    this.socket?.close();
    this.#connect({ pair: this.kind });
  }

  #connect(auth: { token: string } | { pair: 'kiosk' | 'screen' }): void {
    this.socket?.close();
    this.state = 'connecting';
    const socket: DeviceSocket = io({
      auth,
      transports: ['websocket'],
      reconnectionDelay: 500,
      reconnectionDelayMax: 10_000,
      randomizationFactor: 0.5,
    });
    this.socket = socket;
    socket.on('pairing:offer', (offer) => {
      this.state = 'pairing';
      this.pairingCode = offer.code;
    });
    socket.on('pairing:done', ({ token, device }) => {
      localStorage.setItem(this.#storageKey, token);
      this.pairingCode = null;
      this.device = device;
      this.#connect({ token });
    });
    socket.on('device:revoked', () => this.unpair());
    socket.on('connect', () => {
      if ('token' in auth) this.state = 'online';
    });
    socket.on('disconnect', () => {
      if (this.socket === socket && 'token' in auth) this.state = 'offline';
    });
    socket.on('connect_error', (err) => {
      // The hub refused the token itself (revoked or unknown): pairing again is the only way back.
      if ('token' in auth && /revoked|unknown/.test(err.message)) this.unpair();
      else {
        this.state = 'offline';
        // Any other refusal by the hub (a fan-out process that cannot reach the writer for a
        // moment, docs/cluster.md) does not end the client's own retries: try again shortly.
        if (!socket.active) setTimeout(() => this.socket === socket && !socket.connected && socket.connect(), 2000 + Math.random() * 2000);
      }
    });
    this.#onSocket(socket);
  }

  /** Sends an event and waits for its ack; an unreachable hub is an error ack, not a hang. */
  call<T>(event: keyof ClientToServerEvents, payload: unknown, timeoutMs = 5000): Promise<Ack<T>> {
    const socket = this.socket;
    if (!socket?.connected) return Promise.resolve({ ok: false, error: 'offline' });
    return new Promise((resolve) => {
      (socket.timeout(timeoutMs) as unknown as { emit: (e: string, p: unknown, cb: (err: unknown, ack: Ack<T>) => void) => void }).emit(
        event,
        payload,
        (err, ack) => resolve(err ? { ok: false, error: 'offline' } : ack),
      );
    });
  }
}
