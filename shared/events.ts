/**
 * The one Socket.io contract. Hub and every browser app bind these maps; payload types come from
 * the zod schemas so the check and the type cannot drift. Events are named `noun:verb`.
 */
import type { ScreenCacheReport, VideoStalled } from './schemas/media.ts';
import type { AckFn } from './schemas/common.ts';
import type { KioskFeedback } from './schemas/feedback.ts';
import type { PairingDone, PairingOffer, DeviceHello, MallHoursNow, ScreenIdentify } from './schemas/devices.ts';
import type { KioskStatusReport, OpsUpdate } from './schemas/ops.ts';
import type { PresenceUpdate, ZoneCountUpdate } from './schemas/presence.ts';
import type { Playlist, PlaylistLines } from './schemas/promotions.ts';
import type { ImpressionBatch, ImpressionReceipt, ScreenHeartbeat, ScreenReload, ScreenRendered } from './schemas/screens.ts';
import type { JoinDone, JoinLink, JoinStart, ReaderNotice, SealedTap } from './schemas/pass.ts';
import type { CardTap, EnrolBody, PassScan, ShopperGreeting, TapResult } from './schemas/shoppers.ts';

export interface ServerToClientEvents extends SignageServerToClientEvents {
  'pairing:offer': (offer: PairingOffer) => void;
  'pairing:done': (done: PairingDone) => void;
  'device:hello': (device: DeviceHello) => void;
  /** Kiosks: the mall opened or closed (on the hub's clock); closed, check-in and joining are refused. */
  'mall:hours': (hours: MallHoursNow) => void;
  'device:revoked': () => void;
  /** Kiosks and screens: the mall's name, brand, lists or settings changed; read GET /api/mall again. */
  'mall:changed': () => void;
  /** Kiosks, operators and content editors: the mall-wide and per-zone live counts. */
  'presence:update': (update: PresenceUpdate) => void;
  /** Screens: their own zone's live count, only when it changed (see ZoneCountUpdate). */
  'zone-count:update': (update: ZoneCountUpdate) => void;
  /** A reader bridge tapped a card for this kiosk: show this result as if it had been typed here. */
  'kiosk:tap': (result: TapResult) => void;
  /** A reader bridge has a card on the reader (`reading`: say "One moment…") or could not read it (`retry`). */
  'kiosk:reader': (notice: ReaderNotice) => void;
  /** The shopper finished joining on their phone from this kiosk's link. */
  'join:done': (done: JoinDone) => void;
  /** Operators only: the live board of screens, kiosks, totals and segment counts, once per tick at most. */
  'ops:update': (update: OpsUpdate) => void;
}

export interface ClientToServerEvents extends SignageClientToServerEvents {
  'checkin:tap': (tap: CardTap, ack: AckFn<TapResult>) => void;
  'checkin:pass': (scan: PassScan, ack: AckFn<TapResult>) => void;
  'shopper:enrol': (body: EnrolBody, ack: AckFn<ShopperGreeting>) => void;
  'join:start': (body: JoinStart, ack: AckFn<JoinLink>) => void;
  'checkin:sealed': (tap: SealedTap, ack: AckFn<TapResult>) => void;
  /** The kiosk's recommend question answered (0–10) for the visit it just welcomed. */
  'feedback:score': (body: KioskFeedback, ack: AckFn<Record<string, never>>) => void;
  'presence:get': (body: Record<string, never>, ack: AckFn<PresenceUpdate>) => void;
  /** A kiosk's offline queue length, sent on connect and whenever it changes. */
  'kiosk:status': (report: KioskStatusReport, ack: AckFn<Record<string, never>>) => void;
  /** Operators: the whole live board now (then `ops:update` carries the changes). */
  'ops:get': (body: Record<string, never>, ack: AckFn<OpsUpdate>) => void;
}

/** How a socket introduces itself in the handshake: a device token, or a wish to pair. */
export type HandshakeAuth = { token: string } | { pair: 'kiosk' | 'screen' } | Record<string, never>;

// Live signage (issue 5): playlists pushed to screens, and what screens report back.
export interface SignageServerToClientEvents {
  'playlist:update': (playlist: Playlist) => void;
  /** Only the live audience lines of the playlist the screen plays changed (see PlaylistLines). */
  'playlist:lines': (lines: PlaylistLines) => void;
  'screen:reload': (why: ScreenReload) => void;
  /** The panel asks a screen to show its name large for a few seconds (operator's panel, issue 6). */
  'screen:identify': (who: ScreenIdentify) => void;
}

export interface SignageClientToServerEvents {
  'playlist:get': (body: Record<string, never>, ack: AckFn<Playlist>) => void;
  'screen:rendered': (report: ScreenRendered, ack: AckFn<Record<string, never>>) => void;
  'screen:heartbeat': (beat: ScreenHeartbeat, ack: AckFn<Record<string, never>>) => void;
  'impressions:report': (batch: ImpressionBatch, ack: AckFn<ImpressionReceipt>) => void;
  /** How much of its playlist's media the screen holds offline (issue 18). */
  'screen:cache': (report: ScreenCacheReport, ack: AckFn<Record<string, never>>) => void;
  /** The screen skipped a video that stopped advancing. */
  'screen:video-stalled': (report: VideoStalled, ack: AckFn<Record<string, never>>) => void;
}
