import { CardTap, EnrolBody, PassScan, type TapResult } from '#shared/schemas/shoppers.ts';
import { JoinStart, SealedTap, type JoinLink } from '#shared/schemas/pass.ts';
import { readerOf } from '#server/domain/devices/wire.ts';
import { touchpointOf } from '#server/domain/enrolment/shoppers.ts';
import { toGreeting, toTapResult } from '#server/domain/enrolment/wire.ts';
import type { DeviceRecord, ShopperRecord } from '#server/storage/records.ts';
import { event, type EventContext } from '../event.ts';

function deviceOf({ principal }: EventContext): DeviceRecord {
  if (!('device' in principal)) throw new Error('unreachable: kiosk events come from a device');
  return principal.device;
}

/** The offers to show beside a welcome at this kiosk. */
const offersAt = (ctx: EventContext) => (s: ShopperRecord) => ctx.services.offers.for(s, deviceOf(ctx).zoneId);


export const checkinEvents = [
  event({
    name: 'checkin:tap',
    roles: ['kiosk'],
    schema: CardTap,
    handler: async (ctx, tap) => toTapResult(await ctx.services.shoppers.tap(tap, touchpointOf(deviceOf(ctx)), readerOf(deviceOf(ctx))), offersAt(ctx), tap.language, ctx.services.publicUrl),
  }),
  event({
    name: 'checkin:pass',
    roles: ['kiosk'],
    schema: PassScan,
    handler: async (ctx, scan) => toTapResult(await ctx.services.shoppers.scanPass(scan, touchpointOf(deviceOf(ctx))), offersAt(ctx), scan.language, ctx.services.publicUrl),
  }),
  event({
    name: 'shopper:enrol',
    roles: ['kiosk'],
    schema: EnrolBody,
    handler: async (ctx, body) => {
      const shopper = await ctx.services.shoppers.enrol(body, touchpointOf(deviceOf(ctx)));
      return toGreeting(shopper, offersAt(ctx)(shopper), undefined, ctx.services.publicUrl);
    },
  }),
  event({
    name: 'join:start',
    roles: ['kiosk'],
    schema: JoinStart,
    handler: (ctx, body): JoinLink => {
      const { nonce, expiresAt } = ctx.services.shoppers.startPhoneJoin(touchpointOf(deviceOf(ctx)), body.enrolTicket);
      const path = `/join/${nonce}`;
      // The phone's join page opens in the language the kiosk is showing.
      const url = `${ctx.services.publicUrl}${path}${body.language ? `?lang=${body.language}` : ''}`;
      return { nonce, path, url, expiresAt };
    },
  }),
  event({
    name: 'checkin:sealed',
    roles: ['kiosk'],
    schema: SealedTap,
    /** A card tap queued while offline, replayed with its own visit id and time: recorded once. */
    handler: async (ctx, tap): Promise<TapResult> => {
      const card = await ctx.services.offlineSeal.open(tap.sealed);
      return toTapResult(await ctx.services.shoppers.tap({ card, visitId: tap.visitId, at: tap.at }, touchpointOf(deviceOf(ctx)), readerOf(deviceOf(ctx))), offersAt(ctx), undefined, ctx.services.publicUrl);
    },
  }),
];
