import type { Me } from '#shared/schemas/auth.ts';
import type { TillOffer, TillScanResult } from '#shared/schemas/tenants.ts';
import { api, ApiProblem } from '#server/panel/src/api.ts';
import { passIdFrom } from './pass-code.ts';

export type TillMessage = { kind: 'ok' | 'info' | 'error'; text: string };

/** The till: who is signed in, and what the last scan did. It never learns who the shopper is. */
export class Till {
  me = $state<Me | null>(null);
  checked = $state(false);
  message = $state<TillMessage | null>(null);
  offers = $state<TillOffer[]>([]);
  /** The offer to redeem with the next scan; cleared after it is redeemed. */
  offerId = $state('');
  #last: { passId: string; at: number } | null = null;

  async restore(): Promise<void> {
    try {
      const me = await api<Me>('/api/auth/me');
      this.me = me.role === 'tenant' ? me : null;
      if (this.me) await this.loadOffers();
    } catch {
      this.me = null;
    } finally {
      this.checked = true;
    }
  }

  async login(username: string, password: string): Promise<void> {
    const me = await api<Me>('/api/auth/login', { username, password });
    if (me.role !== 'tenant') {
      await api('/api/auth/logout', {});
      throw new Error('The till is for shop accounts.');
    }
    this.me = me;
    await this.loadOffers();
  }

  async loadOffers(): Promise<void> {
    this.offers = await api<TillOffer[]>('/api/till/offers');
  }

  /** One read from the camera or a USB scanner. The same pass read again within 3 s is one scan. */
  async scanned(text: string): Promise<void> {
    const passId = passIdFrom(text);
    if (!passId) {
      this.message = { kind: 'error', text: 'That is not a mall pass.' };
      return;
    }
    const now = Date.now();
    if (this.#last && this.#last.passId === passId && now - this.#last.at < 3000) return;
    this.#last = { passId, at: now };
    try {
      const offer = this.offerId;
      const result = await api<TillScanResult>('/api/till/visits', { visitId: crypto.randomUUID(), passId, ...(offer ? { promotionId: offer } : {}) });
      if (result.redeemed) {
        this.message = { kind: 'ok', text: 'Offer redeemed' };
        this.offerId = '';
      } else {
        this.message = result.recorded ? { kind: 'ok', text: 'Visit recorded' } : { kind: 'info', text: 'Already recorded' };
      }
    } catch (e) {
      this.message = {
        kind: 'error',
        text: e instanceof ApiProblem ? (e.status === 404 ? 'Pass not recognised.' : e.message) : 'The hub could not be reached.',
      };
    }
  }
}
