import { randomUUID } from 'node:crypto';
import { BridgeTap, ReaderNotice, type OfflineKey } from '#shared/schemas/pass.ts';
import { readerOf } from '#server/domain/devices/wire.ts';
import { touchpointOf } from '#server/domain/enrolment/shoppers.ts';
import { toTapResult } from '#server/domain/enrolment/wire.ts';
import { HttpProblem } from '../errors.ts';
import { route } from '../route.ts';

/** How old a read's own time may be and still count as live (ms), for bridges from before `kept`: they replayed with `at` alone. */
const LIVE_READ_MS = 60_000;

/**
 * Whether a bridge's read was made just now, by a shopper at the kiosk: not marked `kept`, and
 * either unstamped or stamped within the last minute (Atrium's bridge stamps live reads too, so
 * `at` alone does not mark a replay).
 */
const liveRead = (tap: { at?: string; kept?: boolean }, now: number): boolean => !tap.kept && (tap.at === undefined || now - Date.parse(tap.at) < LIVE_READ_MS);

export const kioskRoutes = [
  route({
    method: 'post',
    path: '/api/kiosks/:id/tap',
    roles: ['kiosk'],
    body: BridgeTap,
    /**
     * A local reader bridge (PC/SC) or payment terminal on the kiosk's PC hands over a card; the
     * same flow as a wedge tap then runs on that kiosk's screen, pushed through its socket. Only
     * the enrolment ticket and the greeting travel on; the card value stops here. Atrium's own
     * bridge (kiosk/bridge/) sends the card `sealed` to the hub's offline key, opened here in
     * memory only, with the visit id and time it was read: a tap it kept while the hub was away
     * is recorded once, at its own time.
     */
    handler: async ({ services, principal, params, body }) => {
      if (!principal || !('device' in principal)) throw new Error('unreachable');
      if (principal.device.id !== params.id) throw new HttpProblem(403, 'a kiosk may only tap on its own screen', 'id');
      const tap = body as ReturnType<typeof BridgeTap.parse>;
      // Closed: a live read is refused (409 naming openingHours); one the bridge kept while the hub was away was made back then.
      if (liveRead(tap, services.now())) services.assertOpen();
      const card = tap.sealed !== undefined ? await services.offlineSeal.open(tap.sealed) : (tap.card as string);
      // The kiosk's reader settings from the panel, as for its wedge; a bridge may still say
      // `alias` or `uid-reversed` per tap (older bridges), which overrides just that.
      const reader = readerOf(principal.device);
      const format = tap.format === 'alias' ? { ...reader, format: 'alias' as const } : tap.format === 'uid-reversed' ? { ...reader, byteOrder: 'reversed' as const } : reader;
      const result = toTapResult(
        await services.shoppers.tap({ card, visitId: tap.visitId ?? randomUUID(), ...(tap.at ? { at: tap.at } : {}) }, touchpointOf(principal.device), format),
        (s) => services.offers.for(s, principal.device.zoneId, new Date(services.now())),
        undefined,
        services.publicUrl,
      );
      // A kept read is recorded at its own time, but its shopper left the kiosk long ago: the
      // screen is not turned to greet them (over whoever stands there now).
      if (!tap.kept) services.bus.emit('kiosk.tapped', { kioskId: principal.device.id, result });
      // `duplicate`: this visit id was already recorded (a replay), so the bridge drops it from its queue.
      return { status: result.status, ...(result.status === 'welcome' ? { duplicate: result.duplicate } : {}), delivered: services.devices.isOnline(principal.device.id) };
    },
  }),
  route({
    method: 'post',
    path: '/api/kiosks/:id/reader',
    roles: ['kiosk'],
    body: ReaderNotice,
    /**
     * The reader bridge says a card is on the reader (`reading`) or that its read failed
     * (`retry`); the kiosk's screen says "One moment…" or asks for another tap. No card data.
     * Answers whether the kiosk's screen is connected to hear it.
     */
    handler: ({ services, principal, params, body }) => {
      if (!principal || !('device' in principal)) throw new Error('unreachable');
      if (principal.device.id !== params.id) throw new HttpProblem(403, 'a kiosk may only speak to its own screen', 'id');
      services.bus.emit('kiosk.reader', { kioskId: principal.device.id, notice: body as ReaderNotice });
      return { delivered: services.devices.isOnline(principal.device.id) };
    },
  }),
  route({
    method: 'get',
    path: '/api/kiosk/offline-key',
    roles: ['kiosk'],
    handler: async ({ services }): Promise<OfflineKey> => ({ spki: await services.offlineSeal.publicKey() }),
  }),
];
