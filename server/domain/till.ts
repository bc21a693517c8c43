import type { Mall } from './mall.ts';
import { notFound } from './errors.ts';
import type { Presence } from './presence.ts';
import type { Shoppers } from './shoppers.ts';
import type { StoreVisits } from './store-visits.ts';

/**
 * A shop's till scanner: a pass scanned at the till is a visit to that shop. The till learns
 * nothing about the shopper but that the visit was recorded.
 */
export class Till {
  constructor(
    private readonly mall: Mall,
    private readonly shoppers: Shoppers,
    private readonly presence: Presence,
    private readonly storeVisits: StoreVisits,
  ) {}

  async scan(tenantId: string, input: { passId: string; visitId: string; at?: string }): Promise<{ recorded: boolean }> {
    const tenant = this.mall.record.tenants.find((t) => t.id === tenantId);
    if (!tenant) throw notFound('no such shop', 'tenantId');
    const shopper = this.shoppers.get(input.passId);
    if (!shopper) throw notFound('no pass with that id', 'passId');
    // Where they were before walking in: their last check-in, if it is still recent.
    const priorZone = this.presence.zoneOf(shopper.id);
    const result = await this.shoppers.checkIn(shopper.id, input.visitId, input.at, { id: `till:${tenantId}`, zoneId: tenant.zoneId });
    const recorded = result.status === 'welcome' && !result.duplicate;
    if (recorded && shopper.consent.analytics) {
      await this.storeVisits.record(tenantId, shopper.id, input.at ? new Date(input.at) : new Date(), priorZone);
    }
    return { recorded };
  }
}
