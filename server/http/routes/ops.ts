import type { OpsUpdate } from '#shared/schemas/ops.ts';
import { opsSnapshot } from '#server/domain/devices/ops-board.ts';
import { route } from '../route.ts';

/**
 * The operators' live board in one answer. The panel gets it over its socket (`ops:get`, then
 * pushed changes); this is its slow fallback while the socket is down.
 */
export const opsRoutes = [
  route({
    method: 'get',
    path: '/api/ops/status',
    roles: ['operator'],
    handler: ({ services }): OpsUpdate => opsSnapshot(services),
  }),
];
