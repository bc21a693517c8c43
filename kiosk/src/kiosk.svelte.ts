import { DeviceLink, type DeviceSocket } from '../../shared/client/device-link.svelte.ts';
import { CONSENT_TEXT_VERSION } from '../../shared/consent-texts.ts';
import type { ConsentChoices, ShopperGreeting, TapResult } from '../../shared/schemas/shoppers.ts';

export type KioskScreen = 'attract' | 'consent' | 'welcome' | 'unreadable' | 'busy';

/** Everything the kiosk shows; reset() wipes every trace of the last shopper. */
export class Kiosk {
  screen = $state<KioskScreen>('attract');
  greeting = $state<ShopperGreeting | null>(null);
  enrolTicket = $state<string | null>(null);
  consents = $state<ConsentChoices>({ analytics: false, marketing_email: false, marketing_sms: false });
  firstName = $state('');
  message = $state<string | null>(null);
  present = $state<number | null>(null);
  readonly link: DeviceLink;

  constructor() {
    this.link = new DeviceLink('kiosk', (socket: DeviceSocket) => {
      socket.on('presence:update', (u) => (this.present = u.present));
    });
  }

  reset(): void {
    this.screen = 'attract';
    this.greeting = null;
    this.enrolTicket = null;
    this.consents = { analytics: false, marketing_email: false, marketing_sms: false };
    this.firstName = '';
    this.message = null;
  }

  async tap(card: string): Promise<void> {
    if (this.link.state !== 'online') return;
    this.screen = 'busy';
    const ack = await this.link.call<TapResult>('checkin:tap', { visitId: crypto.randomUUID(), card });
    if (!ack.ok) {
      this.screen = 'unreadable';
      this.message = ack.error;
      return;
    }
    if (ack.data.status === 'unknown') {
      this.reset();
      this.enrolTicket = ack.data.enrolTicket;
      this.screen = 'consent';
    } else {
      this.greeting = ack.data.shopper;
      this.screen = 'welcome';
    }
  }

  async join(): Promise<void> {
    if (!this.enrolTicket) return;
    const ack = await this.link.call<ShopperGreeting>('shopper:enrol', {
      enrolTicket: this.enrolTicket,
      visitId: crypto.randomUUID(),
      language: 'en',
      consentTextVersion: CONSENT_TEXT_VERSION,
      membership: true,
      consents: $state.snapshot(this.consents),
      ...(this.firstName.trim() ? { firstName: this.firstName.trim() } : {}),
    });
    this.enrolTicket = null;
    if (!ack.ok) {
      this.screen = 'unreadable';
      this.message = ack.error;
      return;
    }
    this.greeting = ack.data;
    this.screen = 'welcome';
  }
}
