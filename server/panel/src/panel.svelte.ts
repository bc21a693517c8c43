import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '#shared/events.ts';
import type { Me } from '#shared/schemas/auth.ts';
import type { Device } from '#shared/schemas/devices.ts';
import type { MallInfo } from '#shared/schemas/mall.ts';
import { LocalFormat } from '#shared/format/local.ts';
import type { PresenceUpdate } from '#shared/schemas/presence.ts';
import type { SetupStatus } from '#shared/schemas/setup.ts';
import { api, ApiProblem } from './api.ts';
import { LiveBoard } from './ops/live.svelte.ts';

/** The signed-in operator's view of the mall. */
export class Panel {
  me = $state<Me | null>(null);
  checked = $state(false);
  /** The hub has no mall yet: the panel shows the first-run set-up instead of the sign-in. */
  setupNeeded = $state(false);
  mall = $state<MallInfo | null>(null);
  /** Dates and numbers in the mall's locale on the mall's clock (British English until it is known). */
  readonly local = $derived(new LocalFormat(this.mall?.locale ?? 'en-GB', this.mall?.timezone));
  devices = $state<Device[]>([]);
  presence = $state<PresenceUpdate | null>(null);
  /** Why the panel went back to the sign-in form without the person asking, if it did. */
  signedOutReason = $state<string | null>(null);
  /** Screens, kiosks, totals and segment counts, pushed by the hub. */
  readonly live = new LiveBoard(() => void this.refreshDevices().catch(() => undefined));
  #socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;

  async restore(): Promise<void> {
    try {
      this.setupNeeded = (await api<SetupStatus>('/api/setup')).needed;
      if (this.setupNeeded) return;
      this.me = await api<Me>('/api/auth/me');
      await this.#load();
    } catch {
      this.me = null;
    } finally {
      this.checked = true;
    }
  }

  async login(username: string, password: string): Promise<void> {
    this.me = await api<Me>('/api/auth/login', { username, password });
    this.signedOutReason = null;
    await this.#load();
  }

  async logout(): Promise<void> {
    await api('/api/auth/logout', {});
    this.#signedOut(null);
  }

  /** Asks the hub who we are; a 401 (session ended elsewhere) shows the sign-in form again. */
  async #checkSignedIn(): Promise<void> {
    try {
      this.me = await api<Me>('/api/auth/me');
    } catch (e) {
      if (e instanceof ApiProblem && e.status === 401) this.#signedOut('You were signed out: your session ended (it expired, or an operator disabled, removed or changed your account).');
    }
  }

  #signedOut(reason: string | null): void {
    this.#socket?.close();
    this.#socket = null;
    this.live.stop();
    this.me = null;
    this.signedOutReason = reason;
  }

  async pair(code: string, name: string, zoneId: string): Promise<Device> {
    const device = await api<Device>('/api/devices/pair', { code, name, zoneId });
    await this.refreshDevices();
    return device;
  }

  async revoke(id: string): Promise<void> {
    await api(`/api/devices/${encodeURIComponent(id)}/revoke`, {});
    await this.refreshDevices();
  }

  /** After an edit of the mall's name or lists: every tab names zones and shops from this. */
  async refreshMall(): Promise<void> {
    this.mall = await api<MallInfo>('/api/mall');
  }

  async refreshDevices(): Promise<void> {
    this.devices = await api<Device[]>('/api/devices');
  }

  /** Tries the socket again in a few seconds, while it is still this panel's and someone is signed in. */
  #retry(socket: Socket<ServerToClientEvents, ClientToServerEvents>): void {
    setTimeout(() => this.#socket === socket && this.me && !socket.connected && socket.connect(), 3000);
  }

  async #load(): Promise<void> {
    const role = this.me?.role;
    if (!role) return;
    // Every role reads the mall: staff for its lists, a shop for its own name in the header.
    this.mall = await api<MallInfo>('/api/mall');
    if (role !== 'operator' && role !== 'editor') return;
    this.#socket?.close();
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({ transports: ['websocket'] });
    // The hub ends a disabled or deleted user's socket: the panel then finds it is signed out.
    socket.on('disconnect', (reason) => reason === 'io server disconnect' && this.#socket === socket && void this.#checkSignedIn().then(() => this.#retry(socket)));
    // A refused handshake is not retried by socket.io itself (socket.active is false): without
    // this the board stayed "paused" until a reload, though the next try would be let in.
    socket.on('connect_error', () => !socket.active && this.#retry(socket));
    socket.on('presence:update', (u) => (this.presence = u));
    if (role === 'editor') {
      // A content editor's socket carries live counts only (no devices, no board).
      socket.on('connect', () => socket.emit('presence:get', {}, (ack) => ack.ok && (this.presence = ack.data)));
      this.#socket = socket;
      return;
    }
    await this.refreshDevices();
    socket.on('ops:update', (u) => this.live.apply(u));
    socket.on('connect', () => {
      this.live.socketUp();
      socket.emit('presence:get', {}, (ack) => ack.ok && (this.presence = ack.data));
      socket.emit('ops:get', {}, (ack) => ack.ok && this.live.apply(ack.data));
    });
    // Down (or refused): the board falls back to a slow HTTP refresh until the socket is back.
    socket.on('disconnect', () => this.#socket === socket && this.live.socketDown());
    socket.on('connect_error', () => this.#socket === socket && this.live.socketDown());
    this.#socket = socket;
    void this.live.refresh();
  }
}

export { ApiProblem };
