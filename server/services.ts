import type { HubConfig } from './config.ts';
import { Accounts } from './domain/accounts.ts';
import { DomainBus } from './domain/bus.ts';
import { Devices } from './domain/devices.ts';
import { Mall } from './domain/mall.ts';
import { OfflineSeal } from './domain/offline-seal.ts';
import { Presence } from './domain/presence.ts';
import { Shoppers } from './domain/shoppers.ts';
import type { MallStore } from './storage/mall-store.ts';
import type { ShopperRecord } from './storage/records.ts';

/** The domain modules of one hub, wired to its storage. Transport gets this and nothing lower. */
export interface Services {
  config: HubConfig;
  bus: DomainBus;
  mall: Mall;
  accounts: Accounts;
  devices: Devices;
  presence: Presence;
  shoppers: Shoppers;
  /** Opens card taps a kiosk sealed while offline. */
  offlineSeal: OfflineSeal;
  startedAt: Date;
}

/** Only shoppers who granted `analytics` are counted; `all` is the headcount key. */
export function countKeys(shopper: ShopperRecord): string[] {
  return shopper.consent.analytics ? ['all'] : [];
}

export async function createServices(config: HubConfig, store: MallStore, secret: Buffer, sealFile?: string): Promise<Services> {
  const bus = new DomainBus();
  const mall = new Mall(store.mall);
  const presence = new Presence(config.presenceMinutes * 60_000, bus);
  const shoppers = new Shoppers(mall, store, secret, presence, bus, countKeys);
  await shoppers.recover(config.presenceMinutes * 60_000);
  presence.start();
  return {
    config,
    bus,
    mall,
    accounts: new Accounts(store.accounts),
    devices: new Devices(store.devices, bus, {
      pairingCodeMinutes: config.pairingCodeMinutes,
      zoneExists: (z) => mall.zoneExists(z),
    }),
    presence,
    shoppers,
    offlineSeal: new OfflineSeal(sealFile ?? `${store.dir}.offline-key.pem`),
    startedAt: new Date(),
  };
}
