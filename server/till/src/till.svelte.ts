import type { Me } from '../../../shared/schemas/auth.ts';
import type { TillScanResult } from '../../../shared/schemas/tenants.ts';
import { api, ApiProblem } from '../../panel/src/api.ts';
import { passIdFrom } from './pass-code.ts';

export type TillMessage = { kind: 'ok' | 'info' | 'error'; text: string };

/** The till: who is signed in, and what the last scan did. It never learns who the shopper is. */
export class Till {
  me = $state<Me | null>(null);
  checked = $state(false);
  message = $state<TillMessage | null>(null);
  #last: { passId: string; at: number } | null = null;

  async restore(): Promise<void> {
    try {
      const me = await api<Me>('/api/auth/me');
      this.me = me.role === 'tenant' ? me : null;
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
      const result = await api<TillScanResult>('/api/till/visits', { visitId: crypto.randomUUID(), passId });
      this.message = result.recorded ? { kind: 'ok', text: 'Visit recorded' } : { kind: 'info', text: 'Already recorded' };
    } catch (e) {
      this.message = {
        kind: 'error',
        text: e instanceof ApiProblem ? (e.status === 404 ? 'Pass not recognised.' : e.message) : 'The hub could not be reached.',
      };
    }
  }
}
