import { z } from 'zod';
import { Id } from '#shared/schemas/common.ts';
import type { PlayCount, ScreenName, ScreenStatus } from '#shared/schemas/screens.ts';
import type { ListPage } from '#shared/schemas/list.ts';
import { ScreenBulkBody, ScreenPageQuery, type ScreenBulkResult } from '#shared/schemas/screen-list.ts';
import { screenStatuses } from '#server/domain/devices/ops-board.ts';
import { runScreenBulk } from '#server/domain/devices/screen-bulk.ts';
import { screenPage } from '#server/domain/devices/screen-list.ts';
import { HttpProblem } from '../errors.ts';
import { route } from '../route.ts';
import type { Services } from '#server/services.ts';
import type { DeviceRecord } from '#server/storage/records.ts';

/** A paired, unrevoked screen named by the path's `:id`, or 404. */
function liveScreen(services: Services, params: Record<string, string>): DeviceRecord {
  const id = Id.safeParse(params.id);
  const screen = id.success ? services.devices.get(id.data) : undefined;
  if (!screen || screen.kind !== 'screen' || screen.revokedAt) throw new HttpProblem(404, 'no such screen', 'id');
  return screen;
}

const PlayQuery = z.strictObject({ promotionId: Id.optional(), screenId: Id.optional() });

/** Screen health and proof of play, for the panel. */
export const screenRoutes = [
  route({
    method: 'get',
    // The screens a promotion can target, by name: what a content editor needs, without the
    // screens' health (devices are the operators' business).
    path: '/api/screens/names',
    roles: ['operator', 'editor'],
    handler: ({ services }): ScreenName[] =>
      services.devices
        .list()
        .filter((d) => d.kind === 'screen' && !d.revokedAt)
        .map((d) => ({ screenId: d.id, name: d.name, zoneId: d.zoneId })),
  }),
  route({
    method: 'get',
    path: '/api/screens/status',
    roles: ['operator'],
    handler: ({ services }): ScreenStatus[] => screenStatuses(services),
  }),
  route({
    // The panel's Screens list: filters, search, sort and pages on the hub, so the browser holds
    // one page; the live socket then patches the rows in view (see the panel's screens-list.svelte.ts).
    method: 'get',
    path: '/api/screens/page',
    roles: ['operator'],
    query: ScreenPageQuery,
    handler: ({ services, principal, query }): ListPage<ScreenStatus> => screenPage(services, principal, query),
  }),
  route({
    // Reload, move or revoke many screens at once, named by id or by the list's filter.
    method: 'post',
    path: '/api/screens/bulk',
    roles: ['operator'],
    body: ScreenBulkBody,
    audit: {
      action: 'screen.bulk',
      // What was asked is kept with the change; how many it reached only the result says.
      detail: ({ body }) => bulkNote(body),
      detailOfResult: ({ body }, result) => bulkNote(body, (result as ScreenBulkResult).done),
    },
    handler: ({ services, principal, body }): Promise<ScreenBulkResult> => runScreenBulk(services, principal, body),
  }),
  route({
    method: 'post',
    path: '/api/screens/:id/reload',
    roles: ['operator'],
    audit: { action: 'screen.reload' },
    handler: ({ services, params }): { ok: true } => {
      const screen = liveScreen(services, params);
      services.bus.emit('screen.reload_requested', { screenId: screen.id, reason: 'asked from the panel' });
      return { ok: true };
    },
  }),
  route({
    method: 'post',
    path: '/api/screens/:id/identify',
    roles: ['operator'],
    audit: { action: 'screen.identify' },
    handler: ({ services, params }): { ok: true } => {
      const screen = liveScreen(services, params);
      services.bus.emit('screen.identify_requested', { screenId: screen.id, name: screen.name });
      return { ok: true };
    },
  }),
  route({
    method: 'get',
    path: '/api/proof-of-play',
    roles: ['operator', 'editor'],
    query: PlayQuery,
    handler: ({ services, query }): PlayCount[] => services.proofOfPlay.counts(query),
  }),
];

/** The audit note of a bulk action: what, where to, on which screens, and how many when known. */
function bulkNote(body: ScreenBulkBody, done?: number): string {
  const where = body.action === 'move' ? ` to ${body.zoneId}` : '';
  const which = body.target.filter ? `matching ${JSON.stringify(body.target.filter)}` : 'ticked';
  return `${body.action}${where}: ${done === undefined ? '' : `${done} screens `}${which}`.slice(0, 300);
}
