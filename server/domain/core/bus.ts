import { EventEmitter } from 'node:events';
import type { TapResult } from '#shared/schemas/shoppers.ts';
import type { ReaderNotice } from '#shared/schemas/pass.ts';
import type { DeviceRecord } from '#server/storage/records.ts';

/**
 * What happened in the mall, for whoever listens (the realtime layer, webhooks). Domain modules
 * emit here instead of knowing who is connected.
 */
export interface DomainEvents {
  /**
   * A visit recorded: a new mall visit (`mallVisit`), or an arrival in another zone or at another
   * touchpoint during one. `position`: its index in its UTC day's visit log, which names it for
   * the loyalty followers' applied record (domain/rewards/applied-visits.ts).
   */
  'visit.checked_in': [{ visitId: string; shopperId: string; zoneId: string; at: string; touchpoint: string; mallVisit: boolean; position: number }];
  'shopper.enrolled': [{ shopperId: string; zoneId: string; at: string }];
  'consent.changed': [{ shopperId: string }];
  'kiosk.tapped': [{ kioskId: string; result: TapResult }];
  /** A reader bridge says a card is being read at this kiosk, or that the read failed. */
  'kiosk.reader': [{ kioskId: string; notice: ReaderNotice }];
  'join.completed': [{ nonce: string; kioskId: string; shopperId: string }];
  /**
   * A post-visit feedback message is due (domain/rewards/feedback.ts): each channel (email, SMS)
   * sends it to the shopper if they granted that channel. `token` goes in the one-tap link
   * `<public URL>/pass/<shopperId>?feedback=<token>&score=<0..10>`.
   */
  'feedback.due': [{ shopperId: string; token: string; visitAt: string; zoneId: string }];
  'promotion.redeemed': [{ shopperId: string; promotionId: string; tenantId: string; at: string }];
  'presence.changed': [];
  'device.paired': [{ pairingId: string; token: string; device: DeviceRecord }];
  'device.revoked': [{ deviceId: string }];
  /** Sign-in sessions that ended (logout, password reset, user disabled, deleted or re-roled): their sockets close. */
  'sessions.ended': [{ idHashes: string[] }];
  'promotions.changed': [];
  'segments.changed': [];
  'screen.reload_requested': [{ screenId: string; reason: string }];
  'device.updated': [{ device: DeviceRecord; previousZoneId: string }];
  'screen.identify_requested': [{ screenId: string; name: string }];
  'tenant.closed': [{ tenantId: string }];
  /** What kiosks and screens show of the mall changed: its name, brand, lists or settings. */
  'mall.changed': [];
}

export class DomainBus extends EventEmitter<DomainEvents> {}
