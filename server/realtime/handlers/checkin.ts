import { CardTap, EnrolBody, PassScan, type TapResult } from '#shared/schemas/shoppers.ts';
import { JoinStart, SealedTap, type JoinLink } from '#shared/schemas/pass.ts';
import { readerOf } from '#server/domain/devices/wire.ts';
import { touchpointOf } from '#server/domain/enrolment/shoppers.ts';
import { toGreeting, toTapResult } from '#server/domain/enrolment/wire.ts';
import type { DeviceRecord, ShopperRecord } from '#server/storage/records.ts';
import { KioskFeedback } from '#shared/schemas/feedback.ts';
import type { Language } from '#shared/schemas/shoppers.ts';
import type { CheckInResult } from '#server/domain/enrolment/shoppers.ts';
import { event, type EventContext } from '../event.ts';

function deviceOf({ principal }: EventContext): DeviceRecord {
  if (!('device' in principal)) throw new Error('unreachable: kiosk events come from a device');
  return principal.device;
}

/** The offers to show beside a welcome at this kiosk. */
const offersAt = (ctx: EventContext) => (s: ShopperRecord) => ctx.services.offers.for(s, deviceOf(ctx).zoneId, new Date(ctx.services.now()));

/**
 * Adds what loyalty shows with a welcome: the shopper's rewards (with this visit's stamps) and,
 * for a new mall visit seen live (not a replay), the recommend question. The stamps are read from
 * memory, not after rewards.json is written: the visit is stored, and start-up re-applies a stored
 * visit's stamps that a crash kept from the file (Rewards.progressNow).
 */
function withLoyalty(ctx: EventContext, result: TapResult, r: CheckInResult, visitId: string, live: boolean): TapResult {
  if (result.status !== 'welcome' || r.status !== 'welcome') return result;
  const rewards = ctx.services.rewards.progressNow(r.shopper.id, result.shopper.language as Language).slice(0, 3);
  const ask =
    live && !r.duplicate && r.arrival.mall &&
    ctx.services.feedback.ask({ visitId, shopperId: r.shopper.id, zoneId: deviceOf(ctx).zoneId, at: r.shopper.lastRead?.at ?? new Date().toISOString() });
  return { ...result, shopper: { ...result.shopper, ...(rewards.length ? { rewards } : {}), ...(ask ? { askFeedback: true } : {}) } };
}

export const checkinEvents = [
  event({
    name: 'checkin:tap',
    roles: ['kiosk'],
    schema: CardTap,
    handler: async (ctx, tap) => {
      // Outside opening hours a kiosk takes no check-in: the hub refuses too, not only the closed
      // screen. A replay (`at`: kept while the hub was away) is of a check-in made back then.
      if (!tap.at) ctx.services.assertOpen();
      const r = await ctx.services.shoppers.tap(tap, touchpointOf(deviceOf(ctx)), readerOf(deviceOf(ctx)));
      return withLoyalty(ctx, toTapResult(r, offersAt(ctx), tap.language, ctx.services.publicUrl), r, tap.visitId, !tap.at);
    },
  }),
  event({
    name: 'checkin:pass',
    roles: ['kiosk'],
    schema: PassScan,
    handler: async (ctx, scan) => {
      if (!scan.at) ctx.services.assertOpen();
      const r = await ctx.services.shoppers.scanPass(scan, touchpointOf(deviceOf(ctx)));
      return withLoyalty(ctx, toTapResult(r, offersAt(ctx), scan.language, ctx.services.publicUrl), r, scan.visitId, !scan.at);
    },
  }),
  event({
    name: 'shopper:enrol',
    roles: ['kiosk'],
    schema: EnrolBody,
    handler: async (ctx, body) => {
      ctx.services.assertOpen();
      const shopper = await ctx.services.shoppers.enrol(body, touchpointOf(deviceOf(ctx)));
      return toGreeting(shopper, offersAt(ctx)(shopper), undefined, ctx.services.publicUrl);
    },
  }),
  event({
    name: 'join:start',
    roles: ['kiosk'],
    schema: JoinStart,
    handler: (ctx, body): JoinLink => {
      ctx.services.assertOpen();
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
  event({
    name: 'feedback:score',
    roles: ['kiosk'],
    schema: KioskFeedback,
    /** The answer to the kiosk's recommend question about the visit it just welcomed. */
    handler: async (ctx, body): Promise<Record<string, never>> => {
      await ctx.services.feedback.answerAtKiosk(body);
      return {};
    },
  }),
];
