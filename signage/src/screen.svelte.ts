import { DeviceLink, type DeviceSocket } from '../../shared/client/device-link.svelte.ts';
import type { PresenceUpdate } from '../../shared/schemas/presence.ts';

/** What a signage screen shows: its pairing code, or live content for its zone. */
export class Screen {
  presence = $state<PresenceUpdate | null>(null);
  readonly link: DeviceLink;

  constructor() {
    this.link = new DeviceLink('screen', (socket: DeviceSocket) => {
      socket.on('presence:update', (u) => (this.presence = u));
      socket.on('connect', () => {
        socket.emit('presence:get', {}, (ack) => {
          if (ack.ok) this.presence = ack.data;
        });
      });
    });
  }
}
