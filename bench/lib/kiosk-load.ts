import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { SCREEN_UPDATE_EVENT, updateKey } from './events.ts';
import type { ProvisionedDevice } from './provision.ts';
import { now } from './stats.ts';

export interface CheckinSample {
  sent: number;
  acked: number | null;
  ok: boolean;
  error?: string;
  /** The zone of the kiosk it was made at: the zone whose count it changes. */
  zoneId: string;
  /** The first screen update the hub sent after acknowledging this check-in: the one that carries it. */
  updateKey?: string;
}

/**
 * Paired kiosk sockets sending `checkin:tap` at a steady rate, as card readers would. Kiosks get
 * the same count pushes as screens, on the same connection as their acks and in order; so the
 * first push a kiosk receives after an ack was sent after that check-in was counted, and names
 * the broadcast whose arrival at the screens ends the check-in's fan-out.
 */
export class KioskLoad {
  #sockets: { socket: Socket; waiting: CheckinSample[] }[] = [];

  constructor(
    private readonly url: string,
    private readonly kiosks: readonly ProvisionedDevice[],
  ) {}

  async connect(): Promise<void> {
    this.#sockets = await Promise.all(
      this.kiosks.map(
        (k) =>
          new Promise<{ socket: Socket; waiting: CheckinSample[] }>((resolve, reject) => {
            const socket = io(this.url, { auth: { token: k.token }, forceNew: true, transports: ['websocket'], reconnection: false });
            const entry = { socket, waiting: [] as CheckinSample[] };
            socket.on(SCREEN_UPDATE_EVENT, (payload: unknown) => {
              const key = updateKey(payload);
              for (const s of entry.waiting) s.updateKey = key;
              entry.waiting = [];
            });
            socket.once('connect', () => resolve(entry));
            socket.once('connect_error', reject);
          }),
      ),
    );
  }

  /** One check-in; resolves with its sample once acked (or after 10 s). */
  tap(card: string, k = 0): Promise<CheckinSample> {
    const entry = this.#sockets[k % this.#sockets.length];
    const sample: CheckinSample = { sent: now(), acked: null, ok: false, zoneId: this.kiosks[k % this.kiosks.length].zoneId };
    return new Promise((resolve) => {
      entry.socket.timeout(10_000).emit('checkin:tap', { visitId: randomUUID(), card }, (err: Error | null, ack: { ok: boolean; error?: string }) => {
        if (err) sample.error = 'no ack within 10 s';
        else {
          sample.acked = now();
          sample.ok = ack.ok;
          if (!ack.ok) sample.error = ack.error;
          else entry.waiting.push(sample);
        }
        resolve(sample);
      });
    });
  }

  /** `rate` check-ins a second for `seconds`, spread over the kiosks, paced by the clock. */
  async run(rate: number, seconds: number, card: () => string): Promise<CheckinSample[]> {
    const total = Math.round(rate * seconds);
    const interval = 1000 / rate;
    const t0 = now();
    const pending: Promise<CheckinSample>[] = [];
    for (let i = 0; i < total; i++) {
      const wait = t0 + i * interval - now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      pending.push(this.tap(card(), i));
    }
    const samples = await Promise.all(pending);
    // Give the last tick's broadcast time to arrive before the caller reads update keys.
    await new Promise((r) => setTimeout(r, 1000));
    return samples;
  }

  close(): void {
    for (const { socket } of this.#sockets) socket.close();
    this.#sockets = [];
  }
}
