import type { SetupStatus } from '#shared/schemas/setup.ts';
import { DomainError } from '#server/domain/core/errors.ts';
import { route } from '../route.ts';

/**
 * Set-up on a hub that already has a mall: nothing to do. A hub with no mall answers these from
 * its set-up app instead (server/http/setup-app.ts), which serves nothing else.
 */
export const setupRoutes = [
  route({
    method: 'get',
    path: '/api/setup',
    roles: 'public',
    handler: (): SetupStatus => ({ needed: false }),
  }),
  route({
    method: 'post',
    path: '/api/setup',
    roles: 'public',
    handler: () => {
      throw new DomainError('conflict', 'this hub already has a mall; sign in instead', 'token');
    },
  }),
];
