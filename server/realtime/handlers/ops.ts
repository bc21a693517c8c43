import { z } from 'zod';
import { KioskStatusReport } from '#shared/schemas/ops.ts';
import { opsSnapshot } from '#server/domain/devices/ops-board.ts';
import { event, type EventContext } from '../event.ts';

function kioskOf({ principal }: EventContext): string {
  if (!('device' in principal)) throw new Error('unreachable: kiosk status comes from a device');
  return principal.device.id;
}

/** What feeds the operators' live board: kiosks' queue reports, and the board itself on request. */
export const opsEvents = [
  event({
    name: 'kiosk:status',
    roles: ['kiosk'],
    schema: KioskStatusReport,
    handler: (ctx, report) => {
      ctx.services.kioskHealth.reported(kioskOf(ctx), report.queued, report.notKept ?? 0, report.build);
      return {};
    },
  }),
  event({
    name: 'ops:get',
    roles: ['operator'],
    schema: z.strictObject({}),
    handler: ({ services }) => opsSnapshot(services),
  }),
];
