import { DomainError } from '../domain/core/errors.ts';
import type { Logger } from '../logger.ts';
import type { Services } from '../services.ts';
import type { DeviceRecord } from '../storage/records.ts';
import { toDevice } from '#server/domain/devices/wire.ts';
import type { Peer } from './peer.ts';

type Paired = { pairingId: string; token: string; device: DeviceRecord };

/**
 * Unpaired devices' sockets: each is shown a code, a new one when the old expires, until an
 * operator claims it; then it receives its token and its socket is closed so it reconnects as itself.
 *
 * One `device.paired` listener serves every waiting socket, found by its current pairing id: a
 * listener per socket would pile up on the bus with every screen waiting to be paired (a new
 * mall's wall of 30 screens switched on at once) and trip Node's MaxListenersExceededWarning.
 */
export class PairingOffers {
  /** The waiting sockets by the pairing id of the code they show now. */
  readonly #waiting = new Map<string, Peer>();
  readonly #onPaired = ({ pairingId, token, device }: Paired) => {
    const socket = this.#waiting.get(pairingId);
    if (!socket) return;
    socket.emit('pairing:done', { token, device: toDevice(device, false) });
    this.#end(socket);
    setTimeout(() => socket.disconnect(), 200);
  };
  readonly #timers = new Map<Peer, NodeJS.Timeout>();

  constructor(
    private readonly services: Services,
    private readonly logger: Logger,
  ) {
    services.bus.on('device.paired', this.#onPaired);
  }

  /** Shows `socket` (admitted with `pairingKind`) a code, and a fresh one each time it expires. */
  async offer(socket: Peer): Promise<void> {
    socket.onGone(() => this.#end(socket));
    await this.#next(socket);
  }

  stop(): void {
    this.services.bus.off('device.paired', this.#onPaired);
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    this.#waiting.clear();
  }

  async #next(socket: Peer): Promise<void> {
    try {
      this.#forget(socket);
      const offer = await this.services.devices.offer(socket.data.pairingKind!, socket.address);
      socket.data.pairingId = offer.pairingId;
      this.#waiting.set(offer.pairingId, socket);
      socket.emit('pairing:offer', { code: offer.code, expiresAt: offer.expiresAt.toISOString() });
      const timer = setTimeout(() => void this.#next(socket), offer.expiresAt.getTime() - Date.now());
      timer.unref();
      this.#timers.set(socket, timer);
    } catch (e) {
      if (!(e instanceof DomainError)) this.logger.error({ err: e }, 'pairing offer failed');
      this.#end(socket);
      socket.disconnect();
    }
  }

  /** Drops the socket's current offer (its code stops working) and its wait. */
  #forget(socket: Peer): void {
    const pairingId = socket.data.pairingId;
    if (!pairingId) return;
    this.#waiting.delete(pairingId);
    this.services.devices.withdraw(pairingId);
  }

  #end(socket: Peer): void {
    clearTimeout(this.#timers.get(socket));
    this.#timers.delete(socket);
    this.#forget(socket);
  }
}
