import type { HubConfig } from './config.ts';
import { Accounts } from './domain/accounts.ts';
import { DomainBus } from './domain/bus.ts';
import { Devices } from './domain/devices.ts';
import { Mall } from './domain/mall.ts';
import { Playlists } from './domain/playlists.ts';
import { Presence } from './domain/presence.ts';
import { ProofOfPlay } from './domain/proof-of-play.ts';
import { Promotions } from './domain/promotions.ts';
import { ScreenHealth } from './domain/screen-health.ts';
import { followConsent, segmentKeys } from './domain/segments.ts';
import { Shoppers } from './domain/shoppers.ts';
import type { CustomSegment } from '../shared/schemas/segments.ts';
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
  promotions: Promotions;
  playlists: Playlists;
  screenHealth: ScreenHealth;
  proofOfPlay: ProofOfPlay;
  startedAt: Date;
}

/**
 * Only shoppers who granted `analytics` are counted: `all` (the headcount) and each segment they
 * are in. Time-based segments are judged at check-in and hold for that stay.
 */
export function countKeys(shopper: ShopperRecord, now = Date.now(), custom: readonly CustomSegment[] = []): string[] {
  return segmentKeys(shopper, now, custom);
}

export async function createServices(config: HubConfig, store: MallStore, secret: Buffer): Promise<Services> {
  const bus = new DomainBus();
  const mall = new Mall(store.mall);
  const presence = new Presence(config.presenceMinutes * 60_000, bus);
  const devices = new Devices(store.devices, bus, {
    pairingCodeMinutes: config.pairingCodeMinutes,
    zoneExists: (z) => mall.zoneExists(z),
  });
  const promotions = new Promotions(store.signage, mall, bus, (id) => devices.get(id)?.kind === 'screen');
  const keysOf = (s: ShopperRecord) => countKeys(s, Date.now(), promotions.customSegments);
  const shoppers = new Shoppers(mall, store, secret, presence, bus, keysOf);
  followConsent(bus, (id) => shoppers.get(id), presence, keysOf);
  // A new custom segment counts the shoppers already here, not only those who check in next.
  bus.on('segments.changed', () =>
    presence.rekeyAll((id) => {
      const s = shoppers.get(id);
      return s ? keysOf(s) : null;
    }),
  );
  await shoppers.recover(config.presenceMinutes * 60_000);
  presence.start();
  return {
    config,
    bus,
    mall,
    accounts: new Accounts(store.accounts),
    devices,
    presence,
    shoppers,
    promotions,
    playlists: new Playlists(mall, () => devices.list(), promotions, presence, config.k),
    screenHealth: new ScreenHealth(store.signage),
    proofOfPlay: new ProofOfPlay(store.proofOfPlay, (id) => !!promotions.get(id)),
    startedAt: new Date(),
  };
}
