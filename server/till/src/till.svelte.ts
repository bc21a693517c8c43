import type { Me } from '#shared/schemas/auth.ts';
import type { TillOffer, TillScanResult } from '#shared/schemas/tenants.ts';
import type { RewardRedeemResult, TillReward } from '#shared/schemas/rewards.ts';
import { api, ApiProblem } from '#server/panel/src/api.ts';
import { deviceMallFrom, type DeviceMall } from '#shared/client/mall-look.ts';
import { applyBrand } from '#shared/ui/theme.ts';
import { passIdFrom } from './pass-code.ts';

export type TillMessage = { kind: 'ok' | 'info' | 'error'; text: string };

/** The till: who is signed in, and what the last scan did. It never learns who the shopper is. */
export class Till {
  me = $state<Me | null>(null);
  checked = $state(false);
  message = $state<TillMessage | null>(null);
  offers = $state<TillOffer[]>([]);
  /** The mall's name and colours (the till wears the mall's brand), and the shop signed in. */
  mall = $state<DeviceMall | null>(null);
  shopName = $state<string | null>(null);
  /** The offer to redeem with the next scan; cleared after that scan, redeemed or refused, so it never carries over to the next shopper. */
  offerId = $state('');
  rewards = $state<TillReward[]>([]);
  /** The reward to redeem with the next scan: `<reward id>` for a stamp card, `<reward id>:<item id>` for a points item. Cleared after that scan. */
  rewardChoice = $state('');
  #last: { passId: string; offerId: string; at: number } | null = null;

  async restore(): Promise<void> {
    try {
      const me = await api<Me>('/api/auth/me');
      this.me = me.role === 'tenant' ? me : null;
      if (this.me) await Promise.all([this.loadOffers(), this.loadMall()]);
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
    await Promise.all([this.loadOffers(), this.loadMall()]);
  }

  /**
   * Ends the shop's session (a till is a shared PC at the counter): back to the sign-in form, with
   * nothing of the last scan or choice left on screen.
   */
  async logout(): Promise<void> {
    await api('/api/auth/logout', {}).catch(() => undefined);
    this.me = null;
    this.shopName = null;
    this.message = null;
    this.offers = [];
    this.rewards = [];
    this.offerId = '';
    this.rewardChoice = '';
    this.#last = null;
  }

  /** The mall as the hub describes it: its brand colours go on the page, the shop's name in the header. */
  async loadMall(): Promise<void> {
    const raw = await api<{ tenants?: { id: string; name: string }[] }>('/api/mall');
    this.mall = deviceMallFrom(raw);
    applyBrand(this.mall?.brand);
    this.shopName = raw.tenants?.find((t) => t.id === this.me?.tenantId)?.name ?? null;
  }

  async loadOffers(): Promise<void> {
    [this.offers, this.rewards] = await Promise.all([api<TillOffer[]>('/api/till/offers'), api<TillReward[]>('/api/till/rewards')]);
  }

  /**
   * One read from the camera or a USB scanner. Each scan gets its own answer on screen. The same
   * pass read again within 3 s with nothing new asked is not sent again: from the scanner (a
   * deliberate second scan) the till says so; from the camera it is the same code still in view,
   * whose answer is already on screen. With an offer now chosen, it is sent.
   */
  async scanned(text: string, from: 'scanner' | 'camera' = 'scanner'): Promise<void> {
    const passId = passIdFrom(text);
    if (!passId) {
      this.message = { kind: 'error', text: 'That is not a mall pass.' };
      return;
    }
    const now = Date.now();
    const offer = this.offerId;
    const reward = this.rewardChoice;
    if (this.#last && this.#last.passId === passId && !offer && !reward && now - this.#last.at < 3000) {
      if (from === 'camera') this.#last.at = now; // still in view: one scan for as long as it stays
      else this.message = { kind: 'info', text: 'Scanned again: already counted as a visit.' };
      return;
    }
    this.#last = { passId, offerId: offer, at: now };
    // The chosen offer goes with this scan only.
    this.offerId = '';
    this.rewardChoice = '';
    try {
      const result = await api<TillScanResult>('/api/till/visits', { visitId: crypto.randomUUID(), passId, ...(offer ? { promotionId: offer } : {}) });
      this.message = answer(result);
      if (reward) this.message = await this.#redeem(passId, reward, this.message);
    } catch (e) {
      this.message = {
        kind: 'error',
        text: e instanceof ApiProblem ? (e.status === 404 ? 'Pass not recognised.' : e.message) : 'The hub could not be reached.',
      };
    }
  }

  /** Redeems the chosen reward for the pass just scanned; its answer follows the visit's. A redemption id of its own makes a retry harmless. */
  async #redeem(passId: string, choice: string, visit: TillMessage): Promise<TillMessage> {
    try {
      const r = await api<RewardRedeemResult>('/api/till/rewards/redeem', { redemptionId: crypto.randomUUID(), passId, ...rewardChoiceOf(choice) });
      return { kind: 'ok', text: `${visit.text} Reward redeemed: ${r.item ?? r.reward}.` };
    } catch (e) {
      // The hub's answer is already a sentence ("This pass has no … ready to redeem.").
      const why = e instanceof ApiProblem ? e.message : 'The hub could not be reached.';
      return { kind: 'error', text: `${visit.text} Reward not redeemed. ${why}` };
    }
  }
}

export interface TillRewardChoice {
  rewardId: string;
  itemId?: string;
}

/** Reads the reward select's value (`<reward id>` or `<reward id>:<item id>`). */
export const rewardChoiceOf = (value: string): TillRewardChoice => {
  const [rewardId = '', itemId] = value.split(':');
  return itemId ? { rewardId, itemId } : { rewardId };
};

/** What the till says about one scan: the visit, then the offer, in plain words. */
export function answer(r: TillScanResult): TillMessage {
  const visit = r.recorded ? 'Visit recorded.' : 'Already counted as a visit.';
  if (r.redeemed) return { kind: 'ok', text: `${visit} Offer redeemed.` };
  if (r.refused) {
    const offer = `Offer not redeemed: ${r.refused}.`;
    return { kind: 'error', text: r.recorded ? `${visit} ${offer}` : `${offer} ${visit}` };
  }
  return { kind: r.recorded ? 'ok' : 'info', text: visit };
}
