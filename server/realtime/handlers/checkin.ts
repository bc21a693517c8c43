import { CardTap, EnrolBody, PassScan, type TapResult } from '../../../shared/schemas/shoppers.ts';
import { touchpointOf, type CheckInResult } from '../../domain/shoppers.ts';
import { toGreeting } from '../../wire.ts';
import type { DeviceRecord } from '../../storage/records.ts';
import { event, type EventContext } from '../event.ts';

function deviceOf({ principal }: EventContext): DeviceRecord {
  if (!('device' in principal)) throw new Error('unreachable: kiosk events come from a device');
  return principal.device;
}

const toTapResult = (r: CheckInResult): TapResult =>
  r.status === 'unknown' ? r : { status: 'welcome', shopper: toGreeting(r.shopper), duplicate: r.duplicate };

export const checkinEvents = [
  event({
    name: 'checkin:tap',
    roles: ['kiosk'],
    schema: CardTap,
    handler: async (ctx, tap) => toTapResult(await ctx.services.shoppers.tap(tap, touchpointOf(deviceOf(ctx)))),
  }),
  event({
    name: 'checkin:pass',
    roles: ['kiosk'],
    schema: PassScan,
    handler: async (ctx, scan) => toTapResult(await ctx.services.shoppers.scanPass(scan, touchpointOf(deviceOf(ctx)))),
  }),
  event({
    name: 'shopper:enrol',
    roles: ['kiosk'],
    schema: EnrolBody,
    handler: async (ctx, body) => toGreeting(await ctx.services.shoppers.enrol(body, touchpointOf(deviceOf(ctx)))),
  }),
];
