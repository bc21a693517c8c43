import type { ShopperRecord } from '#server/storage/records.ts';
import type { DomainBus } from '../core/bus.ts';
import type { Webhooks } from './webhooks.ts';

/**
 * What a shopper looks like in a webhook: a stable pseudonym, and personal fields only for the
 * purposes they granted (email with marketing_email, phone with marketing_sms).
 */
export function shopperForWebhook(s: ShopperRecord | undefined, ref: string): Record<string, unknown> {
  if (!s) return { ref };
  const email = s.consent.marketing_email && s.email;
  const phone = s.consent.marketing_sms && s.phone;
  return {
    ref,
    language: s.language,
    ...(email || phone ? { firstName: s.firstName } : {}),
    ...(email ? { email: s.email } : {}),
    ...(phone ? { phone: s.phone } : {}),
  };
}

/** Turns domain events into webhook deliveries. */
export function feedWebhooks(bus: DomainBus, webhooks: Webhooks, shopperOf: (id: string) => ShopperRecord | undefined, refOf: (id: string) => string): () => void {
  const onVisit = (e: { shopperId: string; zoneId: string; at: string; touchpoint: string }) =>
    void webhooks.dispatch('visit.checked_in', { zoneId: e.zoneId, at: e.at, touchpoint: e.touchpoint, shopper: shopperForWebhook(shopperOf(e.shopperId), refOf(e.shopperId)) });
  const onEnrol = (e: { shopperId: string; zoneId: string; at: string }) =>
    void webhooks.dispatch('shopper.enrolled', { zoneId: e.zoneId, at: e.at, shopper: shopperForWebhook(shopperOf(e.shopperId), refOf(e.shopperId)) });
  const onConsent = (e: { shopperId: string }) => {
    const s = shopperOf(e.shopperId);
    void webhooks.dispatch('consent.changed', { at: new Date().toISOString(), consents: s ? { ...s.consent } : null, shopper: shopperForWebhook(s, refOf(e.shopperId)) });
  };
  const onRedeemed = (e: { shopperId: string; promotionId: string; tenantId: string; at: string }) =>
    void webhooks.dispatch('promotion.redeemed', { at: e.at, promotionId: e.promotionId, tenantId: e.tenantId, shopper: shopperForWebhook(shopperOf(e.shopperId), refOf(e.shopperId)) });
  bus.on('promotion.redeemed', onRedeemed);
  bus.on('visit.checked_in', onVisit);
  bus.on('shopper.enrolled', onEnrol);
  bus.on('consent.changed', onConsent);
  return () => {
    bus.off('promotion.redeemed', onRedeemed);
    bus.off('visit.checked_in', onVisit);
    bus.off('shopper.enrolled', onEnrol);
    bus.off('consent.changed', onConsent);
  };
}
