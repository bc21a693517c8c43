import { DomainError } from '../domain/core/errors.ts';
import type { Logger } from '../logger.ts';
import type { Services } from '../services.ts';
import { toDevice } from '#server/domain/devices/wire.ts';
import type { Peer } from './peer.ts';

/**
 * An unpaired device's socket: it is shown a code, a new one when the old expires, until an
 * operator claims it; then it receives its token and its socket is closed so it reconnects as itself.
 */
export async function offerPairing(socket: Peer, services: Services, logger: Logger): Promise<void> {
  const kind = socket.data.pairingKind!;
  const address = socket.address;
  let timer: NodeJS.Timeout | undefined;

  const onPaired = ({ pairingId, token, device }: { pairingId: string; token: string; device: import('../storage/records.ts').DeviceRecord }) => {
    if (pairingId !== socket.data.pairingId) return;
    socket.emit('pairing:done', { token, device: toDevice(device, false) });
    cleanup();
    setTimeout(() => socket.disconnect(), 200);
  };

  const cleanup = () => {
    clearTimeout(timer);
    services.bus.off('device.paired', onPaired);
    if (socket.data.pairingId) services.devices.withdraw(socket.data.pairingId);
  };

  const next = async () => {
    try {
      if (socket.data.pairingId) services.devices.withdraw(socket.data.pairingId);
      const offer = await services.devices.offer(kind, address);
      socket.data.pairingId = offer.pairingId;
      socket.emit('pairing:offer', { code: offer.code, expiresAt: offer.expiresAt.toISOString() });
      timer = setTimeout(() => void next(), offer.expiresAt.getTime() - Date.now());
      timer.unref();
    } catch (e) {
      if (!(e instanceof DomainError)) logger.error({ err: e }, 'pairing offer failed');
      cleanup();
      socket.disconnect();
    }
  };

  services.bus.on('device.paired', onPaired);
  socket.onGone(cleanup);
  await next();
}
